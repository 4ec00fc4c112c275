import DansoDomain
import DansoFeeds
import DansoPostgres
import DansoValidation
import Foundation
import Logging

/// Reads, checks and applies monthly change files (P0), one transaction per file.
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
            try load(print, report: base, path: path, options: options, conn: conn)
        }
    }

    private func load(_ print: FeedFingerprint, report base: ValidationReport, path: String, options: IngestOptions,
                      conn: PostgresConnection) throws -> IngestOutcome {
        var report = base
        let ledger = BatchLedger(connection: conn)
        let batchID = try ledger.open(report, path: path, sha256: print.sha256, encoding: print.encoding.rawValue,
                                      receivedAt: options.receivedAt, conn: conn)
        report.batchID = batchID
        var staging = ChangeStaging(reference: reference)
        try ChangeStaging.read(print, into: &staging, report: &report, options: options) { staging, record in
            staging.line(record)
        }
        let run = ChangeRun(conn: conn, files: files, batchID: batchID, duplicateCheck: duplicateEvents)
        let result = try run.apply(staging.slips.map { PendingSlip(slip: $0.slip, warnings: $0.warnings, fields: $0.fields, batchID: batchID) })
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
        let retried = try QuarantineRetry(conn: conn, files: files, reference: reference, batchID: batchID,
                                          duplicateCheck: duplicateEvents)
            .retry(communes: Set(staging.slips.map(\.slip.communeCode)))
        logger.info("change batch loaded", metadata: ["batch": "\(batchID)", "file": "\(report.file)",
                    "accepted": "\(report.rows.accepted)", "rejected": "\(report.rows.rejected)",
                    "duplicate_events": "\(report.rows.duplicateEvents)", "retried": "\(retried)"])
        var changes = RegisterChanges()
        changes.slipsApplied = result.accepted.count
        changes.slipsRetried = retried
        return IngestOutcome(report: report, changes: changes)
    }
}

/// Retries the slips held for a subject not yet in the register (E02) or a slip to correct or
/// withdraw that has not arrived yet (E07): files may arrive in any order.
struct QuarantineRetry {
    let conn: PostgresConnection
    let files: ProjectFiles
    let reference: ReferenceData
    let batchID: Int
    /// As the ingest's: a held slip may turn out to repeat an event recorded meanwhile.
    var duplicateCheck: (any DuplicateEventCheck)? = nil

    /// Retries the held E02 and E07 slips of some communes; returns how many now applied.
    @discardableResult
    func retry(communes: Set<String>) throws -> Int {
        guard !communes.isEmpty else { return 0 }
        let held = try conn.query("""
            select quarantine_id, batch_id, line_no, record::text as record from staging.quarantine
            where kind = 'changes' and status = 'held' and rules && array['E02', 'E04', 'E07']
              and commune_code = any(\(Array(communes))::text[])
            order by batch_id, line_no
            """)
        guard !held.isEmpty else { return 0 }
        var pending: [PendingSlip] = []
        var entry: [String: Int] = [:]
        for row in held {
            guard let data = row["record"]?.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] else { continue }
            let header = object.keys.sorted()
            let checker = ChangeLineChecker(header: HeaderMap(header: header, label: \.labelVI), headerWidth: header.count,
                                            reference: reference)
            guard case .accepted(let slip, let warnings) = checker.check(line: row.int("line_no")!, fields: header.map { object[$0]! })
            else { continue }
            pending.append(PendingSlip(slip: slip, warnings: warnings, fields: header.map { object[$0]! }, batchID: row.int("batch_id")!))
            entry["\(row.int("batch_id")!)/\(row.int("line_no")!)"] = row.int("quarantine_id")!
        }
        let result = try ChangeRun(conn: conn, files: files, batchID: batchID, duplicateCheck: duplicateCheck).apply(pending)
        try IndicatorRefresh.requestAfterSlips(result.accepted.map(\.candidate.slipID), batchID: batchID, conn: conn)
        try DuplicateEventLedger(conn: conn, files: files).settleHeld(result.duplicateEvents.map(\.line))
        let resolved = result.accepted.compactMap { entry["\($0.candidate.batchID)/\($0.candidate.slip.line)"] }
        guard !resolved.isEmpty else { return 0 }
        try conn.execute("""
            update staging.quarantine set status = 'resolved', decided_by = 'retry', decided_at = now(),
                decision_note = \("Áp dụng khi thử lại sau lô \(batchID) / applied on retry after batch \(batchID)")
            where quarantine_id = any(\(resolved)::int[])
            """)
        // The lines now count as accepted in the batches that brought them.
        try conn.execute("""
            update audit.batch b set rows_accepted = b.rows_accepted + n.lines, rows_rejected = b.rows_rejected - n.lines
            from (select batch_id, count(*)::int as lines from staging.quarantine
                  where quarantine_id = any(\(resolved)::int[]) group by batch_id) n
            where b.batch_id = n.batch_id
            """)
        return result.accepted.count
    }
}
