import DansoPostgres
import DansoWarehouse
import Foundation
import Testing

/// The indicator values of the mart (migration 0019) on worlds built by hand: every indicator
/// of mart.indicator with its numerator, denominator and value counted by hand, at every
/// level; revisions; the incremental refresh against the full rebuild; the 2025 hierarchy.
@Suite struct IndicatorMartTests {
    typealias Slip = MartWorld.Slip
    typealias Figure = MartWorld.Figure
    typealias UnitInputs = MartWorld.UnitInputs
    static let tanLap = MartWorld.tanLap, thanhBac = MartWorld.thanhBac, tanHa = MartWorld.tanHa

    /// The codes of a kind of period whose inputs are the end of period only, and all of them.
    static let monthCodes: Set<String> = [
        "POP", "POP_MALE", "POP_FEMALE", "HOUSEHOLDS", "POP_AVG", "SEX_RATIO", "BIRTHS", "BIRTHS_MALE", "BIRTHS_FEMALE", "SRB",
        "BIRTHS_2ND", "BIRTHS_3PLUS", "BIRTHS_TEEN", "DEATHS", "INFANT_DEATHS", "U5_DEATHS", "IN_MIGRANTS", "OUT_MIGRANTS",
        "MWRA", "AGEING_INDEX", "DEP_RATIO", "CHILD_DEP_RATIO", "OLD_DEP_RATIO", "MARRIAGES", "ONTIME_PCT",
    ]

    // MARK: every indicator, every level

