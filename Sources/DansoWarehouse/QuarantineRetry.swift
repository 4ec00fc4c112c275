import DansoDomain
import DansoPostgres
import DansoValidation
import Foundation

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
