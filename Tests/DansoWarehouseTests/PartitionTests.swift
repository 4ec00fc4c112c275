import DansoDomain
import DansoIndicators
import DansoPostgres
import DansoTestSupport
import DansoWarehouse
import Foundation
import Testing

/// The event facts partitioned by period (migration 0010, docs/scaling.md): registry.event
/// is partitioned by the year of event_date, the writer's inserts and corrections land in the
/// right partition, and a database that already held events keeps them.
@Suite struct PartitionTests {
    static let eventColumns = "event_id, root_slip_id, effective_slip_id, event_type, event_date, commune_key, person_id, mother_person_id, cancelled, updated_at"

    /// Rows per partition of registry.event, as `partition=rows`.
    static func partitions(_ conn: PostgresConnection) throws -> [String] {
        try conn.query("select tableoid::regclass::text as part, count(*) as n from registry.event group by 1 order by 1")
            .map { "\($0["part"] ?? "?")=\($0["n"] ?? "?")" }
    }

    static func problems(_ conn: PostgresConnection) throws -> [String] {
        try conn.query("select problem from registry.integrity_problems()").map { $0["problem"] ?? "?" }
    }

    @Test func theSampleYearsEventsLandInThe2024Partition() throws {
        let w = try WarehouseFixture()
        try SampleYearTests.load(w, months: Array(1...12))
        #expect(try w.scalar("select count(*) from pg_class where oid = 'registry.event'::regclass and relkind = 'p'") == 1)
        #expect(try w.scalar("select count(*) from pg_inherits where inhparent = 'registry.event'::regclass") == 22)
        let total = try w.scalar("select count(*) from registry.event")
        #expect(total > 200)
        #expect(try Self.partitions(w.connection) == ["registry.event_2024=\(total)"])
        #expect(try Self.problems(w.connection) == [])
        // A question about one year reads that year's partition only.
        let plan = try w.connection.query("""
            explain (costs off) select count(*) from registry.event
            where not cancelled and event_date >= date '2024-04-01' and event_date < date '2024-07-01'
            """).compactMap { $0[0] }.joined(separator: "\n")
        #expect(plan.contains("event_2024"), "\(plan)")
        #expect(!plan.contains("event_2023") && !plan.contains("event_2025") && !plan.contains("event_default"), "\(plan)")
    }

