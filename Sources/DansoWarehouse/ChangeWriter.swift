import DansoDomain
import DansoPostgres

/// Writes what a run of slips changed: staged lines, slips, events, new people, and the
/// rebuilt states of every person touched (only the states that differ are replaced).
struct ChangeWriter {
    let conn: PostgresConnection
    /// The batch the writes belong to (states replaced are marked superseded by it).
    let batchID: Int

    static let stateColumns = [
        "person_id", "valid_from", "valid_to", "commune_key", "household_id", "member_no", "full_name", "sex",
        "birth_year", "birth_month", "birth_day", "birth_date", "ethnicity", "education", "marital_status", "residence",
        "contraceptive_method", "relationship", "personal_number", "health_card", "batch_id", "line_no", "slip_ids",
        "end_reason",
    ]

    static func reserveIDs(_ count: Int, table: String, column: String, conn: PostgresConnection) throws -> [Int64] {
        guard count > 0 else { return [] }
        return try conn.query("""
            select nextval(pg_get_serial_sequence(\(table), \(column))) as id from generate_series(1, \(count))
            """).map { Int64($0.int("id")!) }
    }

    func write(_ applier: SlipApplier, context: RegisterContext) throws {
        try conn.copyIn("copy staging.change_line (\(unsafeSQL: ChangeLineRow.columns.joined(separator: ", "))) from stdin") { w in
            for a in applier.accepted { try w.writeRow(ChangeLineRow.row(a.candidate)) }
        }
        try conn.copyIn("copy registry.person (person_id, household_id, member_no, first_batch_id) from stdin") { w in
            for p in applier.newPeople { try w.writeRow([String(p.personID), String(p.householdID), String(p.memberNo), String(p.batchID)]) }
        }
        try conn.copyIn("""
            copy registry.slip (slip_id, commune_key, slip_code, batch_id, line_no, event_type, content_hash, target_slip_id) from stdin
            """) { w in
            for a in applier.accepted {
                let c = a.candidate
                try w.writeRow([String(c.slipID), String(c.communeKey), c.slip.slipCode, String(c.batchID), String(c.slip.line),
                                c.slip.eventType.rawValue, c.slip.contentHash, a.targetSlipID.map(String.init)])
            }
        }
        if !applier.cancellations.isEmpty {
            try conn.execute("""
                update registry.slip s set cancelled_by_slip_id = c.by
                from unnest(\(applier.cancellations.map(\.slipID))::bigint[], \(applier.cancellations.map(\.by))::bigint[]) as c(slip, by)
                where s.slip_id = c.slip
                """)
        }
        let events = context.events.values
        try conn.copyIn("""
            copy registry.event (root_slip_id, effective_slip_id, event_type, event_date, commune_key, person_id,
                                 mother_person_id, cancelled) from stdin
            """) { w in
            for e in events where e.isNew { try w.writeRow(Self.eventRow(e)) }
        }
        for e in events where !e.isNew && e.changed {
            try conn.execute("""
                update registry.event set effective_slip_id = \(e.effectiveSlipID), event_date = \(e.day.iso)::date,
                    person_id = \(e.personID), mother_person_id = \(e.motherID), cancelled = \(e.cancelled), updated_at = now()
                where root_slip_id = \(e.rootSlipID)
                """)
        }
        try replaceStates(of: Array(context.touched), context: context)
    }

    static func eventRow(_ e: RegisterContext.EventRecord) -> [String?] {
        [String(e.rootSlipID), String(e.effectiveSlipID), e.eventType.rawValue, e.day.iso, String(e.communeKey),
         e.personID.map(String.init), e.motherID.map(String.init), e.cancelled ? "t" : "f"]
    }

