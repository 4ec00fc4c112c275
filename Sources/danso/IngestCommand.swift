import ArgumentParser
import DansoDeduplication
import DansoDomain
import DansoPostgres
import DansoValidation
import DansoWarehouse
import Foundation

extension Danso {
    /// Loads commune files.
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Nạp tệp của xã / Ingest commune files.",
            subcommands: [RegisterFiles.self, ChangeFiles.self])
    }
}

extension RegisterScope: ExpressibleByArgument {}

/// What both kinds of ingest take.
struct IngestFileOptions: ParsableArguments {
    @Argument(help: "Tệp CSV của xã / Commune CSV files.")
    var files: [String]

    @Option(help: "Ghi báo cáo JSON vào tệp (một tệp vào) hoặc thư mục / Write the JSON report to this file (one input) or directory.")
    var report: String?

    @Flag(help: "Chỉ kiểm tra và báo cáo, không nạp / Check and report exactly as a real ingest, load nothing.")
    var dryRun = false

    @Flag(help: "Để việc làm mới chỉ tiêu lại cho lệnh danso refresh (khi nạp bù nhiều tháng) / Leave the indicator refresh to a later danso refresh (when back-loading many months).")
    var deferRefresh = false

    @Option(help: "Thời điểm nhận tệp (ISO 8601), khi nạp lại lô cũ / When the files were received (ISO 8601), for back-loading.")
    var receivedAt: String?

    @Option(help: "Số tệp (hoặc nhóm tệp biến động) nạp song song, mỗi tệp một kết nối; các tệp cùng một xã vẫn nạp lần lượt / Files (or groups of change files) loaded in parallel, one connection each; files of one commune still load in turn.")
    var jobs = 1

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs phải ≥ 1 / --jobs must be at least 1") }
        if let receivedAt, ISO8601Timestamp.parse(receivedAt) == nil {
            throw ValidationError("--received-at «\(receivedAt)»: cần dạng ISO 8601, ví dụ 2024-01-05T08:30:00+07:00 / expected ISO 8601, e.g. 2024-01-05T08:30:00+07:00")
        }
    }

    var ingestOptions: IngestOptions {
        var options = IngestOptions()
        options.dryRun = dryRun
        options.receivedAt = receivedAt
        options.refresh = .later   // once, after every file (and the matcher): refreshIndicators
        if isatty(2) != 0 {
            options.progress = { n in FileHandle.standardError.write(Data("\r  … \(n) dòng / lines".utf8)) }
        }
        return options
    }

    /// Ingests every file, on `jobs` connections when asked, and prints the summaries; the
    /// caller writes the reports and sets the exit status with `finish`.
    func ingest(session: Session, options: IngestOptions,
                open: @escaping @Sendable (PostgresConnection) -> any FeedIngestor) throws -> [IngestOutcome] {
        if jobs > 1 && files.count > 1 {
            var options = options
            options.progress = nil   // one progress line cannot show several files
            let (conninfo, logger) = (session.conninfo, session.logger)
            let groups = open(session.connection).transactionGroups(files, options: options)
            return try ingestInParallel(options: options, groups: groups) {
                open(try PostgresConnection(conninfo: conninfo, logger: logger))
            }
        }
        let ingestor = open(session.connection)
        var outcomes: [IngestOutcome] = []
        for group in ingestor.transactionGroups(files, options: options) {
            let done = try ingestor.ingest(group: group, options: options)
            if options.progress != nil { FileHandle.standardError.write(Data("\r".utf8)) }
            for (file, outcome) in zip(group, done) { print(IngestSummary.text(outcome, path: file)) }
            outcomes += done
        }
        return outcomes
    }

    /// Writes the reports when asked; the exit status is the worst file's.
    func finish(_ outcomes: [IngestOutcome]) throws -> Int32 {
        if let report { try ReportWriter.write(outcomes.map(\.report), to: report) }
        return outcomes.map(\.report.exitCode).max() ?? 0
    }
}