    @Test func aCorrectionIntoAnotherYearMovesTheEventToThatYearsPartition() throws {
        let w = try ChangeSlipTests.warehouse()
        _ = try ChangeSlipTests.changes(w, "12/2024", ["T-1,CHET,20/12/2024,TL01003,1,,,,,,,,,,,,,,,,"])
        #expect(try Self.partitions(w.connection) == ["registry.event_2024=1"])
        #expect(try ChangeSlipTests.pop(w, "2024-12-31") == (199, 54))
        let o = try ChangeSlipTests.changes(w, "01/2025", ["T-2,SUA,05/01/2025,TL01003,1,,,,,,,,,,,,,,,,T-1"])
        #expect(o.report.rows.accepted == 1, "\(o.report.issues)")
        #expect(try Self.partitions(w.connection) == ["registry.event_2025=1"])
        #expect(try w.scalar("""
            select count(*) from registry.event e join registry.slip s on s.slip_id = e.effective_slip_id
            where s.slip_code = 'T-2' and e.event_date = date '2025-01-05'
            """) == 1)
        #expect(try ChangeSlipTests.pop(w, "2024-12-31") == (200, 55))
        #expect(try ChangeSlipTests.pop(w, "2025-01-31") == (199, 54))
        #expect(try Self.problems(w.connection) == [])
    }

    @Test func theRootSlipStaysUniqueAcrossPartitions() throws {
        let w = try ChangeSlipTests.warehouse()
        _ = try ChangeSlipTests.changes(w, "03/2024", ["T-1,BPTT,03/03/2024,TL01001,2,,,,,,,,,,,,,6,,,"])
        #expect(try Self.problems(w.connection) == [])
        // The unique constraint holds within a partition only: a second row for the same root
        // slip in another year is what integrity_problems() is there to catch.
        try w.connection.execute("""
            insert into registry.event (root_slip_id, effective_slip_id, event_type, event_date, commune_key, person_id)
            select root_slip_id, effective_slip_id, event_type, date '2023-03-03', commune_key, person_id from registry.event
            """)
        #expect(try Self.partitions(w.connection) == ["registry.event_2023=1", "registry.event_2024=1"])
        #expect(try Self.problems(w.connection) == ["event root_slip_id reported by more than one event (unique within a partition only)"])
        try w.connection.execute("delete from registry.event where event_date = date '2023-03-03'")
        #expect(try Self.problems(w.connection) == [])
    }

    /// Migration 0010 on a database that already holds events (as a province's warehouse will):
    /// half the sample year before it, half after; the events keep their ids and content, new
    /// ids follow the old ones, and the month ends are the expected ones.
    @Test func aDatabaseWithEventsKeepsThemThroughTheMigration() throws {
        let fm = FileManager.default
        let before0010 = fm.temporaryDirectory.appendingPathComponent("danso-sql-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: before0010, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: before0010) }
        let sql = WarehouseFixture.files.sqlDirectory
        for name in try fm.contentsOfDirectory(atPath: sql) where name.hasSuffix(".sql") && !name.hasPrefix("0010_") {
            try fm.copyItem(atPath: "\(sql)/\(name)", toPath: "\(before0010)/\(name)")
        }

        let logger = TestDatabase.silentLogger
        let conn = try TestDatabase.fresh().connect()
        try Migrator(directory: before0010).migrate(conn, logger: logger)
        try ReferenceLoader(files: WarehouseFixture.files).load(conn, logger: logger)
        let reference = try ReferenceLoader.referenceData(conn)
        for name in ["a0_25489_tan_lap_2023-12-31.csv", "a0_25519_tan_ha_2023-12-31.csv", "a0_25555_suoi_da_2023-12-31.csv",
                     "a0_25489_tan_lap_2024-06-30.csv"] {
            _ = try RegisterIngestor(connection: conn, reference: reference, logger: logger)
                .ingest(path: WarehouseFixture.sample(name), options: IngestOptions())
        }
        let changes = ChangeIngestor(connection: conn, reference: reference, files: WarehouseFixture.files, logger: logger)
        func month(_ m: Int) throws {
            for commune in ["25489", "25519", "25555"] {
                let o = try changes.ingest(path: WarehouseFixture.sample(String(format: "changes/p0_%@_2024-%02d.csv", commune, m)))
                #expect(o.report.rows.rejected == 0, "\(o.report.issues)")
            }
        }
        func events() throws -> [String] {
            try conn.query(PostgresQuery(unsafeSQL: "select \(Self.eventColumns) from registry.event order by event_id"))
                .map { row in (0..<10).map { row[$0] ?? "∅" }.joined(separator: "|") }
        }
        for m in 1...6 { try month(m) }
        let kept = try events()
        #expect(kept.count > 100)
        #expect(try conn.query("select relkind::text from pg_class where oid = 'registry.event'::regclass").first?[0] == "r")
        let lastID = try #require(try conn.query("select max(event_id) from registry.event").first?[0].flatMap { Int($0) })

        let applied = try Migrator(directory: sql).migrate(conn, logger: logger)
        #expect(applied.map(\.version) == [10])
        #expect(try conn.query("select relkind::text from pg_class where oid = 'registry.event'::regclass").first?[0] == "p")
        #expect(try events() == kept)
        #expect(try Self.partitions(conn) == ["registry.event_2024=\(kept.count)"])
        #expect(try Self.problems(conn) == [])

        for m in 7...12 { try month(m) }
        let all = try events()
        #expect(Array(all.prefix(kept.count)).map { $0.split(separator: "|")[0] } == kept.map { $0.split(separator: "|")[0] })
        #expect(try conn.query("select count(*) from registry.event where event_id <= \(lastID)").first?[0] == String(kept.count))
        #expect(all.count > kept.count)
        #expect(try Self.problems(conn) == [])

        let data = try Data(contentsOf: URL(fileURLWithPath: WarehouseFixture.sample("expected_changes.json")))
        let expected = try JSONDecoder().decode(SampleYearTests.Expected.self, from: data).population
        let figures = PopulationFigures(connection: conn, files: WarehouseFixture.files)
        for m in 1...12 {
            let day = CivilDate(year: 2024, month: m, day: 1)!.endOfMonth
            var got: [String: [IndicatorCode: Double]] = [:]
            for v in try figures.values(on: day, level: .commune) { got[v.unitCode, default: [:]][v.indicator] = v.value }
            for commune in ["25489", "25519", "25555"] {
                let e = try #require(expected[commune]?[String(format: "2024-%02d", m)])
                #expect(got[commune]?[.pop] == Double(e.resident), "\(commune) \(day)")
                #expect(got[commune]?[.households] == Double(e.households), "\(commune) \(day)")
            }
        }
    }
}
