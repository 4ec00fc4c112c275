import DansoDomain
import DansoIndicators
import DansoValidation
import DansoWarehouse
import Foundation
import Testing

/// A year of the sample communes' change files brings the registers to the truth at every
/// month end, as the sample generator computed it independently (expected_changes.json).
@Suite struct SampleYearTests {
    struct Expected: Decodable {
        struct Stock: Decodable { let resident: Int; let male: Int; let female: Int; let households: Int }
        let population: [String: [String: Stock]]
    }

    @Test func aYearOfChangesGivesTheExpectedMonthEnds() throws {
        let w = try WarehouseFixture()
        // Registers first (the later Tân Lập register included), then the months in order, as the pipeline does.
        for name in ["a0_25489_tan_lap_2023-12-31.csv", "a0_25519_tan_ha_2023-12-31.csv", "a0_25555_suoi_da_2023-12-31.csv",
                     "a0_25489_tan_lap_2024-06-30.csv"] {
            try w.ingest(WarehouseFixture.sample(name))
        }
        let changes = ChangeIngestor(connection: w.connection, reference: w.reference, files: WarehouseFixture.files, logger: w.logger)
        var warnings: [RuleCode] = []
        for month in 1...12 {
            for commune in ["25489", "25519", "25555"] {
                let path = WarehouseFixture.sample(String(format: "changes/p0_%@_2024-%02d.csv", commune, month))
                let o = try changes.ingest(path: path)
                #expect(o.report.rows.rejected == 0, "\(path): \(o.report.issues)")
                warnings += o.report.issues.map(\.rule)
            }
        }
        #expect(warnings == [.E01, .E01, .E01])
        let data = try Data(contentsOf: URL(fileURLWithPath: WarehouseFixture.sample("expected_changes.json")))
        let expected = try JSONDecoder().decode(Expected.self, from: data).population
        let figures = PopulationFigures(connection: w.connection, files: WarehouseFixture.files)
        for month in 1...12 {
            let day = CivilDate(year: 2024, month: month, day: 1)!.endOfMonth
            var got: [String: [IndicatorCode: Double]] = [:]
            for v in try figures.values(on: day, level: .commune) { got[v.unitCode, default: [:]][v.indicator] = v.value }
            for commune in ["25489", "25519", "25555"] {
                let e = try #require(expected[commune]?[String(format: "2024-%02d", month)])
                let g = got[commune] ?? [:]
                #expect(g[.pop] == Double(e.resident), "\(commune) \(day)")
                #expect(g[.popMale] == Double(e.male), "\(commune) \(day)")
                #expect(g[.popFemale] == Double(e.female), "\(commune) \(day)")
                #expect(g[.households] == Double(e.households), "\(commune) \(day)")
            }
        }
        // The re-sent slip is one slip; every slip is kept with its event, withdrawals marked.
        #expect(try w.scalar("select count(*) from registry.slip where slip_code = 'SD-2024-0027'") == 1)
        #expect(try w.scalar("select count(*) from registry.event where cancelled") >= 3)
    }

    /// Every change file of `sample-feeds/bad/E*.csv`, applied after the registers, gives its rule.
    @Test func everyBadChangeFileGivesItsRule() throws {
        let folder = WarehouseFixture.sample("bad")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("E") && $0.hasSuffix(".csv") }.sorted()
        #expect(names.count == 11)
        let w = try WarehouseFixture()
        for name in ["a0_25489_tan_lap_2023-12-31.csv", "a0_25519_tan_ha_2023-12-31.csv", "a0_25555_suoi_da_2023-12-31.csv"] {
            try w.ingest(WarehouseFixture.sample(name))
        }
        var options = IngestOptions()
        options.dryRun = true
        let changes = ChangeIngestor(connection: w.connection, reference: w.reference, files: WarehouseFixture.files, logger: w.logger)
        for name in names {
            let o = try changes.ingest(path: "\(folder)/\(name)", options: options)
            let rule = try #require(RuleCode(rawValue: String(name.prefix(3))))
            #expect(o.report.issues.contains { $0.rule == rule }, "\(name): \(o.report.issues.map(\.rule))")
        }
    }
}

extension SampleYearTests {
    /// The register's current states without ids or batches: what must not depend on arrival order.
    static func registerContent(_ w: WarehouseFixture) throws -> [String] {
        try w.connection.query("""
            select h.household_code, s.member_no, s.valid_from::text, s.valid_to::text, s.full_name, s.sex, s.birth_date::text,
                   s.marital_status, s.residence, s.contraceptive_method, s.relationship, s.end_reason
            from registry.person_state s join registry.household h using (household_id)
            where s.superseded_at is null
            """).map { row in (0..<12).map { row[$0] ?? "∅" }.joined(separator: "|") }.sorted()
    }

    static func load(_ w: WarehouseFixture, months: [Int]) throws {
        for name in ["a0_25489_tan_lap_2023-12-31.csv", "a0_25519_tan_ha_2023-12-31.csv", "a0_25555_suoi_da_2023-12-31.csv",
                     "a0_25489_tan_lap_2024-06-30.csv"] {
            try w.ingest(WarehouseFixture.sample(name))
        }
        let changes = ChangeIngestor(connection: w.connection, reference: w.reference, files: WarehouseFixture.files, logger: w.logger)
        for month in months {
            for commune in ["25555", "25519", "25489"] {
                _ = try changes.ingest(path: WarehouseFixture.sample(String(format: "changes/p0_%@_2024-%02d.csv", commune, month)))
            }
        }
        try w.assertSound()
    }

    @Test func monthsInAScrambledOrderEndInTheSameRegister() throws {
        let inOrder = try WarehouseFixture()
        try Self.load(inOrder, months: Array(1...12))
        let scrambled = try WarehouseFixture()
        try Self.load(scrambled, months: [12, 5, 11, 4, 10, 3, 9, 2, 8, 1, 7, 6])
        #expect(try Self.registerContent(scrambled) == (try Self.registerContent(inOrder)))
        #expect(try scrambled.scalar("select count(*) from staging.quarantine where status = 'held'") == 0)
        #expect(try scrambled.scalar("select count(*) from registry.event where not cancelled")
                == (try inOrder.scalar("select count(*) from registry.event where not cancelled")))
    }
}
