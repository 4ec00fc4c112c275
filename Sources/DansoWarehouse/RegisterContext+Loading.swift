import DansoDomain
import DansoPostgres

extension RegisterContext {
    /// Loads what the register holds about the households, people and slips a set of slips
    /// names: every person ever in those households, people with the personal numbers given,
    /// the slips by code, and all their facts.
    static func load(for slips: [(slip: ChangeSlip, communeKey: Int)], connection: PostgresConnection,
                     files: ProjectFiles) throws -> RegisterContext {
        let context = RegisterContext()
        // By (commune, code) pair: codes repeat from commune to commune, and slips of several
        // communes (a group of files) would otherwise fetch every commune's households of every code.
        let households = Array(Set(slips.map { HouseholdKey(communeKey: $0.communeKey, code: $0.slip.householdCode) }))
        for row in try connection.query("""
            select h.household_id, h.commune_key, h.household_code
            from unnest(\(households.map(\.communeKey))::int[], \(households.map(\.code))::text[]) as w(commune_key, code)
            join registry.household h on h.commune_key = w.commune_key and h.household_code = w.code
            """) {
            context.householdIDs[HouseholdKey(communeKey: row.int("commune_key")!, code: row["household_code"]!)] =
                Int64(row.int("household_id")!)
        }
        // Slips named by code (the slips themselves, and those corrected or withdrawn).
        struct SlipName: Hashable { var communeKey: Int; var code: String }
        let slipCodes = Array(Set(slips.flatMap { s in
            ([s.slip.slipCode] + (s.slip.originalSlip.map { [$0] } ?? [])).map { SlipName(communeKey: s.communeKey, code: $0) }
        }))
        var eventPeople: Set<Int64> = []
        for row in try connection.query(PostgresQuery(unsafeSQL: try files.query("slips_by_code"),
                                                      binds: [slipCodes.map(\.communeKey).postgresText, slipCodes.map(\.code).postgresText])) {
            let record = SlipRecord(
                slipID: Int64(row.int("slip_id")!), code: row["slip_code"]!, communeKey: row.int("commune_key")!,
                contentHash: row["content_hash"]!, eventType: EventType(rawValue: row["event_type"]!)!,
                rootSlipID: Int64(row.int("root_slip_id") ?? row.int("slip_id")!),
                cancelled: row["cancelled_by_slip_id"] != nil)
            context.slipsByCode[slipKey(record.communeKey, record.code)] = record
            if let p = row.int("person_id") { eventPeople.insert(Int64(p)) }
        }
        let numbers = Array(Set(slips.flatMap { [$0.slip.personalNumber?.digits, $0.slip.motherPersonalNumber?.digits].compactMap { $0 } }))
        var people = eventPeople
        for row in try connection.query(PostgresQuery(unsafeSQL: try files.query("people_of_households"),
                                                      binds: [Array(Set(context.householdIDs.values)).postgresText, numbers.postgresText])) {
            people.insert(Int64(row.int("person_id")!))
        }
        try context.loadFacts(Array(people), connection: connection, files: files)
        return context
    }

    /// Loads the facts of people not loaded yet and builds their states.
    func loadFacts(_ people: [Int64], connection: PostgresConnection, files: ProjectFiles) throws {
        let wanted = Set(people.filter { facts[$0] == nil })
        guard !wanted.isEmpty else { return }
        for p in wanted { facts[p] = [] }
        let ids: String? = Array(wanted).postgresText
        for row in try connection.query(PostgresQuery(unsafeSQL: try files.query("person_snapshots"), binds: [ids])) {
            let person = Int64(row.int("person_id")!)
            let source = FactSource(batchID: Int64(row.int("batch_id")!), lineNo: row.int("line_no")!)
            facts[person]!.append(.listed(day: CivilDate(iso: row["as_of"]!)!, Self.attributes(row, healthCard: true), source: source))
        }
        for row in try connection.query(PostgresQuery(unsafeSQL: try files.query("person_closures"), binds: [ids])) {
            facts[Int64(row.int("person_id")!)]!.append(.unlisted(day: CivilDate(iso: row["day"]!)!))
        }
        for row in try connection.query(PostgresQuery(unsafeSQL: try files.query("person_events"), binds: [ids])) {
            let root = Int64(row.int("root_slip_id")!)
            let type = EventType(rawValue: row["event_type"]!)!
            let day = CivilDate(iso: row["event_date"]!)!
            let subject = row.int("person_id").map(Int64.init)
            let mother = row.int("mother_person_id").map(Int64.init)
            let source = FactSource(batchID: Int64(row.int("batch_id")!), lineNo: row.int("line_no")!)
            let effect = Self.effect(type, row)
            let versions = PostgresArrayText.parse(row["versions"] ?? "{}").compactMap { Int64($0) }
            let cancelled = row.bool("cancelled") ?? false
            events[root] = EventRecord(
                rootSlipID: root, effectiveSlipID: Int64(row.int("effective_slip_id")!), eventType: type, day: day,
                communeKey: row.int("commune_key")!, personID: subject, motherID: mother, cancelled: cancelled,
                effect: effect, source: source, isNew: false, changed: false, versions: versions.isEmpty ? [root] : versions)
            if !cancelled, let subject, facts[subject] != nil, wanted.contains(subject) {
                facts[subject]!.append(.event(day: day, effect, slipID: Int64(row.int("effective_slip_id")!), source: source))
            }
            if !cancelled, type == .birth, let mother, let subject {
                birthsByMother[mother, default: [:]][subject] = day
            }
        }
        for p in wanted { rebuild(p) }
    }

    /// The attributes a register line or an arrival states.
    static func attributes(_ row: PostgresRow, healthCard: Bool = false) -> PersonAttributes {
        PersonAttributes(
            communeKey: row.int("commune_key")!, householdID: Int64(row.int("household_id") ?? 0),
            memberNo: row.int("member_no")!, fullName: row["full_name"] ?? "",
            sex: Sex(rawValue: row.int("sex") ?? 1)!,
            birthDate: PartialDate(year: row.int("birth_year") ?? 1900, month: row.int("birth_month"), day: row.int("birth_day")),
            ethnicity: row["ethnicity"] ?? "01",
            education: row.int("education").flatMap(Education.init(rawValue:)),
            maritalStatus: row.int("marital_status").flatMap(MaritalStatus.init(rawValue:)),
            residence: row.int("residence").flatMap(ResidenceStatus.init(rawValue:)) ?? .permanent,
            method: row.int("method").flatMap(ContraceptiveMethod.init(rawValue:)),
            relationship: row.int("relationship").flatMap(Relationship.init(rawValue:)) ?? .other,
            personalNumber: row["personal_number"], healthCard: healthCard ? row["health_card"] : nil)
    }

    /// What a stored event does to its subject.
    static func effect(_ type: EventType, _ row: PostgresRow) -> TimelineEffect {
        switch type {
        case .birth, .moveIn:
            var a = attributes(row)
            if type == .birth {
                a.maritalStatus = .neverMarried
                a.residence = .permanent
                a.method = nil
            }
            return .joins(a)
        case .death: return .dies
        case .moveOut: return .leaves
        case .marriage: return .maritalStatus(.married)
        case .divorce: return .maritalStatus(.divorced)
        case .methodChange: return .method(row.int("method").flatMap(ContraceptiveMethod.init(rawValue:)) ?? .none)
        case .pregnancy, .prenatalScreening, .newbornScreening, .correction, .withdrawal: return .none
        }
    }
}
