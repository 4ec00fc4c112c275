import DansoPostgres
import DansoWarehouse
import Foundation
import Testing

/// Issue 6's promise on a generated province: the incremental refresh after each of twelve
/// monthly files leaves exactly what a full rebuild finds, value for value, and the same
/// month-end snapshot row for row.
@Suite(.serialized) struct TwelveMonthRefreshTests {
    static let communes = ["25456", "25489", "25519", "25531", "25555", "25600"]

    @Test func refreshingAfterEachOfTwelveMonthsEqualsTheFullRebuild() throws {
        // Duplicates on: repeated events, re-sent lines and files are part of a real year.
        let g = try GeneratorFixture.generate(GeneratorFixture.options(households: 360, months: 12, seed: 12,
                                                                       communes: Self.communes, duplicates: 0.01))
        let w = try Warehouse()
        let refresh = IndicatorRefresh(connection: w.connection)
        let registers = RegisterIngestor(connection: w.connection, reference: w.reference, logger: w.logger, files: Warehouse.files)
        let changes = ChangeIngestor(connection: w.connection, reference: w.reference, files: Warehouse.files, logger: w.logger)
        // As `danso ingest … --defer-refresh` then `danso refresh`: once per month, not per file.
        var later = IngestOptions()
        later.refresh = .later
        let manifest = try g.manifest()
        for row in manifest where row["kind"] == "a0" { _ = try registers.ingest(path: g.path(row["path"]!), options: later) }
        try refresh.runRequested()

        // The change files month by month (the manifest's period), a refresh after each.
        let months = Dictionary(grouping: manifest.filter { $0["kind"] != "a0" }) { $0["period"] ?? "" }
        #expect(months.count == 12, "\(months.keys.sorted())")
        var refreshed = 0
        for month in months.keys.sorted() {
            for row in months[month]! { _ = try changes.ingest(path: g.path(row["path"]!), options: later) }
            let summary = try refresh.runRequested()
            #expect(!summary.isEmpty, "\(month): nothing was refreshed")
            #expect(try refresh.pendingRequests() == 0)
            refreshed += 1
        }
        #expect(refreshed == 12)

        let values = "indicator_code, level, unit_key, period, period_kind, period_start, period_end, value, numerator, denominator"
        let snapshot = """
            select month_end_date_key, register_commune_key, commune_key, sex_key, age_key, marital_status_key,
                   residence_key, ethnicity_key, contraceptive_method_key, people, null::integer as households
            from dw.fact_population_month_end
            union all
            select month_end_date_key, register_commune_key, commune_key, null, null, null, null, null, null, residents, households
            from dw.fact_household_month_end
            """
        try w.connection.execute(unsafeSQL: "create temp table incremental_values as select \(values) from mart.indicator_value")
        try w.connection.execute(unsafeSQL: "create temp table incremental_snapshot as \(snapshot)")
        #expect(try count(w, "select count(*) from pg_temp.incremental_values") > 5000)
        // Twelve month ends (and December 2023's) in every commune.
        #expect(try count(w, "select count(distinct month_end_date_key) from pg_temp.incremental_snapshot") == 13)

        try refresh.runFull()
        #expect(try count(w, """
            select count(*) from ((select \(values) from pg_temp.incremental_values except all select \(values) from mart.indicator_value)
                                  union all
                                  (select \(values) from mart.indicator_value except all select \(values) from pg_temp.incremental_values)) d
            """) == 0)
        #expect(try count(w, """
            select count(*) from ((select * from pg_temp.incremental_snapshot except all (\(snapshot)))
                                  union all
                                  ((\(snapshot)) except all select * from pg_temp.incremental_snapshot)) d
            """) == 0)
    }

    private func count(_ w: Warehouse, _ sql: String) throws -> Int {
        try w.connection.query(PostgresQuery(unsafeSQL: "select (\(sql))::int as n")).first?.int("n") ?? -1
    }
}