extension IngestFileOptions {
    /// Ingests the files on `jobs` threads, each with its own connection and a transaction per
    /// group of files (`transactionGroups`); summaries print as groups finish. Both ingestors
    /// lock each commune they write, so two files of one commune never interleave (they may
    /// apply in another order than given: the register ends the same, as for files that
    /// arrive out of order).
    private func ingestInParallel(options: IngestOptions, groups: [[String]],
                                  open: @escaping @Sendable () throws -> any FeedIngestor) throws -> [IngestOutcome] {
        final class Work: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            var outcomes: [[IngestOutcome]?]
            var failure: Error?
            init(count: Int) { outcomes = Array(repeating: nil, count: count) }
        }
        let work = Work(count: groups.count)
        let done = DispatchGroup()
        for _ in 0..<min(jobs, groups.count) {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                do {
                    let ingestor = try open()
                    while true {
                        let index: Int? = work.lock.withLock {
                            guard work.failure == nil, work.next < groups.count else { return nil }
                            work.next += 1
                            return work.next - 1
                        }
                        guard let index else { return }
                        let outcomes = try ingestor.ingest(group: groups[index], options: options)
                        work.lock.withLock {
                            work.outcomes[index] = outcomes
                            for (file, outcome) in zip(groups[index], outcomes) { print(IngestSummary.text(outcome, path: file)) }
                        }
                    }
                } catch {
                    work.lock.withLock { if work.failure == nil { work.failure = error } }
                }
            }
        }
        done.wait()
        if let failure = work.failure { throw failure }
        return work.outcomes.flatMap { $0 ?? [] }
    }
}

extension Danso.Ingest {
    /// `danso ingest a0`: household registers.
    struct RegisterFiles: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "a0",
            abstract: "Nạp sổ hộ dân cư (A0) / Ingest household registers (A0).",
            discussion: """
                Mỗi tệp được kiểm tra (F01–F05, R01–R16) rồi nạp trong một giao dịch: nạp hết hoặc không nạp gì.
                Each file is checked (F01–F05, R01–R16) and loaded in one transaction: whole or not at all.
                \(exitStatusHelp)
                """)

        @OptionGroup var input: IngestFileOptions

        @Option(help: "Phạm vi của tệp: auto, commune (cả xã), households (chỉ các hộ có trong tệp) / What a file speaks for.")
        var scope: RegisterScope = .auto

        @Flag(help: "Không tìm người trùng sau khi nạp (chạy sau bằng danso link run) / Do not look for the same person under two identities after loading (run danso link run later).")
        var noLinking = false

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let code: Int32 = try reportingErrors {
                let session = try Session.open(global)
                let reference = try ReferenceLoader.referenceData(session.connection)
                var options = input.ingestOptions
                options.scope = scope
                // The files' identities numbered in the order given, with one connection or several.
                if !options.dryRun {
                    options.identityBlocks = try RegisterIdentityBlocks.reserve(for: input.files, connection: session.connection)
                }
                let (logger, files) = (session.logger, session.files)
                let outcomes = try input.ingest(session: session, options: options) { connection in
                    RegisterIngestor(connection: connection, reference: reference, logger: logger, files: files,
                                     duplicateEvents: DuplicateEventMatcher())
                }
                if !options.dryRun {
                    let loaded = outcomes.reduce(0) { $0 + $1.report.rows.accepted }
                    let (conninfo, logger) = (session.conninfo, session.logger)
                    if try RegisterStatistics.refresh(afterLoading: loaded, connection: session.connection,
                                                      helper: { try PostgresConnection(conninfo: conninfo, logger: logger) }) {
                        logger.info("register statistics refreshed", metadata: ["lines": "\(loaded)"])
                    }
                    let batches = outcomes.compactMap { o in o.report.rows.accepted > 0 ? o.report.batchID.map(Int64.init) : nil }
                    if !noLinking && !batches.isEmpty {
                        var linker = session.personLinker()
                        linker.progress = LinkSummary.progress
                        let linked = try linker.run(newFromBatches: batches)
                        print(LinkSummary.text(linked))
                    }
                    try refreshIndicators(session, deferred: input.deferRefresh)
                }
                return try input.finish(outcomes)
            }
            if code != 0 { throw ExitCode(code) }
        }
    }

    /// `danso ingest changes`: monthly change slips.
    struct ChangeFiles: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "changes",
            abstract: "Nạp phiếu biến động hằng tháng (P0) / Ingest monthly change slips (P0).",
            discussion: """
                Mỗi phiếu được kiểm tra (F01–F05, R01–R16, E01–E11) và áp dụng vào sổ theo ngày xảy ra. Các tệp nạp theo nhóm (tối đa 16 tệp, 1.000 phiếu), mỗi nhóm một giao dịch; mỗi tệp vẫn là một lô có báo cáo riêng. Nhóm lỗi thì không giữ gì và các tệp được nạp lại từng tệp một.
                Phiếu chưa tìm thấy người (E02) được giữ lại và thử lại sau mỗi lần nạp của xã đó.
                Phiếu sinh, chết, chuyển đến trùng với một biến động đã ghi dưới mã phiếu khác (E12) không được áp dụng.
                Each slip is checked (F01–F05, R01–R16, E01–E11) and applied to the register by event date. Files load in groups (up to 16 files, 1,000 slips), one transaction per group; each file is still a batch with its own report. A group that fails keeps nothing and its files load again one at a time.
                Slips whose subject is not in the register yet (E02) are held and retried after every later ingest of that commune.
                A birth, death or arrival that repeats an event recorded under another slip id (E12) is not applied.
                \(exitStatusHelp)
                """)

        @OptionGroup var input: IngestFileOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let code: Int32 = try reportingErrors {
                let session = try Session.open(global)
                let reference = try ReferenceLoader.referenceData(session.connection)
                let (logger, files) = (session.logger, session.files)
                let outcomes = try input.ingest(session: session, options: input.ingestOptions) { connection in
                    ChangeIngestor(connection: connection, reference: reference, files: files, logger: logger,
                                   duplicateEvents: DuplicateEventMatcher())
                }
                if !input.dryRun { try refreshIndicators(session, deferred: input.deferRefresh) }
                return try input.finish(outcomes)
            }
            if code != 0 { throw ExitCode(code) }
        }
    }
}