    /// Replaces the states of people whose facts changed by their rebuilt timelines, keeping
    /// every state that did not change and marking the others superseded.
    func replaceStates(of people: [Int64], context: RegisterContext) throws {
        guard !people.isEmpty else { return }
        let columns = Self.stateColumns.joined(separator: ", ")
        // Made once per session and emptied at each commit: creating a table per file cost
        // catalog writes every time. Emptied here too, for a second run in one transaction.
        try conn.execute(unsafeSQL: """
            create temp table if not exists rebuilt_state on commit delete rows as
                select \(columns) from registry.person_state limit 0;
            delete from pg_temp.rebuilt_state;
            """)
        try conn.copyIn("copy rebuilt_state (\(unsafeSQL: columns)) from stdin") { w in
            for person in people {
                for span in context.spans[person] ?? [] { try w.writeRow(Self.stateRow(person, span)) }
            }
        }
        let same = Self.stateColumns.map { "s.\($0)" }.joined(separator: ", ")
        let other = Self.stateColumns.map { "n.\($0)" }.joined(separator: ", ")
        try conn.execute("""
            update registry.person_state s set superseded_at = now(), superseded_by_batch = \(batchID)
            where s.person_id = any(\(people)::bigint[]) and s.superseded_at is null
              and not exists (select 1 from rebuilt_state n
                              where n.person_id = s.person_id   -- (a key to join on: the rows alone made it n × m)
                                and (\(unsafeSQL: other)) is not distinct from (\(unsafeSQL: same)))
            """)
        try conn.execute("""
            insert into registry.person_state (\(unsafeSQL: columns))
            select \(unsafeSQL: other) from rebuilt_state n
            where not exists (select 1 from registry.person_state s
                              where s.person_id = n.person_id and s.superseded_at is null
                                and (\(unsafeSQL: other)) is not distinct from (\(unsafeSQL: same)))
            """)
    }

    static func stateRow(_ person: Int64, _ s: StateSpan) -> [String?] {
        let a = s.attributes
        return [
            String(person), s.validFrom.iso, s.validTo?.iso ?? "infinity", String(a.communeKey), String(a.householdID),
            String(a.memberNo), a.fullName, String(a.sex.rawValue), String(a.birthDate.year), a.birthDate.month.map(String.init),
            a.birthDate.day.map(String.init), a.birthDate.referenceDay.iso, a.ethnicity, a.education.map { String($0.rawValue) },
            a.maritalStatus.map { String($0.rawValue) }, String(a.residence.rawValue), a.method.map { String($0.rawValue) },
            String(a.relationship.rawValue), a.personalNumber, a.healthCard, String(s.base.batchID), String(s.base.lineNo),
            "{\(s.slipIDs.map(String.init).joined(separator: ","))}", s.endReason?.rawValue,
        ]
    }
}

/// A slip as a row of `staging.change_line`.
enum ChangeLineRow {
    static let columns = [
        "batch_id", "line_no", "report_month", "commune_code", "area_no", "collaborator_code", "channel", "slip_code",
        "event_type", "event_date", "household_code", "member_no", "personal_number", "full_name", "sex", "birth_year",
        "birth_month", "birth_day", "birth_date", "ethnicity", "relationship", "marital_status", "residence", "education",
        "mother_member_no", "mother_personal_number", "birth_order", "birth_place", "place_code", "method", "spouse_name",
        "spouse_birth", "spouse_personal_number", "original_slip_code", "note",
    ]

    static func row(_ c: CandidateSlip) -> [String?] {
        let s = c.slip
        func i(_ v: Int?) -> String? { v.map(String.init) }
        return [
            String(c.batchID), String(s.line), s.reportMonth.iso, s.communeCode, i(s.area), s.collaborator, s.channel?.rawValue,
            s.slipCode, s.eventType.rawValue, s.eventDate.iso, s.householdCode, String(s.memberNo), s.personalNumber?.digits,
            s.fullName, i(s.sex?.rawValue), i(s.birthDate?.year), i(s.birthDate?.month), i(s.birthDate?.day),
            s.birthDate?.referenceDay.iso, s.ethnicity, i(s.relationship?.rawValue), i(s.maritalStatus?.rawValue),
            i(s.residence?.rawValue), i(s.education?.rawValue), i(s.motherMemberNo), s.motherPersonalNumber?.digits,
            i(s.birthOrder), i(s.birthPlace?.rawValue), s.place?.description, i(s.method?.rawValue), s.spouseName,
            s.spouseBirthDate?.description, s.spousePersonalNumber?.digits, s.originalSlip, s.note,
        ]
    }
}
