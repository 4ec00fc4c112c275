import DansoDomain
import DansoPostgres
import DansoValidation
import Logging

/// Slips that passed the line checks, with where they came from.
struct PendingSlip {
    var slip: ChangeSlip
    var warnings: [Finding]
    var fields: [String]
    var batchID: Int
}

/// What a run of slips did.
struct ChangeRunResult {
    var accepted: [AcceptedSlip] = []
    var rejected: [(pending: PendingSlip, findings: [Finding])] = []
    var resent: [PendingSlip] = []
    /// Slips not applied: the same event as one already recorded (E12).
    var duplicateEvents: [(pending: PendingSlip, line: DuplicateEventLine)] = []

    /// What the run did with the slips of one batch (a run may apply several files' slips).
    func of(batch: Int) -> ChangeRunResult {
        var part = ChangeRunResult()
        part.accepted = accepted.filter { $0.candidate.batchID == Int64(batch) }
        part.rejected = rejected.filter { $0.pending.batchID == batch }
        part.resent = resent.filter { $0.batchID == batch }
        part.duplicateEvents = duplicateEvents.filter { $0.pending.batchID == batch }
        return part
    }
}

/// Checks a set of slips against the register and applies those that hold, inside the
/// caller's transaction: the one path for new files and for quarantine retries.
struct ChangeRun {
    let conn: PostgresConnection
    let files: ProjectFiles
    /// The batch whose transaction this is (a group's first): the states replaced are marked
    /// superseded by it.
    let batchID: Int
    /// Finds the births, deaths and arrivals reported again under another slip id; nil:
    /// every slip is applied.
    var duplicateCheck: (any DuplicateEventCheck)? = nil

    func apply(_ pending: [PendingSlip]) throws -> ChangeRunResult {
        var result = ChangeRunResult()
        guard !pending.isEmpty else { return result }
        let keys = try communeKeys(Array(Set(pending.map(\.slip.communeCode))))
        // The register's per-commune locks (as in registry.apply_register_batch), taken in key
        // order: files of one commune ingested in parallel apply one after the other.
        try conn.execute("""
            select pg_advisory_xact_lock(72507, k)
            from unnest(\(keys.values.flatMap { $0.map(\.key) })::int[]) k order by k
            """)
        var candidates: [CandidateSlip] = []
        let slipIDs = try ChangeWriter.reserveIDs(pending.count, table: "registry.slip", column: "slip_id", conn: conn)
        var byLine: [String: PendingSlip] = [:]
        for (p, id) in zip(pending, slipIDs) {
            guard let key = keys[p.slip.communeCode]?.first(where: { $0.contains(p.slip.eventDate) })?.key else {
                result.rejected.append((p, [Finding(line: p.slip.line, rule: .R06, column: ChangeColumn.communeCode.machineName,
                    value: p.slip.communeCode, vi: "Mã xã không còn hiệu lực vào ngày xảy ra.",
                    en: "The commune code is not valid on the event date.")]))
                continue
            }
            candidates.append(CandidateSlip(slip: p.slip, communeKey: key, slipID: id, batchID: Int64(p.batchID), warnings: p.warnings))
            byLine["\(p.batchID)/\(p.slip.line)"] = p
        }
        let context = try RegisterContext.load(for: candidates.map { ($0.slip, $0.communeKey) }, connection: conn, files: files)
        let arrivals = candidates.filter { $0.slip.eventType.bringsNewMember || $0.slip.eventType == .correction }.count
        let personIDs = try ChangeWriter.reserveIDs(arrivals, table: "registry.person", column: "person_id", conn: conn)
        var search = DuplicateEventSearch()
        if let duplicateCheck, candidates.contains(where: { DuplicateEventSearch.types.contains($0.slip.eventType) }) {
            search = DuplicateEventSearch(
                scorer: try duplicateCheck.scorer(conn),
                recorded: try DuplicateEventLedger(conn: conn, files: files).candidates(for: candidates, context: context))
        }
        var applier = SlipApplier(context: context, personIDs: personIDs) { communeKey, code, slipBatch in
            try conn.query("""
                with made as (
                    insert into registry.household (commune_key, household_code, first_batch_id)
                    values (\(communeKey), \(code), \(slipBatch)) on conflict do nothing returning household_id)
                select household_id from made
                union all
                select household_id from registry.household where commune_key = \(communeKey) and household_code = \(code)
                """).first.flatMap { $0.int("household_id") }.map(Int64.init)!
        }
        applier.duplicateEvents = search
        try applier.run(candidates)
        try ChangeWriter(conn: conn, batchID: batchID).write(applier, context: context)
        try DuplicateEventLedger(conn: conn, files: files).write(applier.duplicateEvents.lines)
        if !applier.duplicateEvents.review.isEmpty {
            try applier.duplicateEvents.scorer?.recordForReview(applier.duplicateEvents.review, batchID: batchID)
        }
        func pendingOf(_ c: CandidateSlip) -> PendingSlip { byLine["\(c.batchID)/\(c.slip.line)"]! }
        result.accepted = applier.accepted
        result.rejected += applier.rejected.map { (pendingOf($0.candidate), $0.findings) }
        result.resent = applier.resent.map(pendingOf)
        result.duplicateEvents = applier.duplicateEvents.lines.map { (pendingOf($0.candidate), $0) }
        return result
    }

    struct UnitValidity {
        var key: Int
        var from: CivilDate?
        var to: CivilDate?
        func contains(_ day: CivilDate) -> Bool { (from.map { $0 <= day } ?? true) && (to.map { day <= $0 } ?? true) }
    }

    /// The commune units of some codes with their validity (codes are reused after 2025).
    func communeKeys(_ codes: [String]) throws -> [String: [UnitValidity]] {
        var result: [String: [UnitValidity]] = [:]
        for row in try conn.query("""
            select unit_key, code,
                   case when valid_from = '-infinity' then null else valid_from::text end as valid_from,
                   case when valid_to = 'infinity' then null else valid_to::text end as valid_to
            from ref.admin_unit where level = 'commune' and code = any(\(codes)::text[])
            """) {
            result[row["code"]!, default: []].append(UnitValidity(
                key: row.int("unit_key")!, from: row["valid_from"].flatMap { CivilDate(iso: $0) },
                to: row["valid_to"].flatMap { CivilDate(iso: $0) }))
        }
        return result
    }
}
