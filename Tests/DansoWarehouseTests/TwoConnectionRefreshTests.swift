import DansoPostgres
import DansoWarehouse
import Foundation
import Testing

/// The refresh that writes the month end on a second connection (migration 0027) must write
/// what the refresh on one connection writes, and the month end must never run without the
/// lock that keeps writers of the register out.
@Suite struct TwoConnectionRefreshTests {
    typealias LegacyWorld = IndicatorMartTests.LegacyWorld

    static let digests = [
        "dw.fact_birth", "dw.fact_death", "dw.fact_move", "dw.fact_marriage", "dw.fact_method_change", "dw.fact_screening",
        "dw.fact_population_month_end", "dw.fact_household_month_end",
    ]

    /// Every fact row and every value, as text, in one digest (the values' clock left out).
    static func digest(_ w: WarehouseFixture) throws -> [String] {
        var parts = try digests.map { table in
            try w.connection.query("select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as d from \(unsafeSQL: table) t")
                .first!["d"]! + " " + table
        }
        parts.append(try w.connection.query("""
            select count(*)::text || ':' || coalesce(md5(string_agg(r, '|' order by r)), '') as d
            from (select (indicator_code, level, unit_key, period, period_kind, period_start, period_end, value, numerator,
                          denominator)::text as r from mart.indicator_value) v
            """).first!["d"]! + " values")
        return parts
    }

    /// Asks for everything again: the facts and values of every commune from the register's
    /// date, and every month end counted again from the first.
    static func askAgain(_ w: WarehouseFixture) throws {
        try w.connection.execute("""
            insert into staging.indicator_refresh_request (commune_key, from_day, reason)
            select distinct s.commune_key, date '2023-12-01', 'test' from registry.person_state s
            """)
        try w.connection.execute("""
            insert into staging.snapshot_recount (commune_key, from_month, reason)
            select distinct s.commune_key, dw.month_index(date '2023-12-31'), 'test' from registry.person_state s
            """)
    }

    @Test func aRefreshOnTwoConnectionsWritesWhatOneConnectionWrites() throws {
        let w = try MartWorld.build(register: LegacyWorld.register, asOf: LegacyWorld.asOf, files: LegacyWorld.files)
        let refresh = IndicatorRefresh(connection: w.connection)
        // After each file the ingests refreshed on two connections (the connection was idle).
        let incremental = try Self.digest(w)
        #expect(incremental.first { $0.hasSuffix("dw.fact_population_month_end") }?.hasPrefix("0:") == false)

        // Everything redone on one connection (inside a transaction), then on two.
        try Self.askAgain(w)
        let one = try w.connection.transaction { _ in try refresh.runRequested() }
        #expect(!one.isEmpty)
        #expect(try Self.digest(w) == incremental)
        try Self.askAgain(w)
        try w.connection.execute("delete from dw.fact_population_month_end where month_end_date_key > 20240131")
        try w.connection.execute("delete from mart.indicator_value where period_start >= '2024-03-01'")
        let two = try refresh.runRequested()
        #expect(two.steps == one.steps)
        #expect(try Self.digest(w) == incremental)
        #expect(try refresh.pendingRequests() == 0)
    }

    @Test func theMonthEndAloneRefusesWithoutTheRefreshLock() throws {
        let w = try WarehouseFixture()
        // The lock of another database's refresh does not count (advisory locks are per database).
        let other = try WarehouseFixture()
        try other.connection.transaction { c in
            try c.execute("select pg_advisory_xact_lock(72519)")
            try w.connection.transaction { _ in
                #expect(try w.sqlstate(of: "select dw.refresh_month_end_alongside()") == "P0001")
                try w.connection.execute("select pg_advisory_xact_lock(72519)")
                #expect(try w.sqlstate(of: "select dw.refresh_month_end_alongside()") == nil)
            }
        }
    }
}
