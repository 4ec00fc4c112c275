import DansoDomain
import DansoFeeds
import DansoPostgres
import DansoValidation
import Foundation
import Logging

/// Reads, checks and applies monthly change files (P0), one transaction per file or per
/// group of files.
///
/// Slips are checked against the register in event-date order; accepted slips become
/// events, the states of the people they touch are rebuilt, and slips whose subject is
/// not in the register yet (E02) wait in quarantine and are retried after every later
/// ingest of their commune.
public struct ChangeIngestor: FeedIngestor {
    public let connection: PostgresConnection
    public let reference: ReferenceData
    public let files: ProjectFiles
    public let logger: Logger
    /// Finds births, deaths and arrivals reported again under another slip id, which are then
    /// not applied (E12); nil applies every slip. The command line and the pipeline pass
    /// DansoDeduplication's `DuplicateEventMatcher`.
    public var duplicateEvents: (any DuplicateEventCheck)?
    /// How many files `ingest(group:options:)` applies in one transaction at most. A
    /// province's month is 94 small files: each transaction pays a fixed cost of statements
    /// and a commit (measured in a logged February: 0.85 s of the files' 2.1 s of statement
    /// time), so files go in groups.
    public var filesPerTransaction = 16
    /// And how many bytes at most: a group's slips are all in memory until it commits.
    public var bytesPerTransaction = 8 << 20
    /// And how many slips at most (a larger file goes alone). A statement writing more than
    /// 2,000 states makes the refresh recount its communes instead of adding up the changes
    /// (migration 0021): a slip rewrites about 1.3 states, so 1,000 slips stay well below
    /// (measured: groups of 32 files crossed it and the refresh took 5 s instead of 1.1 s).
    public var slipsPerTransaction = 1_000
    public var kind: ValidationReport.Kind { .changes }

    public init(connection: PostgresConnection, reference: ReferenceData, files: ProjectFiles, logger: Logger,
                duplicateEvents: (any DuplicateEventCheck)? = nil) {
        self.connection = connection
        self.reference = reference
        self.files = files
        self.logger = logger
        self.duplicateEvents = duplicateEvents
    }

    public func ingest(path: String, options: IngestOptions = IngestOptions()) throws -> IngestOutcome {
        try BatchLedger(connection: connection).ingest(path: path, kind: .changes, options: options) { print, base, conn in
            let file = try stage(path: path, print: print, report: base, options: options)
            return try apply([file], options: options, conn: conn)[0]
        }
    }

    /// Consecutive files up to `filesPerTransaction` and `bytesPerTransaction` (a larger file
    /// goes alone).
    public func transactionGroups(_ paths: [String], options: IngestOptions) -> [[String]] {
        Self.packed(paths, count: filesPerTransaction, limit: bytesPerTransaction, weight: Self.fileSize)
    }

    /// A file's size by `stat` (FileManager's attributes look the owner's name up in
    /// /etc/passwd and /etc/group, two reads a file); 0 when it cannot be read (it fails later,
    /// with its own message).
    static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Consecutive items together while they number at most `count` and their weights sum to
    /// at most `limit` (an item heavier than the limit goes alone).
    static func packed<Item>(_ items: [Item], count: Int = .max, limit: Int, weight: (Item) -> Int) -> [[Item]] {
        var groups: [[Item]] = []
        var total = 0
        for item in items {
            let w = weight(item)
            if let last = groups.last, last.count < count, total + w <= limit {
                groups[groups.count - 1].append(item)
                total += w
            } else {
                groups.append([item])
                total = w
            }
        }
        return groups
    }

    /// Ingests files in one transaction: their slips are checked and applied together, in
    /// event-date order as the slips of one file are, and each file keeps its batch, report,
    /// findings and quarantine. A file that is unreadable, rejected whole (F01, F02), already
    /// ingested (F04) or a copy of another in the group goes alone; if the group's
    /// transaction fails, nothing of it stays and every file goes alone. Dry runs, and
    /// ingests that refresh after each file, take the files one at a time.
    public func ingest(group paths: [String], options: IngestOptions) throws -> [IngestOutcome] {
        guard paths.count > 1, !options.dryRun, options.refresh == .later else {
            return try paths.map { try ingest(path: $0, options: options) }
        }
        let ledger = BatchLedger(connection: connection)
        let prints = paths.map { try? FeedReader.fingerprint(path: $0) }
        // (already loaded: a sum the ledger knows; a copy in the group: a sum seen before)
        var sums = try ledger.loaded(sha256s: prints.compactMap { $0?.sha256 })
        var staged: [StagedChangeFile] = []
        for (index, path) in paths.enumerated() {
            guard let print = prints[index], sums.insert(print.sha256).inserted,
                  var file = try? stage(path: path, print: print, report: ledger.report(path: path, print: print, kind: .changes, options: options),
                                        options: options)
            else { continue }
            file.index = index
            staged.append(file)
        }
        var outcomes: [Int: IngestOutcome] = [:]
        for part in Self.split(staged, slips: slipsPerTransaction) {
            do {
                let applied = try connection.transaction { conn in try apply(part, options: options, conn: conn) }
                for (file, outcome) in zip(part, applied) { outcomes[file.index] = outcome }
            } catch {
                logger.warning("change files applied one at a time after their group failed",
                               metadata: ["files": "\(part.count)", "error": "\(error)"])
            }
        }
        // The files left, alone and in order, after the group: a copy finds its first loaded.
        for (index, path) in paths.enumerated() where outcomes[index] == nil {
            outcomes[index] = try ingest(path: path, options: options)
        }
        return paths.indices.map { outcomes[$0]! }
    }

