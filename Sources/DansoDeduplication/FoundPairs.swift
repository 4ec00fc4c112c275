import DansoLinkage
import DansoPostgres
import Foundation

/// The pairs a run found, kept in a table until they are recorded: a province's pairs to
/// review and their explanations need not sit in memory while the rest of the register is
/// compared. The table is a temporary one of the transaction (`link_found`), or the linkage
/// run's working table that both its connections write (``LinkWorkArea``).
struct FoundPairs {
    let connection: PostgresConnection
    /// `link_found`, or a working table's qualified name.
    var table = "link_found"
    /// A temporary table of the transaction, or an unlogged one that other sessions see.
    var temporary = true

    /// Makes the table, empty (a transaction may record pairs more than once).
    func create() throws {
        if temporary { try connection.execute("drop table if exists pg_temp.link_found") }
        try connection.execute(PostgresQuery(unsafeSQL: """
            create \(temporary ? "temporary" : "unlogged") table \(table) (
                person_a bigint not null, person_b bigint not null, weight float8 not null, probability float8 not null,
                explanation text not null, status text not null, found_by text,
                primary key (person_a, person_b))\(temporary ? " on commit drop" : "")
            """))
    }

    /// The same table through another connection.
    func on(_ other: PostgresConnection) -> FoundPairs { FoundPairs(connection: other, table: table, temporary: temporary) }

    /// Adds pairs at or above the review threshold; `foundBy` is left for ``setFoundBy``
    /// when nil.
    func write(_ pairs: [ScoredPair]) throws {
        try write(pairs.map { FoundPair(a: $0.a, b: $0.b, score: $0.score, decision: $0.decision, foundBy: nil) })
    }

    func write(_ pairs: [FoundPair]) throws {
        guard !pairs.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try connection.copyIn(PostgresQuery(unsafeSQL: "copy \(table) from stdin")) { writer in
            for p in pairs where p.decision != .nonMatch {
                try writer.writeRow([String(min(p.a, p.b)), String(max(p.a, p.b)), String(p.score.weight),
                                     String(p.score.probability),
                                     String(decoding: try encoder.encode(p.score.explanation), as: UTF8.self),
                                     p.decision == .link ? "linked" : "review", p.foundBy])
            }
        }
    }

    /// Links sent to review and pairs linked through a third record
    /// (``Matcher/consistencyChanges(links:records:isNew:fullNameCounts:frequencies:)``).
    func apply(_ changes: LinkChanges) throws {
        if !changes.demoted.isEmpty {
            try connection.execute("""
                update \(unsafeSQL: table) f set status = 'review'
                from unnest(\(changes.demoted.map(\.a))::bigint[], \(changes.demoted.map(\.b))::bigint[]) as d(a, b)
                where f.person_a = d.a and f.person_b = d.b
                """)
        }
        // A pair kept for review is linked as it was scored; one below the threshold joins.
        guard !changes.added.isEmpty else { return }
        let kept = Set(try connection.query("""
            update \(unsafeSQL: table) f set status = 'linked'
            from unnest(\(changes.added.map { min($0.a, $0.b) })::bigint[], \(changes.added.map { max($0.a, $0.b) })::bigint[]) as x(a, b)
            where f.person_a = x.a and f.person_b = x.b
            returning f.person_a, f.person_b
            """).map { LinkChanges.Key(Int64($0.int("person_a") ?? 0), Int64($0.int("person_b") ?? 0)) })
        try write(changes.added.filter { !kept.contains(LinkChanges.Key($0.a, $0.b)) })
    }

    /// How the pairs without one were found, from how their identities came to the register
    /// (the origin column of `records`, the run's identities): a departure and an arrival
    /// are a move, two births a birth reported twice, two arrivals an arrival reported twice;
    /// anything else a register pair. A pair whose identity is not in `records` keeps none.
    func setFoundBy(records: String) throws {
        try setFoundBy { people in
            var origin: [Int64: String] = [:]
            for row in try connection.query("select person_id, origin from \(unsafeSQL: records) where person_id = any(\(people)::bigint[])") {
                origin[Int64(row.int("person_id")!)] = row["origin"]
            }
            return origin
        }
    }

    /// ``setFoundBy(records:)`` with the origins of the pairs' identities given by `origins`
    /// (those it knows of the ids it is given).
    func setFoundBy(origins: ([Int64]) throws -> [Int64: String]) throws {
        // Worked out here, not in one statement: joined in SQL, the planner took the pairs'
        // identities for a handful of rows (no statistics for them) and scanned them once per
        // pair: 6.9 s for a 1x run's 5,319 pairs once its tables were analysed, 49.7 s for
        // 17,497 pairs at 10x. Now the origins are looked up at once, then one update by the
        // pairs' key.
        let open = try connection.query(PostgresQuery(unsafeSQL: "select person_a, person_b from \(table) where found_by is null"))
            .map { (a: Int64($0.int("person_a")!), b: Int64($0.int("person_b")!)) }
        guard !open.isEmpty else { return }
        let origin = try origins(Array(Set(open.flatMap { [$0.a, $0.b] })).sorted())
        let said = open.compactMap { p in
            origin[p.a].flatMap { a in origin[p.b].map { (a: p.a, b: p.b, foundBy: Self.foundBy(a, $0)) } }
        }
        guard !said.isEmpty else { return }
        try connection.execute("""
            update \(unsafeSQL: table) f set found_by = x.found_by
            from unnest(\(said.map(\.a))::bigint[], \(said.map(\.b))::bigint[], \(said.map(\.foundBy))::text[]) as x(a, b, found_by)
            where f.person_a = x.a and f.person_b = x.b and f.found_by is null
            """)
    }

    /// How a pair was found, from the origins of its two identities (see ``setFoundBy``).
    static func foundBy(_ a: String, _ b: String) -> String {
        if (a == "moved_out" || b == "moved_out") && (a == "arrival" || b == "arrival") { return "move" }
        if a == "birth" && b == "birth" { return "birth" }
        if a == "arrival" && b == "arrival" { return "arrival" }
        return "register"
    }
}
