import DansoDomain
import DansoFeeds
import DansoPostgres
import DansoValidation
import Foundation
import Logging

/// How much of a commune a register file speaks for (feeds.md §2).
public enum RegisterScope: String, Sendable, CaseIterable {
    /// A commune is whole when the file lists every collaborator area the warehouse holds for it.
    case auto
    /// Every commune in the file is whole: people it does not list are closed.
    case commune
    /// Only the listed households are replaced.
    case households
}

/// When the star schema and the indicator mart catch up with an ingest (see `IndicatorRefresh`).
public enum RefreshTiming: String, Sendable {
    /// Right after the file's transaction commits: a lone ingest leaves the mart current.
    case afterEachFile
    /// Later, by the caller (a pipeline run, once after its last file): the request waits
    /// in `staging.indicator_refresh_request` until `IndicatorRefresh.runRequested()`.
    case later
}

/// Options of one ingest run.
public struct IngestOptions: Sendable {
    public var dryRun = false
    /// When the file was received (ISO timestamp); now when nil.
    public var receivedAt: String?
    public var scope = RegisterScope.auto
    /// When the star schema and the indicator mart catch up with the file.
    public var refresh = RefreshTiming.afterEachFile
    /// Called every `progressEvery` lines read, for long files.
    public var progress: (@Sendable (Int) -> Void)?
    public var progressEvery = 50_000
    /// Numbers reserved for register files, by path (`RegisterIdentityBlocks`): a commune's
    /// first register numbers its households and people from its file's block.
    public var identityBlocks: [String: IdentityBlock] = [:]

    public init() {}
}

/// What the register gained from a batch.
public struct RegisterChanges: Sendable, Equatable {
    public var peopleNew = 0
    public var peopleChanged = 0
    public var peopleUnchanged = 0
    public var peopleClosed = 0
    public var householdsClosed = 0
    public var wholeCommunes: [String] = []
    /// Change slips applied, and slips held earlier that applied on retry.
    public var slipsApplied = 0
    public var slipsRetried = 0
}

/// The result of ingesting one file: its report, and what changed in the register.
public struct IngestOutcome: Sendable {
    public var report: ValidationReport
    public var changes: RegisterChanges?
}

/// Reads, checks and loads household register files (A0), one transaction per file.
///
/// A file is loaded whole or not at all: its batch row, staged lines, quarantined lines,
/// findings and register changes commit together, so a killed run leaves nothing behind.
public struct RegisterIngestor {
    public let connection: PostgresConnection
    public let reference: ReferenceData
    public let logger: Logger

    /// Where the named queries are; located like the CLI does when not given.
    public var files: ProjectFiles?
    /// For the held slips retried after the load: see `ChangeIngestor.duplicateEvents`.
    public var duplicateEvents: (any DuplicateEventCheck)?

    public init(connection: PostgresConnection, reference: ReferenceData, logger: Logger, files: ProjectFiles? = nil,
                duplicateEvents: (any DuplicateEventCheck)? = nil) {
        self.connection = connection
        self.reference = reference
        self.logger = logger
        self.files = files
        self.duplicateEvents = duplicateEvents
    }

    public func ingest(path: String, options: IngestOptions = IngestOptions()) throws -> IngestOutcome {
        try BatchLedger(connection: connection).ingest(path: path, kind: .a0, options: options) { print, base, conn in
            try load(print, report: base, path: path, options: options, conn: conn)
        }
    }

