@testable import DansoDeduplication
import DansoLinkage
import DansoPostgres
import Testing

/// The linker keeps the pairs it finds in PostgreSQL while it compares the register, and
/// makes their links consistent there: the changes must land on the right rows.
@Suite struct FoundPairsTests {
    static func pair(_ a: Int64, _ b: Int64, _ decision: MatchDecision, weight: Double) -> ScoredPair {
        ScoredPair(a: a, b: b, score: MatchScore(weight: weight, probability: MatchScore.probability(ofWeight: weight),
                                                 explanation: [], priorWeight: -10),
                   vector: ComparisonVector(levels: [UInt8](repeating: 0, count: 7)), decision: decision)
    }

    @Test func consistencyChangesLandOnThePairsKeptInTheDatabase() throws {
        let w = try LinkFixture()
        let rows = try w.connection.transaction { c in
            let found = FoundPairs(connection: c)
            try found.create()
            try found.write([Self.pair(1, 2, .link, weight: 20), Self.pair(3, 1, .link, weight: 15),
                             Self.pair(4, 2, .review, weight: 0), Self.pair(5, 6, .nonMatch, weight: -30)])
            // 1–3 conflicts; 2–4, kept for review, and 8–7, below it, are linked through a third record.
            try found.apply(LinkChanges(demoted: [LinkChanges.Key(3, 1)],
                                        added: [Self.pair(2, 4, .link, weight: 0.5), Self.pair(8, 7, .link, weight: -5)]))
            return try c.query("select person_a, person_b, status, weight from link_found order by 1, 2").map {
                "\($0["person_a"]!)-\($0["person_b"]!) \($0["status"]!) \($0["weight"]!)"
            }
        }
        // The pair kept for review keeps its score; the one below joins with its own; a
        // non-match is not kept.
        #expect(rows == ["1-2 linked 20", "1-3 review 15", "2-4 linked 0", "7-8 linked -5"])
    }

    @Test func pairsAreSaidFoundByTheOriginsOfTheirIdentities() throws {
        let w = try LinkFixture()
        let rows = try w.connection.transaction { c in
            try c.execute("""
                create temporary table origins on commit drop as
                select * from (values (1::bigint, 'moved_out'), (2, 'arrival'), (3, 'birth'), (4, 'birth'), (5, 'arrival'),
                                      (6, 'arrival'), (7, 'register'), (8, 'birth')) as o(person_id, origin)
                """)
            let found = FoundPairs(connection: c)
            try found.create()
            // 9 is in no origin: its pair keeps none. 1-3 is said found already and keeps it.
            func open(_ a: Int64, _ b: Int64, foundBy: String? = nil) -> FoundPair {
                FoundPair(a: a, b: b, score: Self.pair(a, b, .link, weight: 20).score, decision: .link, foundBy: foundBy)
            }
            try found.write([open(1, 2), open(4, 3), open(5, 6), open(7, 8), open(2, 8), open(8, 9),
                             open(1, 3, foundBy: "register")])
            try found.setFoundBy(records: "pg_temp.origins")
            return try c.query("select person_a, person_b, coalesce(found_by, '-') as f from link_found order by 1, 2").map {
                "\($0["person_a"]!)-\($0["person_b"]!) \($0["f"]!)"
            }
        }
        #expect(rows == ["1-2 move", "1-3 register", "2-8 register", "3-4 birth", "5-6 arrival", "7-8 register", "8-9 -"])
    }
}
