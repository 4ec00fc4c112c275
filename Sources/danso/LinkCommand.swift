import ArgumentParser
import DansoDeduplication
import DansoWarehouse
import DansoLinkage
import Foundation

extension Danso {
    /// `danso link`: the person matcher and its model.
    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tìm cùng một người dưới hai danh tính / Find the same person under two identities.",
            discussion: """
                Mô hình Fellegi–Sunter: mỗi cặp ứng viên (theo khóa chặn) có trọng số; trên ngưỡng ghép thì ghép tự động, giữa hai ngưỡng thì chờ xét (danso review).
                Fellegi–Sunter model: each candidate pair (by blocking keys) gets a match weight; above the link threshold it links automatically, between the thresholds it waits for review (danso review).
                """,
            subcommands: [Run.self, Train.self, Thresholds.self])
    }
}

extension Danso.Link {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "So khớp mọi danh tính hiện có của sổ / Match every current identity of the register.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingErrors {
                let session = try Session.open(global)
                var linker = session.personLinker()
                linker.progress = LinkSummary.progress
                print(LinkSummary.text(try linker.run(newFromBatches: nil)))
                try refreshIndicators(session)
            }
        }
    }

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ước lượng m, u từ sổ (EM) và lưu / Estimate m and u from the register (EM) and store them.")
        @Option(help: "Số cặp ngẫu nhiên để ước lượng u / Random pairs for u.") var randomPairs = 1_000_000
        @Option(help: "Ghi chú / Note.") var note: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingErrors {
                let session = try Session.open(global)
                let stored = try LinkTraining(connection: session.connection, files: session.files, logger: session.logger)
                    .estimate(randomPairs: randomPairs, note: note)
                print("Mô hình #\(stored.id) đã lưu (\(stored.source)) / Model #\(stored.id) stored (\(stored.source)).")
                print(LinkSummary.model(stored))
            }
        }
    }

    struct Thresholds: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Xem hoặc đặt ngưỡng (trọng số log2) / Show or set the thresholds (log2 match weights).")
        @Option(help: "Ngưỡng ghép tự động / Automatic link at or above.") var link: Double?
        @Option(help: "Ngưỡng đưa vào hàng chờ xét / Review queue at or above.") var review: Double?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingErrors {
                let session = try Session.open(global)
                let store = LinkModelStore(connection: session.connection)
                var stored = try store.current()
                if link != nil || review != nil {
                    var t = stored.thresholds
                    if let link { t.link = link }
                    if let review { t.review = review }
                    stored = try store.save(model: stored.model, thresholds: t, source: stored.source,
                                            records: nil, pairs: nil, note: "thresholds")
                }
                print(LinkSummary.model(stored))
            }
        }
    }
}

/// What a matcher run prints.
enum LinkSummary {
    /// A linker's progress on stderr, so that the summary on stdout stays clean.
    static let progress: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("  … \($0)\n".utf8)) }

    static func text(_ o: PersonLinker.Outcome) -> String {
        "Trùng người / Same person: \(o.compared) cặp so sánh / pairs compared, \(o.linked) ghép tự động / linked, "
            + "\(o.review) chờ xét / sent to review. " + ReviewText.pending(o.pendingTotal)
    }

    static func model(_ s: LinkModelStore.Stored) -> String {
        "Ngưỡng / Thresholds: ghép / link ≥ \(s.thresholds.link), xét / review ≥ \(s.thresholds.review); "
            + "tiên nghiệm / prior λ = \(s.model.prior)"
    }
}
