import DansoFeeds
import DansoPostgres
import DansoValidation
import DansoWarehouse
import Foundation
import Logging

/// Runs a pipeline: takes every file waiting in the drop folder in order, ingests it with the
/// ingestor of its kind, moves it to the archive or rejected folder with its report, and
/// records the run and each file in `audit`.
///
/// The runner knows nothing of the checks: ingestors are handed in by kind. A kind with no
/// ingestor is skipped (its files stay). One file's error (a database error, a move that
/// fails) is recorded, the file stays, and the run goes on with the next file.
public struct PipelineRunner {
    public let connection: PostgresConnection
    public let ingestors: [ValidationReport.Kind: any FeedIngestor]
    public let logger: Logger
    /// Recorded with the run.
    public var host = ProcessInfo.processInfo.hostName
    public var user = PipelineRunner.currentUser()
    /// Called with the batches of the register files just loaded, once they are loaded and
    /// before any change file planned after them (and at the end of the run): the CLI runs
    /// the person matcher here, so births and arrivals meet a deduplicated register.
    public var afterRegisterLoad: (([Int64]) throws -> Void)?

    /// - Parameter connection: for the audit rows (and the run lock); usually the one the
    ///   ingestors use.
    public init(connection: PostgresConnection, ingestors: [ValidationReport.Kind: any FeedIngestor], logger: Logger) {
        self.connection = connection
        self.ingestors = ingestors
        self.logger = logger
    }

    /// Runs `definition` on `folders`; `onFile` is called after each file, as it is recorded.
    ///
    /// Throws when the run cannot start (another run holds the lock) or cannot go on (the drop
    /// folder is missing, the audit cannot be written); the run row then says `failed`.
    public func run(_ definition: PipelineDefinition, folders: PipelineFolders,
                    onFile: (FileResult) -> Void = { _ in }) throws -> RunResult {
        let audit = PipelineAudit(connection: connection)
        guard try connection.query("select pg_try_advisory_lock(7263002, hashtext(\(definition.name))) as locked")
            .first?.bool("locked") == true else {
            throw PipelineError.alreadyRunning(name: definition.name)
        }
        defer { _ = try? connection.query("select pg_advisory_unlock(7263002, hashtext(\(definition.name)))") }

        let runID = try audit.start((definition, folders), at: Date(), host: host, user: user)
        logger.info("pipeline run started", metadata: ["pipeline": "\(definition.name)", "run": "\(runID)"])
        var result: RunResult?
        var unmatched = 0
        do {
            let plan = try PipelinePlan.make(definition, folders: folders)
            unmatched = plan.unmatched.count
            result = RunResult(runID: runID, plan: plan, files: [])
            // Register lines loaded since the planner's statistics were last brought up to date:
            // a large register load is analysed before the change files planned against it.
            var registerLines = 0
            var registerBatches: [Int64] = []
            func registersLoaded() throws {
                if registerLines > 0 { try RegisterStatistics.refresh(afterLoading: registerLines, connection: connection) }
                if !registerBatches.isEmpty { try afterRegisterLoad?(registerBatches) }
                registerLines = 0
                registerBatches = []
            }
            for (index, planned) in plan.files.enumerated() {
                if planned.kind != .a0 { try registersLoaded() }
                let handled = handle(planned, folders: folders)
                try audit.record(run: runID, number: index + 1, handled)
                result!.files.append(handled)
                if planned.kind == .a0, let report = handled.ingest?.report, !report.dryRun {
                    registerLines += report.rows.accepted
                    if let batch = report.batchID, report.rows.accepted > 0 { registerBatches.append(Int64(batch)) }
                }
                onFile(handled)
            }
            try registersLoaded()
            // Once for the whole run: every file's request is done in one transaction.
            result!.refresh = try IndicatorRefresh(connection: connection).runRequested()
        } catch {
            let message = Self.describe(error)
            do { try audit.finish(run: runID, result, unmatched: unmatched, message: message) } catch {
                logger.error("pipeline run could not be closed", metadata: ["run": "\(runID)", "error": "\(error)"])
            }
            throw error
        }
        try audit.finish(run: runID, result, unmatched: unmatched, message: nil)
        logger.info("pipeline run finished", metadata: ["pipeline": "\(definition.name)", "run": "\(runID)",
                                                        "status": "\(result!.status.rawValue)"])
        return result!
    }

    /// Ingests one file and moves it; never throws: what goes wrong is the file's outcome.
    func handle(_ planned: PlannedFile, folders: PipelineFolders) -> FileResult {
        let started = Date()
        var result = FileResult(planned: planned, outcome: .skipped, startedAt: started, finishedAt: started)
        guard let ingestor = ingestors[planned.kind] else {
            result.message = "Chưa hỗ trợ loại tệp «\(planned.kind.rawValue)»: để nguyên tệp / not supported yet: file left in place."
            result.finishedAt = Date()
            return result
        }
        var options = IngestOptions()
        options.receivedAt = Timestamp.iso(planned.file.modified, fractionalSeconds: false)
        options.scope = planned.scope ?? .auto
        options.refresh = .later
        let outcome: IngestOutcome
        do {
            outcome = try ingestor.ingest(path: planned.file.path, options: options)
        } catch {
            logger.error("pipeline: ingest failed", metadata: ["file": "\(planned.file.relativePath)", "error": "\(error)"])
            result.outcome = .error
            result.message = Self.describe(error) + " — tệp để nguyên / file left in place."
            result.finishedAt = Date()
            return result
        }
        result.ingest = outcome
        result.outcome = FileOutcome(outcome.report.status)
        let folder = outcome.report.status == .rejected ? folders.rejected : folders.archive
        do {
            let moved = try FileMover.move(planned.file.path, into: folder, relativePath: planned.file.relativePath,
                                           report: try Self.reportJSON(outcome.report))
            result.movedTo = moved.file
            result.reportPath = moved.report
        } catch {
            logger.error("pipeline: move failed", metadata: ["file": "\(planned.file.relativePath)", "error": "\(error)"])
            result.message = "Đã nạp (\(outcome.report.status.rawValue)) nhưng không chuyển được tệp, tệp để nguyên: \(error) / "
                + "Ingested (\(outcome.report.status.rawValue)) but the file could not be moved and was left in place: \(error)"
            result.outcome = .error
        }
        result.finishedAt = Date()
        return result
    }

    /// The report as `danso ingest --report` writes it.
    static func reportJSON(_ report: ValidationReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(report)
    }

    /// One line for the audit and the console; no personal data (database details stay out).
    static func describe(_ error: Error) -> String {
        switch error {
        case let e as WarehouseError: "\(e.messageVI) / \(e.messageEN)"
        case let e as PipelineError: "\(e.messageVI) / \(e.messageEN)"
        case let e as FeedReadError: "\(e.messageVI) / \(e.messageEN)"
        case let e as PostgresError: "Lỗi cơ sở dữ liệu / Database error: \(e.message)" + (e.sqlstate.map { " (SQLSTATE \($0))" } ?? "")
        default: "Lỗi / Error: \(error)"
        }
    }

    /// The operating-system user running danso.
    public static func currentUser() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(geteuid())"
    }
}
