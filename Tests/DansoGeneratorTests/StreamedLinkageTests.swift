@testable import DansoDeduplication
import DansoLinkage
import DansoPostgres
import Foundation
import Testing

/// Linking a register read once from PostgreSQL, blocked in working files and compared run by
/// run finds what the matcher finds with the whole register in memory: the same pairs,
/// weights and decisions.
@Suite(.serialized) struct StreamedLinkageTests {
    /// With a cap of 2 blocks are left out; with 6, larger blocks are compared. (This register
    /// gives the anchored rule no pairs: RegisterLinkTests and BlockRunTests cover it.) On one
    /// connection or two (blocking and runs shared between them), the same.
    @Test(arguments: [(2, 2), (6, 1), (6, 2)]) func runsFromTheDatabaseGiveWhatTheWholeRegisterInMemoryGives(cap: Int, connections: Int) throws {
        let g = try GeneratorFixture.generate(GeneratorFixture.options(
            households: 1200, months: 3, seed: 5, communes: WarehouseLoadTests.communes, duplicates: 0.03))
        let w = try Warehouse()
        _ = try w.ingestAll(g)
        var linker = PersonLinker(connection: w.connection, files: Warehouse.files, logger: w.logger)
        // A small cap and small runs, so that runs end mid-register; on two connections,
        // partitions of a few blocks each, so that every rule's blocks are cut in many.
        linker.maxBlockSize = cap
        linker.runSize = 300
        if connections == 2 { linker.partitionBytes = 4_000 }
        if connections == 2 { linker.helper = { [database = w.database] in try database.connect() } }
        // A working area left by a session that has ended is dropped by the next run.
        try w.connection.execute("create unlogged table staging.link_w999999_person (person_id bigint)")

        // Low thresholds, so that many pairs are kept and their weights compared.
        let store = LinkModelStore(connection: w.connection)
        let current = try store.current()
        try store.save(model: current.model, thresholds: MatchThresholds(link: -4, review: -30), source: current.source,
                       records: nil, pairs: nil, note: "thấp để thử / low, for the test")
        let stored = try store.current()
        let matcher = Matcher(model: stored.model, thresholds: stored.thresholds, maxBlockSize: cap)
        let records = try w.connection.transaction { c in try RegisterIdentities.load(c, files: Warehouse.files).records }
        let whole = matcher.scoreAll(records)
        #expect(records.count > 4000, "\(records.count) records, \(whole.compared) compared")
        if cap == 2 { #expect(whole.skippedBlocks > 0) }
        // Some records lack a day or month (none shares its name and birth year with another here).
        #expect(records.count { $0.birthMonth == nil || $0.birthDay == nil } > 10)
        // Few links here (the generated people are few and distinct): conflicts and links
        // through a third record are compared run by run in BlockRunTests.
        #expect(whole.links.count >= 5)
        #expect(whole.reviews.count >= 100)

        let outcome = try linker.run(newFromBatches: nil)
        #expect(outcome.compared == whole.compared)
        #expect(outcome.connections == connections)
        let expected = whole.pairs.filter { $0.decision != .nonMatch }
            .map { "\(min($0.a, $0.b))-\(max($0.a, $0.b)) \($0.decision == .link ? "linked" : "review") \(String(format: "%.9f", $0.score.weight))" }
            .sorted()
        let got = try w.connection.query("select person_a, person_b, status, weight from registry.person_link order by 1, 2")
            .map { "\($0["person_a"]!)-\($0["person_b"]!) \($0["status"]!) \(String(format: "%.9f", $0.double("weight")!))" }
            .sorted()
        #expect(got == expected)
        // The run's working tables are gone, and the stale one with them.
        let left = try w.connection.query("select relname from pg_class where relname ~ '^link_w[0-9]+_'").compactMap { $0["relname"] }
        #expect(left.isEmpty, "\(left)")
    }
}
