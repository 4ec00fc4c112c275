import DansoPostgres
import DansoWarehouse
import Foundation
import Testing

/// A world across the 1 July 2025 reform: registered on 31/12/2024 in the legacy communes
/// Tân Lập and Thạnh Bắc (both went into the new Tân Lập, 25489) and Tân Hà (into Tân Đông,
/// 25522); all three in province 80 (Tây Ninh) after it.
/// - 2024-12-31: Tân Lập A1 An m 1990, Bình f 03/1994 married (IUD); A2 Giang f 2000 single.
///   Thạnh Bắc B1 Long m 1980, Mai f 29/02/2000 married (pill). Tân Hà C1 Nam m 1970, Oanh f
///   07/07/1975 married (none).
/// - 10/03/2025 Giang moves from Tân Lập to Thạnh Bắc (B2): two communes of one district then,
///   one commune of the 2025 hierarchy. 20/05/2025 Mai gives birth to Bảo (m).
/// - 15/08/2025 Tài (m, 1995) arrives from abroad in the new Tân Lập (25489, N1), the file on
///   time (1 September); 05/12/2025 Xuân (f, 1998) arrives from Hồ Chí Minh City (79) in Tân
///   Đông (25522, N2), filed under the 2025 codes.
extension IndicatorMartTests {
    static let reformRegister: [(commune: String, lines: [String])] = [
        (MartWorld.tanLap, ["1,A1,1,Nguyễn Văn An,1,1,10/05/1990,01,2,1,", "1,A1,2,Trần Thị Bình,2,2,03/1994,01,2,1,1",
                            "1,A2,1,Lê Thị Giang,1,2,12/12/2000,01,1,1,"]),
        (MartWorld.thanhBac, ["1,B1,1,Đặng Văn Long,1,1,15/07/1980,01,2,1,", "1,B1,2,Đỗ Thị Mai,2,2,29/02/2000,01,2,1,6"]),
        (MartWorld.tanHa, ["1,C1,1,Huỳnh Văn Nam,1,1,03/03/1970,01,2,1,", "1,C1,2,Huỳnh Thị Oanh,2,2,07/07/1975,01,2,1,0"]),
    ]

    static let reformFiles: [MartWorld.ChangeFile] = [
        .init(month: "03/2025", receivedAt: nil, slips: [
            Slip(MartWorld.tanLap, "WEB", "A-1", "DI", "10/03/2025", "A2", 1, ["noi_den_di": MartWorld.thanhBac]),
            Slip(MartWorld.thanhBac, "WEB", "B-1", "DEN", "11/03/2025", "B2", 1,
                 MartWorld.person("Lê Thị Giang", sex: "2", born: "12/12/2000", relation: "1", marital: "1", residence: "1",
                                  from: MartWorld.tanLap)),
        ]),
        .init(month: "05/2025", receivedAt: nil, slips: [
            Slip(MartWorld.thanhBac, "WEB", "B-2", "SINH", "20/05/2025", "B1", 3,
                 MartWorld.child("Đặng Văn Bảo", sex: "1", born: "20/05/2025", mother: 2, order: 1, place: 1)),
        ]),
        .init(month: "08/2025", receivedAt: "2025-09-01T02:00:00Z", slips: [
            Slip(MartWorld.tanLap2025, "DI_DONG", "N-1", "DEN", "15/08/2025", "N1", 1,
                 MartWorld.person("Ngô Văn Tài", sex: "1", born: "1995", relation: "1", marital: "1", residence: "1", from: "NN")),
        ]),
        .init(month: "12/2025", receivedAt: nil, slips: [
            Slip(MartWorld.tanHa2025, "WEB", "X-1", "DEN", "05/12/2025", "N2", 1,
                 MartWorld.person("Đinh Thị Xuân", sex: "2", born: "1998", relation: "1", marital: "1", residence: "2", from: "79")),
        ]),
    ]