    /// Consecutive files of at most `slips` slips together (a larger file alone).
    static func split(_ staged: [StagedChangeFile], slips: Int) -> [[StagedChangeFile]] {
        packed(staged, limit: slips) { $0.staging.slips.count }
    }

    /// Reads and line-checks a file, before anything is written.
    func stage(path: String, print: FeedFingerprint, report base: ValidationReport, options: IngestOptions) throws -> StagedChangeFile {
        var report = base
        var staging = ChangeStaging(reference: reference)
        try ChangeStaging.read(print, into: &staging, report: &report, options: options) { staging, record in
            staging.line(record)
        }
        return StagedChangeFile(path: path, index: 0, print: print, report: report, staging: staging)
    }

    /// Applies staged files inside the caller's transaction: a batch each, their slips in one
    /// run, then the held slips of their communes retried once.
    private func apply(_ staged: [StagedChangeFile], options: IngestOptions, conn: PostgresConnection) throws -> [IngestOutcome] {
        // The look-ups of a group name thousands of people: planned in parallel, they scanned
        // whole tables with workers that took the cores the other ingest jobs use.
        try conn.execute("set local max_parallel_workers_per_gather = 0")
        let ledger = BatchLedger(connection: conn)
        var batches: [Int] = []
        var pending: [PendingSlip] = []
        for file in staged {
            let batchID = try ledger.open(file.report, path: file.path, sha256: file.print.sha256,
                                          encoding: file.print.encoding.rawValue, receivedAt: options.receivedAt, conn: conn)
            batches.append(batchID)
            pending += file.staging.slips.map { PendingSlip(slip: $0.slip, warnings: $0.warnings, fields: $0.fields, batchID: batchID) }
        }
        let run = ChangeRun(conn: conn, files: files, batchID: batches[0], duplicateCheck: duplicateEvents)
        let applied = try run.apply(pending)
        var outcomes: [IngestOutcome] = []
        for (file, batchID) in zip(staged, batches) {
            outcomes.append(try settle(file, batchID: batchID, result: applied.of(batch: batchID), ledger: ledger, conn: conn))
        }
        let communes = Set(staged.flatMap { $0.staging.slips.map(\.slip.communeCode) })
        let retried = try QuarantineRetry(conn: conn, files: files, reference: reference, batchID: batches.last!,
                                          duplicateCheck: duplicateEvents).retry(communes: communes)
        // (the retry ran after the group's last file: its summary tells)
        outcomes[outcomes.count - 1].changes?.slipsRetried = retried
        for outcome in outcomes {
            let report = outcome.report
            logger.info("change batch loaded", metadata: ["batch": "\(report.batchID ?? 0)", "file": "\(report.file)",
                        "accepted": "\(report.rows.accepted)", "rejected": "\(report.rows.rejected)",
                        "duplicate_events": "\(report.rows.duplicateEvents)", "retried": "\(outcome.changes?.slipsRetried ?? 0)"])
        }
        return outcomes
    }

    /// One file's share of a run: its report, findings, quarantine and refresh requests.
    private func settle(_ file: StagedChangeFile, batchID: Int, result: ChangeRunResult, ledger: BatchLedger,
                        conn: PostgresConnection) throws -> IngestOutcome {
        var report = file.report
        var staging = file.staging
        report.batchID = batchID
        for r in result.rejected { staging.reject(line: r.pending.slip.line, fields: r.pending.fields, r.findings) }
        let repeated = result.duplicateEvents.map(\.line)
        let findings = staging.findings + result.accepted.flatMap(\.findings) + repeated.map(SlipApplier.repeatFinding)
        staging.rows.duplicates += result.resent.count
        staging.rows.duplicateEvents = repeated.count
        staging.rows.accepted = result.accepted.count
        try QuarantineEntry.copy(staging.quarantine, batchID: batchID, kind: .changes, conn: conn)
        try DuplicateEventLedger(conn: conn, files: files).settle(result.duplicateEvents.map {
            ($0.line, staging.recordJSON($0.pending.fields), staging.cell(.communeCode, $0.pending.fields))
        })
        report.rows = staging.rows
        report.asOf = staging.slips.map(\.slip.reportMonth).max()?.iso
        report.issues = findings.sorted { ($0.line, $0.rule.rawValue) < ($1.line, $1.rule.rawValue) }
        report.settleStatus()
        try ledger.close(report, batchID: batchID, conn: conn)
        try IndicatorRefresh.requestAfterChangeBatch(batchID, slips: result.accepted.map(\.candidate.slipID), conn: conn)
        var changes = RegisterChanges()
        changes.slipsApplied = result.accepted.count
        return IngestOutcome(report: report, changes: changes)
    }
}

/// A change file read and line-checked, not applied yet.
struct StagedChangeFile {
    var path: String
    /// Its place in the group given.
    var index: Int
    var print: FeedFingerprint
    var report: ValidationReport
    var staging: ChangeStaging
}