/// Brings the star schema and the indicator mart up to the files just loaded, once for all
/// of them, and says so.
func refreshIndicators(_ session: Session, deferred: Bool = false) throws {
    if deferred {
        let waiting = try IndicatorRefresh(connection: session.connection).pendingRequests()
        if waiting > 0 { print("Chỉ tiêu chưa làm mới (\(waiting) yêu cầu chờ): chạy danso refresh / Indicators not refreshed yet (\(waiting) requests waiting): run danso refresh.") }
        return
    }
    let summary = try IndicatorRefresh(connection: session.connection).runRequested()
    if !summary.isEmpty { print(RefreshSummary.text(summary)) }
}

let exitStatusHelp = """
    Mã thoát / Exit status: 0 mọi dòng đã nạp / every line loaded (warnings included);
    1 một số dòng bị loại / some lines rejected, the rest loaded; 2 tệp bị từ chối / a file rejected whole;
    3 không chạy được / could not run (database, configuration).
    """

/// Reads the ISO 8601 timestamps `--received-at` takes.
enum ISO8601Timestamp {
    static func parse(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        if let d = full.date(from: text) { return d }
        let frac = ISO8601DateFormatter()
        frac.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = frac.date(from: text) { return d }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}

/// Writes reports: one object to a file, or one file per input into a directory.
enum ReportWriter {
    static func write(_ reports: [ValidationReport], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if (exists && isDirectory.boolValue) || path.hasSuffix("/") {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for report in reports {
                try encoder.encode(report).write(to: URL(fileURLWithPath: path).appendingPathComponent("\(report.file).report.json"))
            }
        } else if reports.count == 1 {
            try encoder.encode(reports[0]).write(to: URL(fileURLWithPath: path))
        } else {
            try encoder.encode(reports).write(to: URL(fileURLWithPath: path))
        }
    }
}

/// The short human summary of an ingest, Vietnamese first with English beside.
enum IngestSummary {
    static let shownFindings = 15

