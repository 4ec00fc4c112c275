import ArgumentParser
import DansoDeduplication
import DansoWarehouse
import Foundation

extension Danso {
    /// `danso quarantine`: the lines kept out, for commune officers.
    struct QuarantineCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quarantine",
            abstract: "Các dòng bị loại đang chờ xử lý / Rejected lines waiting to be settled.",
            subcommands: [List.self, Show.self, Retry.self, Discard.self])
    }
}

extension Danso.QuarantineCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liệt kê / List quarantined lines.")
        @Option(help: "Mã xã / Commune code.") var commune: String?
        @Option(help: "held, resolved, discarded hoặc all / Status (default held).") var status = "held"
        @Flag(help: "In JSON / Print JSON.") var json = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingErrors {
                let session = try Session.open(global)
                let entries = try Quarantine(connection: session.connection, files: session.files)
                    .list(commune: commune, status: status == "all" ? nil : status)
                if json { return print(try PrettyJSON.text(entries)) }
                if entries.isEmpty { return print("Không có dòng nào / Nothing in quarantine (\(status)).") }
                for e in entries {
                    print("#\(e.id)  \(e.status)  \(e.communeCode ?? "—")  \(e.file):\(e.line)  \(e.rules.joined(separator: ","))")
                }
                print("\(entries.count) dòng / lines")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Xem một dòng / Show one quarantined line.")
        @Argument(help: "Số thứ tự trong khu cách ly / Quarantine entry number.") var id: Int
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingErrors {
                let session = try Session.open(global)
                guard let e = try Quarantine(connection: session.connection, files: session.files).show(id) else {
                    FileHandle.standardError.write(Data("Không có dòng #\(id) / No entry #\(id).\n".utf8))
                    throw ExitCode(1)
                }
                print("#\(e.id) — \(e.file), dòng/line \(e.line) (lô/batch \(e.batchID), \(e.kind)), xã/commune \(e.communeCode ?? "—")")
                print("Trạng thái / Status: \(e.status)" + (e.decidedBy.map { " — \($0), \(e.decidedAt ?? ""): \(e.note ?? "")" } ?? ""))
                print("Nội dung / Record: \(e.record)")
                for f in e.findings { print("  \(f)") }
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Thử lại các phiếu chờ người chưa có trong sổ (E02) / Retry slips waiting for their subject (E02).")
        @Option(help: "Mã xã / Commune code.") var commune: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingErrors {
                let session = try Session.open(global)
                let reference = try ReferenceLoader.referenceData(session.connection)
                let applied = try Quarantine(connection: session.connection, files: session.files,
                                             duplicateEvents: DuplicateEventMatcher())
                    .retry(commune: commune, reference: reference)
                print("\(applied) phiếu đã áp dụng / slips applied")
            }
        }
    }

    struct Discard: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bỏ một dòng, ghi rõ ai và vì sao / Discard a line, saying who and why.")
        @Argument(help: "Số thứ tự trong khu cách ly / Quarantine entry number.") var id: Int
        @Option(help: "Người quyết định / Who decides.") var by: String
        @Option(help: "Lý do / Why.") var reason: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingErrors {
                let session = try Session.open(global)
                guard try Quarantine(connection: session.connection, files: session.files).discard(id, by: by, reason: reason) else {
                    FileHandle.standardError.write(Data("Dòng #\(id) không có hoặc không còn chờ / Entry #\(id) is not held.\n".utf8))
                    throw ExitCode(1)
                }
                print("Đã bỏ dòng #\(id) / Entry #\(id) discarded.")
            }
        }
    }
}

/// Pretty, key-sorted JSON, as every `--json` of the CLI prints it.
enum PrettyJSON {
    static func text<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
