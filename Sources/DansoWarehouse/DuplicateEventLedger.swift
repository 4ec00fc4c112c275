import DansoDomain
import DansoPostgres
import Foundation

/// Reads the recorded events a run's slips may repeat, and writes the lines found to repeat
/// one (`staging.duplicate_event`, migration 0022), inside the run's transaction.
struct DuplicateEventLedger {
    let conn: PostgresConnection
    let files: ProjectFiles

    /// Who the automatic settling of a repeated line is recorded as.
    static let automatic = "danso (tự động / automatic)"

    /// The recorded events near the SINH, CHET and DEN slips of a run (one indexed query,
    /// sql/queries/duplicate_event_candidates.sql), with their subjects.
    func candidates(for slips: [CandidateSlip], context: RegisterContext) throws -> [RecordedEvent] {
        let wanted = slips.filter { DuplicateEventSearch.types.contains($0.slip.eventType) }
        guard !wanted.isEmpty else { return [] }
        let births = wanted.filter { $0.slip.eventType == .birth }
        let mothers: [Int64?] = births.map { c in
            context.mother(of: c.slip, household: context.householdIDs[
                RegisterContext.HouseholdKey(communeKey: c.communeKey, code: c.slip.householdCode)])
        }
        let binds: [String?] = [
            wanted.map(\.communeKey).postgresText, wanted.map(\.slip.eventType.rawValue).postgresText,
            wanted.map(\.slip.eventDate.iso).postgresText,
            wanted.map { DuplicateEventSearch.swapped($0.slip.eventDate)?.iso }.postgresText,
            mothers.postgresText, births.map(\.slip.eventDate.iso).postgresText,
            String(DuplicateEventSearch.window), String(DuplicateEventSearch.motherWindow),
        ]
        return try conn.query(PostgresQuery(unsafeSQL: try files.query("duplicate_event_candidates"), binds: binds)).compactMap { row in
            guard let type = row["event_type"].flatMap(EventType.init(rawValue:)),
                  let day = row["event_date"].flatMap({ CivilDate(iso: $0) }),
                  let root = row.int("root_slip_id"), let commune = row.int("commune_key") else { return nil }
            let birth = row.int("birth_year").map { PartialDate(year: $0, month: row.int("birth_month"), day: row.int("birth_day")) }
            let subject = EventSubject(
                eventType: type, eventDate: day, fullName: row["full_name"] ?? "", sex: row.int("sex"), birthDate: birth,
                personalNumber: row["personal_number"], householdKey: row["household_id"], communeCode: row["commune_code"] ?? "",
                motherKey: row["mother_person_id"])
            return RecordedEvent(rootSlipID: Int64(root), slipCode: row["slip_code"] ?? "", communeKey: commune,
                                 personID: row.int("person_id").map(Int64.init),
                                 leftOn: row["left_on"].flatMap { CivilDate(iso: $0) }, subject: subject)
        }
    }

    /// Records the lines not applied, with the event each repeats and why.
    func write(_ lines: [DuplicateEventLine]) throws {
        guard !lines.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try conn.copyIn("""
            copy staging.duplicate_event (batch_id, line_no, commune_key, slip_code, event_type, event_date, same_as_slip_id,
                                          same_as_slip_code, weight, probability, explanation, model_id) from stdin
            """) { w in
            for l in lines {
                let c = l.candidate
                try w.writeRow([String(c.batchID), String(c.slip.line), String(c.communeKey), c.slip.slipCode,
                                c.slip.eventType.rawValue, c.slip.eventDate.iso, String(l.sameAs.rootSlipID), l.sameAs.slipCode,
                                l.match.weight.postgresText, l.match.probability.postgresText,
                                String(decoding: try encoder.encode(l.match.explanation), as: UTF8.self),
                                l.match.modelID.map(String.init)])
            }
        }
    }

    /// Keeps the repeated lines of a new file in the quarantine, already settled (discarded
    /// by danso, saying which slip they repeat): where officers read what became of their
    /// lines, without waiting for anyone. Their E12 findings go with the file's.
    func settle(_ lines: [(line: DuplicateEventLine, record: String, communeCode: String?)]) throws {
        guard !lines.isEmpty else { return }
        try conn.execute("""
            insert into staging.quarantine (batch_id, line_no, kind, commune_code, record, rules, status, decided_by,
                                            decided_at, decision_note)
            select x.batch, x.line, 'changes', x.commune, x.record::jsonb, array['E12'], 'discarded', \(Self.automatic), now(), x.note
            from unnest(\(lines.map(\.line.candidate.batchID))::bigint[], \(lines.map(\.line.candidate.slip.line))::int[],
                        \(lines.map(\.communeCode))::text[], \(lines.map(\.record))::text[],
                        \(lines.map { Self.note($0.line) })::text[]) as x(batch, line, commune, record, note)
            """)
    }

    /// Settles held lines a retry found to repeat an event recorded meanwhile: discarded by
    /// danso with their E12 finding, and counted as repeated events in their own batches.
    func settleHeld(_ lines: [DuplicateEventLine]) throws {
        guard !lines.isEmpty else { return }
        let batches = lines.map(\.candidate.batchID), numbers = lines.map(\.candidate.slip.line)
        try conn.execute("""
            update staging.quarantine q set status = 'discarded', decided_by = \(Self.automatic), decided_at = now(),
                decision_note = x.note, rules = q.rules || array['E12']
            from unnest(\(batches)::bigint[], \(numbers)::int[], \(lines.map(Self.note))::text[]) as x(batch, line, note)
            where q.batch_id = x.batch and q.line_no = x.line and q.status = 'held'
            """)
        try conn.copyIn("copy audit.finding (batch_id, line_no, rule, severity, column_name, value, message_vi, message_en) from stdin") { w in
            for l in lines {
                let f = SlipApplier.repeatFinding(l)
                try w.writeRow([String(l.candidate.batchID), String(f.line), f.rule.rawValue, f.severity.rawValue, f.column,
                                f.value, f.messageVI, f.messageEN])
            }
        }
        try conn.execute("""
            update audit.batch b set rows_duplicate_event = b.rows_duplicate_event + n.lines, rows_rejected = b.rows_rejected - n.lines
            from (select batch, count(*)::int as lines from unnest(\(batches)::bigint[]) batch group by batch) n
            where b.batch_id = n.batch
            """)
    }

    /// The note a repeated line's quarantine entry is settled with.
    static func note(_ line: DuplicateEventLine) -> String {
        "Biến động trùng với phiếu \(line.sameAs.slipCode): không áp dụng / Same event as slip \(line.sameAs.slipCode): not applied"
    }
}