    static func text(_ outcome: IngestOutcome, path: String) -> String {
        let r = outcome.report
        var lines: [String] = []
        let batch = r.batchID.map { " — lô / batch \($0)" } ?? ""
        let how = [r.encoding, r.delimiter.map { $0 == "\t" ? "TAB" : "«\($0)»" }].compactMap { $0 }.joined(separator: ", ")
        lines.append("\(r.file)\(batch)\(how.isEmpty ? "" : " (\(how))")")
        if r.dryRun { lines.append("  [Chạy thử: không nạp gì / Dry run: nothing loaded]") }
        let (done, doneEN) = r.dryRun ? ("Sẽ nạp", "Would load") : ("Đã nạp", "Loaded")
        let verdict: String = switch r.status {
        case .accepted: "\(done) toàn bộ / \(doneEN) in full"
        case .acceptedWithWarnings where r.rows.rejected > 0:
            "\(done) một phần: \(r.rows.rejected) dòng bị loại, giữ trong khu cách ly / \(doneEN) in part: \(r.rows.rejected) lines rejected, held in quarantine"
        case .acceptedWithWarnings where r.rows.duplicateEvents > 0:
            "\(done), trừ \(r.rows.duplicateEvents) phiếu trùng biến động đã ghi (E12), có cảnh báo / \(doneEN), except \(r.rows.duplicateEvents) slips repeating an event already recorded (E12), with warnings"
        case .acceptedWithWarnings: "\(done) toàn bộ, có cảnh báo / \(doneEN) in full, with warnings"
        case .rejected: "Tệp bị từ chối, không nạp gì / File rejected, nothing loaded"
        case .duplicate: "Tệp đã nạp trước đó, không thay đổi gì / Already ingested, nothing changed"
        }
        lines.append("  \(verdict)")
        if r.status != .duplicate {
            var rows = "  Dòng / Lines: \(r.rows.read) đọc / read, \(r.rows.accepted) nạp / loaded, \(r.rows.rejected) loại / rejected, \(r.rows.duplicates) trùng / duplicates"
            if r.rows.duplicateEvents > 0 {
                rows += ", \(r.rows.duplicateEvents) biến động trùng, không áp dụng / repeated events, not applied (E12)"
            }
            lines.append(rows)
        }
        if let c = outcome.changes {
            var text = "  Sổ hộ / Register: \(c.peopleNew) người mới / new, \(c.peopleChanged) thay đổi / changed, \(c.peopleUnchanged) không đổi / unchanged, \(c.peopleClosed) đóng / closed"
            if !c.wholeCommunes.isEmpty { text += "; cả xã / whole commune: \(c.wholeCommunes.joined(separator: ", "))" }
            if r.kind == .changes {
                text = "  Sổ hộ / Register: \(c.slipsApplied) phiếu đã áp dụng / slips applied"
            }
            if c.slipsRetried > 0 {
                text += "; \(c.slipsRetried) phiếu giữ lại nay đã áp dụng / held slips now applied"
            }
            lines.append(text)
        }
        for f in r.issues.prefix(shownFindings) {
            let sev = switch f.severity { case .error: "lỗi/error"; case .warning: "cảnh báo/warning"; case .info: "thông tin/info" }
            let col = f.column.map { " [\($0)]" } ?? ""
            lines.append("  dòng/line \(f.line)\(col) \(f.rule.rawValue) \(sev): \(f.messageVI) / \(f.messageEN)")
        }
        if r.issues.count > shownFindings {
            lines.append("  … và \(r.issues.count - shownFindings) phát hiện khác trong báo cáo JSON / and \(r.issues.count - shownFindings) more findings in the JSON report")
        }
        return lines.joined(separator: "\n")
    }
}
