import DansoPostgres
import DansoWarehouse
import Foundation
import Testing

/// One month end written in one pass over the register (migration 0025) must be, row for row,
/// what the range-wise function of 0018 writes for that month: every month of a year of
/// changes (births, deaths, moves, a person linked across two communes), for all communes and
/// for some; and the first load of a register, a range whose residents all begin in its last
/// month, must take the one-pass way.
@Suite struct OneMonthEndTests {
    typealias LegacyWorld = IndicatorMartTests.LegacyWorld

    static let population = "month_end_date_key, register_commune_key, commune_key, sex_key, age_key, marital_status_key, residence_key, ethnicity_key, contraceptive_method_key, people"
    static let households = "month_end_date_key, register_commune_key, commune_key, households, residents"

    /// Rows of month `month` (dw.month_index) that `first` writes and `second` does not, or
    /// the reverse, each called the same way after the month's rows were deleted.
    static func difference(_ w: WarehouseFixture, month: Int, communes: String, _ first: String, _ second: String) throws -> Int {
        let key = try w.scalar(PostgresQuery(unsafeSQL: "select dw.month_end_key(\(month))"))
        func write(_ function: String, into table: String) throws {
            try w.connection.execute(unsafeSQL: """
                delete from dw.fact_population_month_end where month_end_date_key = \(key);
                delete from dw.fact_household_month_end where month_end_date_key = \(key);
                select \(function)(\(communes), \(month), \(month));
                drop table if exists \(table)_population, \(table)_households;
                create temp table \(table)_population as select \(population) from dw.fact_population_month_end where month_end_date_key = \(key);
                create temp table \(table)_households as select \(households) from dw.fact_household_month_end where month_end_date_key = \(key)
                """)
        }
        try write(first, into: "first")
        try write(second, into: "second")
        func symmetric(_ table: String, _ columns: String) -> String {
            """
            (select count(*) from ((select \(columns) from first_\(table) except all select \(columns) from second_\(table))
                                   union all
                                   (select \(columns) from second_\(table) except all select \(columns) from first_\(table))) d)
            """
        }
        return try w.scalar(PostgresQuery(unsafeSQL: "select \(symmetric("population", population)) + \(symmetric("households", households))"))
    }

    @Test func everyMonthEndInOnePassIsTheRangeWiseOne() throws {
        let w = try MartWorld.build(register: LegacyWorld.register, asOf: LegacyWorld.asOf, files: LegacyWorld.files)
        _ = try w.connection.query("select dw.refresh_month_end(null, '-infinity', 'infinity')")
        // Two identities of two communes made one person: the larger is left out while the
        // smaller counts.
        let pair = try SnapshotDifferenceTests.linkTwoResidentsOfTwoCommunes(w, on: "2024-06-30")
        let communes = try w.connection.query("select array_agg(distinct commune_key)::text as all, min(commune_key) as one from registry.person_state").first!
        let months = try w.connection.query("""
            select distinct dw.month_index(to_date(month_end_date_key::text, 'YYYYMMDD')) as i
            from dw.fact_household_month_end order by 1
            """).compactMap { $0.int("i") }
        #expect(months.count == 13)
        var rows = 0
        for month in months {
            for scope in ["null", "'\(communes["all"]!)'::integer[]", "array[\(communes["one"]!)]"] {
                #expect(try Self.difference(w, month: month, communes: scope, "dw.write_month_end_by_ranges", "dw.write_month_end") == 0,
                        "month \(month), communes \(scope)")
            }
            rows += try w.scalar("select count(*) from second_population")
        }
        #expect(rows > 0)
        // The one-pass month leaves out the larger identity of the pair at the end of June.
        let june = try w.scalar("select dw.month_index('2024-06-30')")
        #expect(try w.scalar("select count(*) from dw.counted_on(null, '2024-06-30') where person_id = \(pair.b)") == 0)
        #expect(try w.scalar("select count(*) from dw.counted_on(null, '2024-06-30') where person_id = \(pair.a)") == 1)
        #expect(months.contains(june))
    }

    /// A first register load: every counted state begins on the register's date, so the
    /// range from 1900 to its month is written in one pass, and equals the range-wise one.
    @Test func aFirstLoadIsWrittenInOnePass() throws {
        let w = try MartWorld.build(register: LegacyWorld.register, asOf: LegacyWorld.asOf, files: [])
        let last = try w.scalar("select dw.month_index(dw.snapshot_last_month_end())")
        let from = try w.scalar("select dw.month_index('1900-01-01')")
        try w.connection.execute(unsafeSQL: """
            create temp table by_ranges as select dw.write_month_end_by_ranges(null, \(from), \(last)) as rows;
            create temp table ranges_population as select \(Self.population) from dw.fact_population_month_end;
            create temp table ranges_households as select \(Self.households) from dw.fact_household_month_end
            """)
        // The range-wise way leaves its working tables until the transaction ends.
        let tookRanges = try w.connection.transaction { c in
            try c.execute(unsafeSQL: "create temp table one_pass as select dw.write_month_end(null, \(from), \(last)) as rows")
            return try c.query("select to_regclass('pg_temp.dw_resident') is not null as ranges").first?.bool("ranges")
        }
        #expect(tookRanges == false)
        #expect(try w.scalar("select rows from by_ranges") > 0)
        #expect(try w.scalar("select (select rows from by_ranges) - (select rows from one_pass)") == 0)
        #expect(try w.scalar(PostgresQuery(unsafeSQL: """
            select (select count(*) from ((select \(Self.population) from ranges_population except all select \(Self.population) from dw.fact_population_month_end)
                                          union all (select \(Self.population) from dw.fact_population_month_end except all select \(Self.population) from ranges_population)) d)
                 + (select count(*) from ((select \(Self.households) from ranges_households except all select \(Self.households) from dw.fact_household_month_end)
                                          union all (select \(Self.households) from dw.fact_household_month_end except all select \(Self.households) from ranges_households)) d)
            """)) == 0)
    }
}