    @Test func everyIndicatorIsComputedAsIndicatorsMdDefinesIt() throws {
        let w = try MartWorld.build(register: LegacyWorld.register, asOf: LegacyWorld.asOf, files: LegacyWorld.files)
        try MartWorld.refreshFull(w)

        // The year 2024: every code of the catalogue, at every level.
        let catalogue = Set(try w.connection.query("select indicator_code from mart.indicator").map { $0["indicator_code"]! })
        #expect(catalogue.count == 51)
        #expect(Set(LegacyWorld.province2024.expected(kind: "year").keys) == catalogue)
        try MartWorld.expectValues(w, "commune", Self.tanLap, "2024", LegacyWorld.tanLap2024.expected(kind: "year"))
        try MartWorld.expectValues(w, "commune", Self.thanhBac, "2024", LegacyWorld.thanhBac2024.expected(kind: "year"))
        try MartWorld.expectValues(w, "commune", Self.tanHa, "2024", LegacyWorld.tanHa2024.expected(kind: "year"))
        try MartWorld.expectValues(w, "district", "705", "2024", LegacyWorld.district705in2024.expected(kind: "year"))
        try MartWorld.expectValues(w, "district", "706", "2024", LegacyWorld.district706in2024.expected(kind: "year"))
        try MartWorld.expectValues(w, "province", "72", "2024", LegacyWorld.province2024.expected(kind: "year"))
        // Only the units with register data: 3 communes, 2 districts, 1 province.
        #expect(try w.scalar("select count(distinct unit_key) from mart.indicator_value where period = '2024'") == 6)

        // December 2023, the register's month: stocks only, the events before it are unknown.
        var december = UnitInputs()
        (december.people, december.males, december.females, december.households) = (9, 4, 5, 3)
        (december.aged0to14, december.aged15to64, december.aged65plus, december.aged60plus) = (1, 8, 0, 2)  // Dũng 64, Hoa 61
        december.mwra = 2
        try MartWorld.expectValues(w, "commune", Self.tanLap, "2023-12", december.expected(kind: "month"))
        // The year 2023: likewise; the province's rates of stocks are given (years), not those of P_avg.
        var year2023 = UnitInputs()
        (year2023.people, year2023.males, year2023.females, year2023.households) = (17, 7, 10, 6)
        (year2023.aged0to14, year2023.aged15to64, year2023.aged65plus, year2023.aged60plus) = (1, 15, 1, 3)  // Cường; Ngọc 83
        (year2023.mwra, year2023.mwraAnyMethod, year2023.mwraModernMethod) = (4, 3, 2)  // Bình IUD, Lan trad., Mai pill, Oanh none
        try MartWorld.expectValues(w, "province", "72", "2023", year2023.expected(kind: "year"))

        // January 2024, communes reporting on time: Tân Lập's file at 23:00 on 7 February (Vietnam
        // time), the 5th working day; Thạnh Bắc's at 01:30 on the 8th; none from Tân Hà.
        for (level, unit, onTime, communes) in [("commune", Self.tanLap, 1.0, 1.0), ("commune", Self.thanhBac, 0, 1),
                                                ("commune", Self.tanHa, 0, 1), ("district", "705", 1, 2),
                                                ("district", "706", 0, 1), ("province", "72", 1, 3)] {
            try MartWorld.expectValues(w, level, unit, "2024-01", ["ONTIME_PCT": .ratio(onTime, communes, per: 100)], only: false)
        }
        #expect(Set(try MartWorld.values(w, "province", "72", "2024-01").keys) == Self.monthCodes)

        // April 2024: Giang moves from Tân Lập to Thạnh Bắc, two communes of district 705 — migration
        // for both communes, not for the district nor the province. Bé dies (infant death).
        try MartWorld.expectValues(w, "commune", Self.tanLap, "2024-04", ["IN_MIGRANTS": .count(0), "OUT_MIGRANTS": .count(1)], only: false)
        try MartWorld.expectValues(w, "commune", Self.thanhBac, "2024-04", [
            "IN_MIGRANTS": .count(1), "OUT_MIGRANTS": .count(0), "DEATHS": .count(1), "INFANT_DEATHS": .count(1)], only: false)
        for (level, unit) in [("district", "705"), ("province", "72")] {
            try MartWorld.expectValues(w, level, unit, "2024-04", ["IN_MIGRANTS": .count(0), "OUT_MIGRANTS": .count(0)], only: false)
        }
        // May: Hoa moves from district 705 to 706 — migration for the districts, not the province.
        try MartWorld.expectValues(w, "district", "705", "2024-05", ["IN_MIGRANTS": .count(0), "OUT_MIGRANTS": .count(1)], only: false)
        try MartWorld.expectValues(w, "district", "706", "2024-05", ["IN_MIGRANTS": .count(1), "OUT_MIGRANTS": .count(0)], only: false)
        try MartWorld.expectValues(w, "province", "72", "2024-05", ["IN_MIGRANTS": .count(0), "OUT_MIGRANTS": .count(0)], only: false)
        // June, P_avg of a month: Tân Hà had 6 people on 31 May (Hoa arrived), 7 on 30 June (Tí).
        try MartWorld.expectValues(w, "commune", Self.tanHa, "2024-06", ["POP_AVG": .count(6.5), "POP": .count(7)], only: false)

        // The second quarter at the province: 19 people on 31 March, 20 on 30 June.
        let q2: [String: Figure] = [
            "POP": .count(20), "POP_MALE": .count(8), "POP_FEMALE": .count(12), "HOUSEHOLDS": .count(9), "POP_AVG": .count(19.5),
            "SEX_RATIO": .ratio(8, 12, per: 100), "BIRTHS": .count(2), "BIRTHS_MALE": .count(1), "BIRTHS_FEMALE": .count(1),
            "SRB": .ratio(1, 1, per: 100), "BIRTHS_2ND": .count(0), "BIRTHS_3PLUS": .count(1), "BIRTHS_TEEN": .count(1),
            "DEATHS": .count(1), "INFANT_DEATHS": .count(1), "U5_DEATHS": .count(1), "IN_MIGRANTS": .count(1),
            "OUT_MIGRANTS": .count(1), "MARRIAGES": .count(0),
        ]
        try MartWorld.expectValues(w, "province", "72", "2024-Q2", q2, only: false)
        #expect(Set(try MartWorld.values(w, "province", "72", "2024-Q2").keys) == Self.monthCodes.subtracting(["ONTIME_PCT"]))

        // A public holiday on Monday 4 March moves February's deadline to the 8th: every commune
        // reported February on time. The calendar is read by the full refresh of the values.
        let computedBefore = try MartWorld.scalarText(w, "select max(computed_at)::text from mart.indicator_value")!
        try w.connection.execute("insert into ref.public_holiday (day, name_vi, name_en) values ('2024-03-04', 'Nghỉ bù', 'Day off in lieu')")
        _ = try w.connection.query("select mart.refresh_all_values()")
        try MartWorld.expectValues(w, "province", "72", "2024-02", ["ONTIME_PCT": .ratio(3, 3, per: 100)], only: false)
        try MartWorld.expectValues(w, "province", "72", "2024", ["ONTIME_PCT": .ratio(500, 12, per: 1)], only: false)
        try MartWorld.expectValues(w, "commune", Self.tanLap, "2024", ["ONTIME_PCT": .ratio(600, 12, per: 1)], only: false)
        // Only the values that changed were rewritten (ONTIME_PCT of February and of 2024).
        try MartWorld.expectRows(w, """
            select indicator_code || ' ' || period as r from mart.indicator_value where computed_at > '\(computedBefore)'::timestamptz
            group by 1
            """, ["ONTIME_PCT 2024-02", "ONTIME_PCT 2024"])
        #expect(try w.scalar("select count(*) from mart.indicator_value_revision where superseded_at > \(computedBefore)::timestamptz")
                == 6 + 6)
    }

    // MARK: revisions

    @Test func aLateReportRevisesAClosedMonthAndItsWithdrawalRevisesItBack() throws {
        let w = try MartWorld.build(register: LegacyWorld.register, asOf: LegacyWorld.asOf, files: LegacyWorld.files)
        try MartWorld.refreshFull(w)
        let before = try MartWorld.scalarText(w, "select clock_timestamp()::text")!
        func deaths(_ level: String, _ unit: String, _ period: String, asOf: String? = nil) throws -> Double? {
            try MartWorld.values(w, level, unit, period, asOf: asOf)["DEATHS"]?.value
        }
        #expect(try deaths("commune", Self.tanLap, "2024-09") == 0)

        // In December, Tân Lập reports that Dũng died on 10 September: September is revised.
        let late = MartWorld.ChangeFile(month: "12/2024", receivedAt: nil, slips: [
            Slip(Self.tanLap, "WEB", "A-10", "CHET", "10/09/2024", "A2", 1)])
        try MartWorld.ingestChanges(w, late)
        try MartWorld.refreshTouched(w, [Self.tanLap], from: "2024-09-10")
        #expect(try deaths("commune", Self.tanLap, "2024-09") == 1)
        #expect(try deaths("district", "705", "2024-Q3") == 2)      // Ngọc in August too
        var province = LegacyWorld.province2024
        (province.people, province.males, province.deaths) = (18, 7, 3)
        (province.aged15to64, province.aged65plus, province.aged60plus) = (14, 0, 1)
        province.lines += 1                                         // the December line
        try MartWorld.expectValues(w, "province", "72", "2024", province.expected(kind: "year"), only: false)
        // The figures as published before are kept, and are what was known then.
        try MartWorld.expectRows(w, """
            select concat_ws('|', r.value, r.computed_at <= '\(before)'::timestamptz, r.superseded_at > '\(before)'::timestamptz) as r
            from mart.indicator_value_revision r join ref.admin_unit u on u.unit_key = r.unit_key
            where r.indicator_code = 'DEATHS' and r.period = '2024-09' and u.code = '\(Self.tanLap)'
            """, ["0|t|t"])
        #expect(try deaths("commune", Self.tanLap, "2024-09", asOf: before) == 0)
        try MartWorld.expectValues(w, "province", "72", "2024", LegacyWorld.province2024.expected(kind: "year"), asOf: before)
        // Months before September did not change and were not rewritten.
        #expect(try w.scalar("""
            select count(*) from mart.indicator_value where period in ('2024-01', '2024-08', '2024-Q2') and computed_at > \(before)::timestamptz
            """) == 0)

        // Then it withdraws the slip (HUY): September is revised back.
        let between = try MartWorld.scalarText(w, "select clock_timestamp()::text")!
        try MartWorld.ingestChanges(w, .init(month: "12/2024", receivedAt: nil, slips: [
            Slip(Self.tanLap, "WEB", "A-11", "HUY", "15/12/2024", "A2", 1, ["ma_phieu_goc": "A-10"])]))
        try MartWorld.refreshTouched(w, [Self.tanLap], from: "2024-09-10")
        #expect(try deaths("commune", Self.tanLap, "2024-09") == 0)
        #expect(try deaths("commune", Self.tanLap, "2024-09", asOf: between) == 1)
        #expect(try deaths("commune", Self.tanLap, "2024-09", asOf: before) == 0)
        try MartWorld.expectRows(w, """
            select r.value || '|' || (r.superseded_at > '\(between)'::timestamptz) as r
            from mart.indicator_value_revision r join ref.admin_unit u on u.unit_key = r.unit_key
            where r.indicator_code = 'DEATHS' and r.period = '2024-09' and u.code = '\(Self.tanLap)'
            """, ["0|false", "1|true"])
        var back = LegacyWorld.province2024
        (back.mobileLines, back.lines) = (9, 25)                   // the two December lines stay (accepted lines)
        try MartWorld.expectValues(w, "province", "72", "2024", back.expected(kind: "year"))
    }

    // MARK: incremental = full

    /// After the legacy world's files: a late death, a correction moving a death from August
    /// to July, a withdrawn marriage and a file of a new month (January 2025).
    static let lateAndCorrectedFiles: [MartWorld.ChangeFile] = [
        .init(month: "12/2024", receivedAt: nil, slips: [
            Slip(Self.tanLap, "WEB", "A-10", "CHET", "10/09/2024", "A2", 1),
            Slip(Self.thanhBac, "WEB", "B-9", "SUA", "20/07/2024", "B1", 3, ["ma_phieu_goc": "B-7"]),
        ]),
        .init(month: "01/2025", receivedAt: "2025-02-03T02:00:00Z", slips: [
            Slip(Self.tanHa, "WEB", "C-7", "HUY", "10/01/2025", "C1", 4, ["ma_phieu_goc": "C-2"]),
            Slip(Self.thanhBac, "DI_DONG", "B-10", "BPTT", "05/01/2025", "B1", 2, ["bptt": "0"]),
        ]),
    ]

    @Test func theIncrementalRefreshEqualsTheFullRebuild() throws {
        // The legacy world file by file, each followed by mart.refresh_touched with the communes it
        // touched from the first day it changed; then lateAndCorrectedFiles.
        let extra = Self.lateAndCorrectedFiles
        var steps = 0
        let w = try MartWorld.build(register: LegacyWorld.register, asOf: LegacyWorld.asOf, files: LegacyWorld.files + extra) {
            w, communes, from in
            try MartWorld.refreshTouched(w, communes, from: from)
            steps += 1
        }
        #expect(steps == 3 + LegacyWorld.files.count + extra.count)
        // The incremental path saw the corrections.
        try MartWorld.expectValues(w, "commune", Self.thanhBac, "2024-07", ["DEATHS": .count(1)], only: false)
        try MartWorld.expectValues(w, "commune", Self.tanHa, "2024", ["MARRIAGES": .count(1), "CHILD_MARRIAGE_PCT": .ratio(0, 1, per: 100)],
                                   only: false)
        #expect(try w.scalar("select count(*) from mart.indicator_value where period = '2025-01'") > 0)

        let columns = "indicator_code, level, unit_key, period, period_kind, period_start, period_end, value, numerator, denominator"
        try w.connection.execute(unsafeSQL: "create temp table incremental as select \(columns), computed_at from mart.indicator_value")
        let revisions = try w.scalar("select count(*) from mart.indicator_value_revision")
        try MartWorld.refreshFull(w)
        #expect(try w.scalar("select count(*) from mart.indicator_value") > 1000)
        #expect(try w.scalar(PostgresQuery(unsafeSQL: """
            select count(*) from ((select \(columns) from pg_temp.incremental except all select \(columns) from mart.indicator_value)
                                  union all
                                  (select \(columns) from mart.indicator_value except all select \(columns) from pg_temp.incremental)) d
            """)) == 0)
        // Nothing was rewritten: the same computed_at everywhere, no new revision.
        #expect(try w.scalar("""
            select count(*) from mart.indicator_value v join pg_temp.incremental i using (indicator_code, unit_key, period)
            where v.computed_at <> i.computed_at
            """) == 0)
        #expect(try w.scalar("select count(*) from mart.indicator_value_revision") == revisions)
    }
}
