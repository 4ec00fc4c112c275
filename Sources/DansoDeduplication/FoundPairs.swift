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
    /// anything else a register pair.
    func setFoundBy(records: String) throws {
        // The pairs' identities first, in one scan of `records` (a province's run holds a
        // million; hashing them twice for a few thousand pairs took 0.4 s).
        try connection.execute(PostgresQuery(unsafeSQL: """
            with open as materialized (select person_a, person_b from \(table) where found_by is null),
            o as materialized (
                select r.person_id, r.origin from \(records) r
                where r.person_id in (select person_a from open union select person_b from open))
            update \(table) f set found_by = case
                when 'moved_out' in (pa.origin, pb.origin) and 'arrival' in (pa.origin, pb.origin) then 'move'
                when pa.origin = 'birth' and pb.origin = 'birth' then 'birth'
                when pa.origin = 'arrival' and pb.origin = 'arrival' then 'arrival'
                else 'register' end
            from o pa, o pb
            where f.found_by is null and pa.person_id = f.person_a and pb.person_id = f.person_b
            """))
    }
}