    /// One pass over the file inside the transaction: stage accepted lines through COPY,
    /// hold rejected ones for the quarantine, then apply the batch to the register.
    private func load(_ print: FeedFingerprint, report base: ValidationReport, path: String, options: IngestOptions,
                      conn: PostgresConnection) throws -> IngestOutcome {
        var report = base
        let ledger = BatchLedger(connection: conn)
        let batchID = try ledger.open(report, path: path, sha256: print.sha256, encoding: print.encoding.rawValue,
                                      receivedAt: options.receivedAt, conn: conn)
        report.batchID = batchID

        var staging = RegisterStaging(reference: reference, batchID: batchID)
        try conn.copyIn("copy staging.a0_line (\(unsafeSQL: RegisterStaging.columns.joined(separator: ", "))) from stdin") { writer in
            try RegisterStaging.read(print, into: &staging, report: &report, options: options) { staging, record in
                if let row = staging.line(record) { try writer.writeRow(row) }
            }
        }
        let settled = staging.finish()
        // Lines staged first and rejected later (R11) move to the quarantine.
        if !settled.withdrawnLines.isEmpty {
            let moved = try conn.execute("""
                with moved as (
                    delete from staging.a0_line where batch_id = \(batchID) and line_no = any(\(settled.withdrawnLines)::int[])
                    returning *)
                insert into staging.quarantine (batch_id, line_no, kind, commune_code, record, rules)
                select batch_id, line_no, 'a0', commune_code,
                       to_jsonb(moved) - 'batch_id' - 'line_no' - 'extra', array['R11']
                from moved
                """)
            staging.rows.accepted -= moved
            staging.rows.rejected += moved
        }
        try QuarantineEntry.copy(staging.quarantine, batchID: batchID, kind: .a0, conn: conn)
        report.rows = staging.rows
        report.asOf = staging.asOf?.iso
        report.issues = settled.findings
        report.settleStatus()
        try ledger.close(report, batchID: batchID, conn: conn)
        var changes: RegisterChanges?
        if report.rows.accepted > 0 {
            let block = options.identityBlocks[path]
            let row = try conn.query("""
                select * from registry.apply_register_batch(\(batchID), \(options.scope.rawValue),
                                                            \(block?.firstPerson), \(block?.firstHousehold), \(block?.size))
                """).first!
            changes = RegisterChanges(
                peopleNew: row.int("people_new") ?? 0, peopleChanged: row.int("people_changed") ?? 0,
                peopleUnchanged: row.int("people_unchanged") ?? 0, peopleClosed: row.int("people_closed") ?? 0,
                householdsClosed: row.int("households_closed") ?? 0,
                wholeCommunes: PostgresArrayText.parse(row["whole_communes"] ?? "{}"))
            try IndicatorRefresh.requestAfterRegisterBatch(batchID, conn: conn)
        }
        if report.rows.accepted > 0 {
            let files = try self.files ?? ProjectFiles.locate()
            try rebuildPeopleWithEvents(batchID: batchID, files: files, conn: conn)
            changes?.slipsRetried = try QuarantineRetry(conn: conn, files: files, reference: reference, batchID: batchID,
                                                        duplicateCheck: duplicateEvents)
                .retry(communes: Set(try conn.query("select distinct commune_code from staging.a0_line where batch_id = \(batchID)")
                    .compactMap { $0["commune_code"] }))
        }
        logger.info("register batch loaded", metadata: ["batch": "\(batchID)", "file": "\(report.file)",
                                                        "accepted": "\(report.rows.accepted)", "rejected": "\(report.rows.rejected)"])
        return IngestOutcome(report: report, changes: changes)
    }
}

extension RegisterIngestor {
    /// People of a register batch who also have change slips: their states are rebuilt from
    /// every fact, so the register's listing and the slips' effects combine in date order.
    func rebuildPeopleWithEvents(batchID: Int, files: ProjectFiles, conn: PostgresConnection) throws {
        let people = try conn.query("""
            select distinct e.person_id from registry.event e
            -- A lateral LIMIT is never flattened into a join: one index probe per event, not
            -- a hash of every listing the register holds (that made the province load quadratic).
            cross join lateral (select 1 from registry.person_snapshot ps
                                where ps.person_id = e.person_id and ps.batch_id = \(batchID) limit 1) listed
            where not e.cancelled
            """).compactMap { $0.int("person_id").map(Int64.init) }
        guard !people.isEmpty else { return }
        let context = RegisterContext()
        try context.loadFacts(people, connection: conn, files: files)
        try ChangeWriter(conn: conn, batchID: batchID).replaceStates(of: people, context: context)
    }
}

/// Reads PostgreSQL's text form of a one-dimensional text array of simple values.
enum PostgresArrayText {
    static func parse(_ text: String) -> [String] {
        let inner = text.dropFirst().dropLast()
        return inner.isEmpty ? [] : inner.split(separator: ",").map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }
}
