import DansoPostgres
import DansoWarehouse
import Foundation

/// The review queue: pairs the matcher was not sure of wait here for a person, who links
/// them (counted once from then on) or rejects them (never proposed again). Linked pairs,
/// automatic or not, can be unlinked, which gives both identities back to every count.
public struct LinkReview {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) { self.connection = connection }

    /// One side of a pair as a reviewer sees it: the identity's current (or last) state.
    public struct Identity: Codable, Sendable, Equatable {
        public var personID: Int64
        public var fullName: String
        public var sex: Int?
        public var birth: String
        public var personalNumber: String?
        public var commune: String
        public var household: String
        public var memberNo: Int?
    }

    /// A pair and its decision in force.
    public struct Pair: Codable, Sendable, Equatable {
        public var id: Int64
        public var foundBy: String
        public var status: String
        public var weight: Double
        public var probability: Double
        public var decidedBy: String
        public var decidedAt: String
        public var a: Identity
        public var b: Identity
        /// Per field: the level reached and its weight (log2 m/u).
        public var explanation: [Contribution]
        /// Every decision taken on the pair, oldest first.
        public var history: [Decision]
    }

    public struct Contribution: Codable, Sendable, Equatable {
        public var field: String
        public var level: String
        public var weight: Double
    }

    public struct Decision: Codable, Sendable, Equatable {
        public var status: String
        public var decidedBy: String
        public var decidedAt: String
        public var note: String?
    }

    /// The pairs with both identities as they stand (latest state not superseded), in one
    /// statement: a list of pairs costs one query, not two per pair.
    static let pairSQL = """
        select l.link_id, l.found_by, l.status, l.weight, l.probability, l.decided_by,
               to_char(l.decided_at, 'YYYY-MM-DD HH24:MI:SS') as decided_at, l.explanation::text as explanation,
               l.person_a as a_person, a.full_name as a_name, a.sex as a_sex, a.birth as a_birth, a.personal_number as a_pn,
               a.commune as a_commune, a.household_code as a_household, a.member_no as a_member,
               l.person_b as b_person, b.full_name as b_name, b.sex as b_sex, b.birth as b_birth, b.personal_number as b_pn,
               b.commune as b_commune, b.household_code as b_household, b.member_no as b_member
        from registry.person_link l
        left join lateral (\(identitySQL("l.person_a"))) a on true
        left join lateral (\(identitySQL("l.person_b"))) b on true
        """

    static func identitySQL(_ person: String) -> String {
        """
        select s.full_name, s.sex, concat_ws('/', s.birth_day, s.birth_month, s.birth_year) as birth, s.personal_number,
               s.member_no, u.code || ' ' || u.name as commune, h.household_code
        from registry.person_state s
        join ref.admin_unit u on u.unit_key = s.commune_key
        join registry.household h on h.household_id = s.household_id
        where s.person_id = \(person) and s.superseded_at is null
        order by s.valid_from desc limit 1
        """
    }

    /// Pairs with a status (`review` by default; nil: every pair), weightiest first.
    public func list(status: String? = "review", limit: Int = 200) throws -> [Pair] {
        let rows = try connection.query(PostgresQuery(unsafeSQL: Self.pairSQL + """
             where ($1::text is null or l.status = $1) order by l.weight desc, l.link_id limit $2
            """, binds: [status, String(limit)]))
        return try rows.map { try pair($0, withHistory: false) }
    }

    /// One pair with its history.
    public func show(_ id: Int64) throws -> Pair {
        let rows = try connection.query(PostgresQuery(unsafeSQL: Self.pairSQL + " where l.link_id = $1", binds: [String(id)]))
        guard let row = rows.first else { throw DeduplicationError.unknownPair(id) }
        return try pair(row, withHistory: true)
    }

    /// A reviewer links a pair waiting in review (or one rejected or unlinked before).
    public func accept(_ id: Int64, by: String, note: String?) throws {
        try connection.transaction { c in
            _ = try LinkLedger(connection: c).decide(id, status: "linked", by: by, note: note,
                                                    allowedFrom: ["review", "rejected", "unlinked"])
        }
        try IndicatorRefresh(connection: connection).runRequested()
    }

    /// A reviewer says the pair are two people: it never comes back.
    public func reject(_ id: Int64, by: String, note: String?) throws {
        try connection.transaction { c in
            _ = try LinkLedger(connection: c).decide(id, status: "rejected", by: by, note: note, allowedFrom: ["review"])
        }
        try IndicatorRefresh(connection: connection).runRequested()
    }

    /// Undoes a link: both identities count again, and the pair is not proposed again.
    public func unlink(_ id: Int64, by: String, note: String?) throws {
        try connection.transaction { c in
            _ = try LinkLedger(connection: c).decide(id, status: "unlinked", by: by, note: note, allowedFrom: ["linked"])
        }
        try IndicatorRefresh(connection: connection).runRequested()
    }

    /// Pairs waiting for a reviewer.
    public func pendingCount() throws -> Int { try LinkLedger(connection: connection).pendingCount() }

    private func pair(_ row: PostgresRow, withHistory: Bool) throws -> Pair {
        let id = Int64(row.int("link_id") ?? 0)
        let explanation = (try? JSONDecoder().decode([Contribution].self, from: Data((row["explanation"] ?? "[]").utf8))) ?? []
        var history: [Decision] = []
        if withHistory {
            history = try connection.query("""
                select status, decided_by, to_char(decided_at, 'YYYY-MM-DD HH24:MI:SS') as decided_at, note
                from audit.link_decision where link_id = \(id) order by decision_id
                """).map { Decision(status: $0["status"] ?? "", decidedBy: $0["decided_by"] ?? "",
                                     decidedAt: $0["decided_at"] ?? "", note: $0["note"]) }
        }
        return Pair(id: id, foundBy: row["found_by"] ?? "", status: row["status"] ?? "",
                    weight: row.double("weight") ?? 0, probability: row.double("probability") ?? 0,
                    decidedBy: row["decided_by"] ?? "", decidedAt: row["decided_at"] ?? "",
                    a: identity(row, "a_"), b: identity(row, "b_"), explanation: explanation, history: history)
    }

    /// One side of a pair row; "?" when the identity has no state left.
    private func identity(_ row: PostgresRow, _ side: String) -> Identity {
        Identity(personID: Int64(row.int(side + "person") ?? 0), fullName: row[side + "name"] ?? "?",
                 sex: row.int(side + "sex"), birth: row[side + "birth"] ?? "", personalNumber: row[side + "pn"],
                 commune: row[side + "commune"] ?? "", household: row[side + "household"] ?? "",
                 memberNo: row.int(side + "member"))
    }
}
