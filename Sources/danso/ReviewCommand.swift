import ArgumentParser
import DansoDeduplication
import Foundation

extension Danso {
    /// `danso review`: the pairs of identities that may be one person.
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Xét các cặp có thể là cùng một người / Review pairs that may be one person.",
            discussion: """
                Cặp trên ngưỡng tự ghép được ghép tự động; cặp giữa hai ngưỡng chờ ở đây và được đếm hai lần cho đến khi có người quyết định.
                Pairs above the link threshold are linked automatically; pairs between the thresholds wait here and count twice until someone decides.
                """,
            subcommands: [List.self, Show.self, Accept.self, Reject.self, Unlink.self])
    }
}

extension Danso.Review {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liệt kê các cặp / List pairs.")
        @Option(help: "review, linked, rejected, unlinked hoặc all / Status (default review).") var status = "review"
        @Option(help: "Số cặp tối đa / At most this many pairs.") var limit = 200
        @Flag(help: "In JSON / Print JSON.") var json = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard ["review", "linked", "rejected", "unlinked", "all"].contains(status) else {
                throw ValidationError("--status «\(status)»: review, linked, rejected, unlinked, all")
            }
        }

        func run() throws {
            try reportingErrors {
                let session = try Session.open(global)
                let review = LinkReview(connection: session.connection)
                let pairs = try review.list(status: status == "all" ? nil : status, limit: limit)
                let pending = try review.pendingCount()
                if json { return print(try PrettyJSON.text(pairs)) }
                for p in pairs { print(ReviewText.line(p)) }
                print("\(pairs.count) cặp / pairs (\(status))")
                print(ReviewText.pending(pending))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Xem một cặp và lý do / Show one pair and why.")
        @Argument(help: "Số của cặp / Pair number.") var id: Int64
        @Flag(help: "In JSON / Print JSON.") var json = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingErrors {
                let session = try Session.open(global)
                let pair = try LinkReview(connection: session.connection).show(id)
                if json { return print(try PrettyJSON.text(pair)) }
                print(ReviewText.detail(pair))
            }
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Xác nhận là cùng một người / Link: the same person.")
        @OptionGroup var decision: DecisionOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try decision.apply(global) { review, id, by, note in try review.accept(id, by: by, note: note) }
            print("Đã ghép cặp #\(decision.id): từ nay đếm một lần / Pair #\(decision.id) linked: counted once from now on.")
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bác bỏ: hai người khác nhau / Reject: two different people.")
        @OptionGroup var decision: DecisionOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try decision.apply(global) { review, id, by, note in try review.reject(id, by: by, note: note) }
            print("Đã bác bỏ cặp #\(decision.id): sẽ không đề xuất lại / Pair #\(decision.id) rejected: it will not be proposed again.")
        }
    }

    struct Unlink: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tách một cặp đã ghép / Unlink a linked pair.")
        @OptionGroup var decision: DecisionOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try decision.apply(global) { review, id, by, note in try review.unlink(id, by: by, note: note) }
            print("Đã tách cặp #\(decision.id): hai người được đếm riêng / Pair #\(decision.id) unlinked: both are counted again.")
        }
    }
}

/// What every decision on a pair takes: which pair, who decides, why.
struct DecisionOptions: ParsableArguments {
    @Argument(help: "Số của cặp / Pair number.") var id: Int64
    @Option(help: "Người quyết định / Who decides.") var by: String
    @Option(help: "Ghi chú / Why.") var note: String?

    func apply(_ global: GlobalOptions, _ decide: (LinkReview, Int64, String, String?) throws -> Void) throws {
        try reportingErrors {
            let session = try Session.open(global)
            try decide(LinkReview(connection: session.connection), id, by, note)
        }
    }
}

/// How pairs read on a terminal.
enum ReviewText {
    static func line(_ p: LinkReview.Pair) -> String {
        "#\(p.id)  \(p.status)  \(String(format: "%.1f", p.weight))  \(p.foundBy)  \(p.a.fullName) (\(p.a.birth), \(p.a.commune)) ↔ \(p.b.fullName) (\(p.b.birth), \(p.b.commune))"
    }

    static func pending(_ n: Int) -> String {
        n == 0
            ? "Không có cặp nào chờ xét / No pair is waiting for review."
            : "\(n) cặp chờ xét: mỗi cặp vẫn đếm là hai người, số liệu là tạm tính / \(n) pairs pending review: each still counts as two people, figures are provisional."
    }

    static func detail(_ p: LinkReview.Pair) -> String {
        var out = "Cặp / Pair #\(p.id) — \(p.status), tìm thấy qua / found by \(p.foundBy)\n"
        out += "Trọng số / Match weight \(String(format: "%.2f", p.weight)), xác suất / probability \(String(format: "%.4f", p.probability))\n"
        for (side, i) in [("A", p.a), ("B", p.b)] {
            out += "  \(side): #\(i.personID) \(i.fullName), giới/sex \(i.sex.map(String.init) ?? "?"), sinh/born \(i.birth), ĐD/PN \(i.personalNumber ?? "—"), xã/commune \(i.commune), hộ/household \(i.household) STT \(i.memberNo.map(String.init) ?? "?")\n"
        }
        out += "Các trường / Fields (mức / level, trọng số / weight):\n"
        for c in p.explanation {
            out += "  \(c.field): \(c.level) \(c.weight >= 0 ? "+" : "")\(String(format: "%.2f", c.weight))\n"
        }
        if !p.history.isEmpty {
            out += "Quyết định / Decisions:\n"
            for d in p.history { out += "  \(d.decidedAt) \(d.status) — \(d.decidedBy)\(d.note.map { ": \($0)" } ?? "")\n" }
        }
        return out
    }
}
