@testable import DansoWarehouse
import Foundation
import Testing

/// `danso ingest a0` numbers a run's identities from a block per file in the order given
/// (migration 0036): the same files give the same identities in whatever order the
/// connections apply them, so a linked pair counts in the same commune.
@Suite struct RegisterIdentityBlocksTests {
    static let registers = ["a0_25489_tan_lap_2023-12-31.csv", "a0_25519_tan_ha_2023-12-31.csv", "a0_25555_suoi_da_2023-12-31.csv"]
        .map(WarehouseFixture.sample)

    /// Every identity with the line that lists it and its household.
    static func identities(_ w: WarehouseFixture) throws -> [String] {
        try w.connection.query("""
            select s.person_id || '|' || h.household_id || '|' || h.household_code || '|' || s.line_no || '|' || s.full_name as r
            from registry.person_state s join registry.household h using (household_id)
            """).map { $0["r"] ?? "" }.sorted()
    }

    static func load(_ w: WarehouseFixture, order: [Int]) throws {
        var options = IngestOptions()
        options.identityBlocks = try RegisterIdentityBlocks.reserve(for: registers, connection: w.connection)
        for i in order {
            _ = try RegisterIngestor(connection: w.connection, reference: w.reference, logger: w.logger)
                .ingest(path: registers[i], options: options)
        }
        try w.assertSound()
    }

    @Test func filesAppliedInAnotherOrderGiveTheSameIdentities() throws {
        let given = try WarehouseFixture()
        try Self.load(given, order: [0, 1, 2])
        let reversed = try WarehouseFixture()
        try Self.load(reversed, order: [2, 0, 1])
        let identities = try Self.identities(given)
        #expect(identities.count == (try given.scalar("select count(*) from registry.person")))
        #expect(try Self.identities(reversed) == identities)
        // The first file's people come first, each numbered by its line.
        #expect(try given.scalar("""
            select count(*) from registry.person_state s join audit.batch b using (batch_id)
            where b.file_name = 'a0_25489_tan_lap_2023-12-31.csv' and s.person_id <> (select min(person_id) from registry.person) + s.line_no - 2
            """) == 0)
    }

    @Test func aBlockTooSmallForItsFileIsRefused() throws {
        let w = try WarehouseFixture()
        var options = IngestOptions()
        let path = Self.registers[0]
        options.identityBlocks = [path: IdentityBlock(firstPerson: 1, firstHousehold: 1, size: 3)]
        do {
            _ = try RegisterIngestor(connection: w.connection, reference: w.reference, logger: w.logger).ingest(path: path, options: options)
            Issue.record("a file of more lines than its block loaded")
        } catch {
            #expect(String(reflecting: error).contains("has lines past its block of 3 numbers"))
        }
        #expect(try w.scalar("select count(*) from registry.person") == 0)
    }

    @Test(arguments: [("a\nb\nc\n", 4), ("a\r\nb\r\nc", 3), ("a\rb\rc\r", 4), ("", 1), ("only", 1)])
    func aFileHasNoMoreRecordsThanItsLineBound(text: String, bound: Int64) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("danso-bound-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(RegisterIdentityBlocks.lineBound(path: url.path) == bound)
    }
}