    @Test func periodsAfterJune2025AreReportedOnThe2025UnitsWithoutDistricts() throws {
        let w = try MartWorld.build(register: Self.reformRegister, asOf: "31/12/2024", files: Self.reformFiles)
        try MartWorld.refreshFull(w)

        // March 2025, legacy hierarchy: Giang's move is migration for both communes, not for district 705.
        try MartWorld.expectValues(w, "commune", MartWorld.tanLap, "2025-03", ["OUT_MIGRANTS": .count(1), "IN_MIGRANTS": .count(0)], only: false)
        try MartWorld.expectValues(w, "commune", MartWorld.thanhBac, "2025-03", ["IN_MIGRANTS": .count(1)], only: false)
        try MartWorld.expectValues(w, "district", "705", "2025-03", ["IN_MIGRANTS": .count(0), "OUT_MIGRANTS": .count(0)], only: false)
        // The second quarter still has districts: 6 people in 705 on 30 June, Bảo born in it.
        try MartWorld.expectValues(w, "district", "705", "2025-Q2", ["POP": .count(6), "BIRTHS": .count(1)], only: false)
        try MartWorld.expectValues(w, "province", "72", "2025-Q2", ["POP": .count(8)], only: false)
        #expect(try MartWorld.scalarText(w, "select mart.unavailable_reason('district', '2025-Q2')") == nil)

        // From July on: the 2025 communes (Thạnh Bắc's people count in the new Tân Lập) and province 80.
        try MartWorld.expectValues(w, "commune", MartWorld.tanLap2025, "2025-07", [
            "POP": .count(6), "POP_AVG": .count(6), "IN_MIGRANTS": .count(0)], only: false)
        try MartWorld.expectValues(w, "commune", MartWorld.tanLap2025, "2025-Q3", [
            "POP": .count(7), "POP_AVG": .count(6.5), "IN_MIGRANTS": .count(1)], only: false)
        try MartWorld.expectValues(w, "province", "80", "2025-Q3", ["POP": .count(9), "POP_AVG": .count(8.5), "IN_MIGRANTS": .count(1)],
                                   only: false)
        // August, reported on time by the new Tân Lập, not by Tân Đông.
        try MartWorld.expectValues(w, "province", "80", "2025-08", ["ONTIME_PCT": .ratio(1, 2, per: 100)], only: false)

        // The year 2025 is on the 2025 hierarchy too: P_start is 31/12/2024 carried to the new
        // communes, the events of January–June are carried there as well; Giang's move stays
        // inside the new Tân Lập, so it is no migration for the year.
        var tanLap = UnitInputs()
        (tanLap.people, tanLap.males, tanLap.females, tanLap.households) = (7, 4, 3, 4)   // An Long Bảo Tài; Bình Mai Giang
        (tanLap.aged0to14, tanLap.aged15to64) = (1, 6)
        (tanLap.mwra, tanLap.mwraAnyMethod, tanLap.mwraModernMethod) = (2, 2, 2)          // Bình (IUD), Mai (pill)
        tanLap.womenEnd = [0, 0, 2, 1, 0, 0, 0]                                           // Mai 25, Giang 25, Bình 31
        tanLap.peopleStart = 5
        tanLap.womenStart = [0, 2, 0, 1, 0, 0, 0]                                         // Mai 24, Giang 24, Bình 30
        (tanLap.births, tanLap.birthsMale) = (1, 1)
        tanLap.birthsByGroup = [0, 0, 1, 0, 0, 0, 0]                                      // Mai is 25 on 20 May
        tanLap.inMigrants = 1                                                             // Tài
        tanLap.onTime = (100, 12)                                                         // August only
        (tanLap.mobileLines, tanLap.lines) = (1, 4)
        try MartWorld.expectValues(w, "commune", MartWorld.tanLap2025, "2025", tanLap.expected(kind: "year"))

        var tanHa = UnitInputs()
        (tanHa.people, tanHa.males, tanHa.females, tanHa.households) = (3, 1, 2, 2)       // Nam; Oanh (50), Xuân
        tanHa.aged15to64 = 3
        tanHa.womenEnd = [0, 0, 1, 0, 0, 0, 0]
        tanHa.peopleStart = 2
        tanHa.womenStart = [0, 0, 0, 0, 0, 0, 1]                                          // Oanh 49
        tanHa.inMigrants = 1                                                              // Xuân, from another province
        tanHa.onTime = (0, 12)
        (tanHa.mobileLines, tanHa.lines) = (0, 1)
        try MartWorld.expectValues(w, "commune", MartWorld.tanHa2025, "2025", tanHa.expected(kind: "year"))

        var province = UnitInputs()
        (province.people, province.males, province.females, province.households) = (10, 5, 5, 6)
        (province.aged0to14, province.aged15to64) = (1, 9)
        (province.mwra, province.mwraAnyMethod, province.mwraModernMethod) = (2, 2, 2)
        province.womenEnd = [0, 0, 3, 1, 0, 0, 0]
        province.peopleStart = 7
        province.womenStart = [0, 2, 0, 1, 0, 0, 1]
        (province.births, province.birthsMale) = (1, 1)
        province.birthsByGroup = [0, 0, 1, 0, 0, 0, 0]
        province.inMigrants = 2
        province.onTime = (50, 12)                                                        // 1 of 2 communes in August
        (province.mobileLines, province.lines) = (1, 5)
        try MartWorld.expectValues(w, "province", "80", "2025", province.expected(kind: "year"))

        // No districts after June 2025, and why; no legacy unit in a later period, no 2025 unit before.
        #expect(try w.scalar("select count(*) from mart.indicator_value where level = 'district' and period_end > '2025-06-30'") == 0)
        #expect(try w.scalar("select count(*) from mart.indicator_value where level = 'district' and period = '2025-06'") > 0)
        #expect(try w.scalar("""
            select count(*) from mart.indicator_value v join ref.admin_unit u on u.unit_key = v.unit_key
            where (v.period_end > '2025-06-30') <> (u.valid_from = '2025-07-01')
            """) == 0)
        for period in ["2025", "2025-Q3", "2025-07"] {
            let reason = try MartWorld.scalarText(w, "select mart.unavailable_reason('district', '\(period)')")
            #expect(reason?.contains("01/07/2025") == true && reason?.contains("no districts") == true, "\(period): \(reason ?? "nil")")
        }
        #expect(try MartWorld.scalarText(w, "select mart.unavailable_reason('province', '2026')")?.contains("has reached 2025-12-31") == true)
        #expect(try MartWorld.scalarText(w, "select mart.unavailable_reason('commune', '2025-13')")?.contains("not valid") == true)
        #expect(try MartWorld.scalarText(w, "select mart.unavailable_reason('commune', '2025-12')") == nil)

        // The analysts' views: Vietnamese and English, units resolved.
        try MartWorld.expectRows(w, """
            select concat_ws('|', ten_chi_tieu, don_vi_tinh, cap, ma_don_vi, ten_don_vi, loai_ky, round(gia_tri, 3), tu_so, mau_so) as r
            from mart.v_chi_tieu where ma_chi_tieu = 'IN_MIG_RATE' and ky = '2025'
            """, ["Tỷ suất nhập cư|‰|xã|25489|Xã Tân Lập|năm|166.667|1|6",
                  "Tỷ suất nhập cư|‰|xã|25522|Xã Tân Đông|năm|400.000|1|2.5",
                  "Tỷ suất nhập cư|‰|tỉnh|80|Tỉnh Tây Ninh|năm|235.294|2|8.5"])
        #expect(try w.scalar("select count(*) from mart.v_indicator_value") == w.scalar("select count(*) from mart.indicator_value"))
    }

    @Test func analystsReadTheMartButNotTheRegister() throws {
        let w = try MartWorld.build(register: Self.reformRegister, asOf: "31/12/2024", files: Array(Self.reformFiles.prefix(2)))
        try MartWorld.refreshFull(w)
        try w.connection.execute("begin")
        defer { _ = try? w.connection.execute("rollback") }
        try w.connection.execute("set local role danso_analyst")
        for relation in ["mart.v_chi_tieu", "mart.v_indicator_value", "mart.indicator_value", "mart.indicator_value_revision",
                         "mart.indicator", "mart.snapshot_summary", "mart.indicator_values_as_of(now())"] {
            #expect(try w.sqlstate(of: "select * from \(relation) limit 1") == nil, "\(relation)")
        }
        #expect(try w.scalar("select count(*) from mart.v_chi_tieu where ma_chi_tieu = 'POP' and ky = '2025-05' and cap = 'tỉnh'") == 1)
        #expect(try MartWorld.scalarText(w, "select mart.unavailable_reason('district', '2025')") != nil)
        for relation in ["registry.event", "registry.person_state", "staging.change_line", "audit.batch", "ref.public_holiday"] {
            #expect(try w.sqlstate(of: "select * from \(relation) limit 1") == "42501", "\(relation)")
        }
        for call in ["select mart.refresh_full()", "select mart.refresh_all_values()",
                     "select mart.refresh_touched(array[1], '2025-01-01')",
                     "select mart.refresh_values(array[1], '2025-01-01', 'infinity')", "delete from mart.indicator_value"] {
            #expect(try w.sqlstate(of: call) == "42501", "\(call)")
        }
    }
}
