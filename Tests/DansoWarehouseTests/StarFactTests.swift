import DansoDomain
import DansoIndicators
import DansoPostgres
import DansoWarehouse
import Foundation
import Testing

/// The fact tables of `dw` and their refresh (migration 0018), on a world built by hand.
///
/// Register of 31/12/2023 (residents: status 1 or 2):
/// - Tân Lập 25489 (district 705): A1 An m 10/05/1990 head, Bình f 03/1995 (15/03/1995 for
///   ages) spouse on method 1, Cường m 2015; A2 Dũng m 1960, Hoa f 20/08/1962, Giang f
///   12/12/2000 unmarried, Hùng m 1998 long absent (status 3, not resident); A3 Khoa m
///   02/02/1985 Khmer, temporary resident. 7 residents in 3 households.
/// - Thạnh Bắc 25492 (district 705): B1 Long m 15/07/1980, Mai f 29/02/2000 on method 6.
///   2 residents, 1 household.
/// - Tân Hà 25519 (district 706): C1 Nam m 1970, Oanh f 07/07/1975 method 0, Phúc m
///   10/10/2003, Quyên f 05/05/2007. 4 residents, 1 household.
/// Then six months of slips (`months`): a birth with prenatal and newborn screenings, a birth
/// to a mother born on 29 February, that baby's death moved from March to April by a SUA, a
/// couple of two communes (two KET_HON slips) and a child marriage, a method change, another
/// withdrawn by a HUY, moves inside a district, to another district, from another province
/// and abroad.
@Suite struct StarFactTests {
    static let tanLap = "25489", thanhBac = "25492", tanHa = "25519"

    static let registerHeader = "ngay_chot,ma_xa,dia_ban,ma_ho,stt,ho_ten,quan_he_chu_ho,gioi_tinh,ngay_sinh,dan_toc,tinh_trang_hon_nhan,tinh_trang_cu_tru,bptt"
    /// commune → lines after ngay_chot and ma_xa.
    static let register: [String: [String]] = [
        tanLap: [
            "1,A1,1,Nguyễn Văn An,1,1,10/05/1990,01,2,1,",
            "1,A1,2,Trần Thị Bình,2,2,03/1995,01,2,1,1",
            "1,A1,3,Nguyễn Văn Cường,3,1,01/06/2015,01,,1,",
            "1,A2,1,Lê Văn Dũng,1,1,1960,01,2,1,",
            "1,A2,2,Phạm Thị Hoa,2,2,20/08/1962,01,2,1,",
            "1,A2,3,Lê Thị Giang,3,2,12/12/2000,01,1,1,",
            "1,A2,4,Lê Văn Hùng,3,1,05/04/1998,01,1,3,",
            "1,A3,1,Võ Văn Khoa,1,1,02/02/1985,05,2,2,",
        ],
        thanhBac: [
            "1,B1,1,Đặng Văn Long,1,1,15/07/1980,01,2,1,",
            "1,B1,2,Đỗ Thị Mai,2,2,29/02/2000,01,2,1,6",
        ],
        tanHa: [
            "1,C1,1,Huỳnh Văn Nam,1,1,03/03/1970,01,2,1,",
            "1,C1,2,Huỳnh Thị Oanh,2,2,07/07/1975,01,2,1,0",
            "1,C1,3,Huỳnh Văn Phúc,3,1,10/10/2003,01,1,1,",
            "1,C1,4,Huỳnh Thị Quyên,3,2,05/05/2007,01,1,1,",
        ],
    ]

    /// The change files' columns and slips, as the mart's tests write them.
    static let changeColumns = MartWorld.changeColumns
    typealias Slip = MartWorld.Slip

    /// The six months of slips, one file a month (reporting month → slips).
    static let months: [(month: String, slips: [Slip])] = [
        ("01/2024", [
            Slip(tanLap, "DI_DONG", "A-1", "SLTS", "05/01/2024", "A1", 2),
            Slip(tanLap, "DI_DONG", "A-2", "SINH", "10/01/2024", "A1", 4, [
                "ho_ten": "Nguyễn Thị Diệu", "gioi_tinh": "2", "ngay_sinh": "10/01/2024", "dan_toc": "01", "quan_he_chu_ho": "3",
                "me_stt": "2", "thu_tu_con": "2", "noi_sinh": "1"]),
            Slip(tanLap, "WEB", "A-3", "SLSS", "12/01/2024", "A1", 4),
            // Nobody is A9/1: held in quarantine (E02), a rejected line of the batch.
            Slip(tanLap, "WEB", "A-X", "BPTT", "20/01/2024", "A9", 1, ["bptt": "6"]),
        ]),
        ("02/2024", [
            Slip(thanhBac, "GIAY", "B-1", "SINH", "28/02/2024", "B1", 3, [
                "ho_ten": "Đặng Văn Bé", "gioi_tinh": "1", "ngay_sinh": "28/02/2024", "dan_toc": "01", "quan_he_chu_ho": "3",
                "me_stt": "2", "thu_tu_con": "1", "noi_sinh": "2"]),
            Slip(tanLap, "WEB", "A-4", "KET_HON", "14/02/2024", "A2", 3, [
                "vo_chong_ho_ten": "Huỳnh Văn Phúc", "vo_chong_ngay_sinh": "10/10/2003"]),
            Slip(tanHa, "WEB", "C-1", "KET_HON", "14/02/2024", "C1", 3, [
                "vo_chong_ho_ten": "Lê Thị Giang", "vo_chong_ngay_sinh": "12/12/2000"]),
            Slip(tanHa, "DI_DONG", "C-2", "KET_HON", "20/02/2024", "C1", 4, [
                "vo_chong_ho_ten": "Trương Văn Sang", "vo_chong_ngay_sinh": "1999"]),
        ]),
        ("03/2024", [
            Slip(tanLap, "DI_DONG", "A-5", "BPTT", "01/03/2024", "A1", 2, ["bptt": "6"]),
            Slip(thanhBac, "GIAY", "B-2", "CHET", "15/03/2024", "B1", 3),
            Slip(tanHa, "WEB", "C-3", "BPTT", "10/03/2024", "C1", 2, ["bptt": "7"]),
        ]),
        ("04/2024", [
            Slip(tanLap, "WEB", "A-6", "DI", "10/04/2024", "A3", 1, ["noi_den_di": thanhBac]),
            Slip(thanhBac, "WEB", "B-3", "DEN", "11/04/2024", "B2", 1, [
                "ho_ten": "Võ Văn Khoa", "gioi_tinh": "1", "ngay_sinh": "02/02/1985", "dan_toc": "05", "quan_he_chu_ho": "1",
                "tinh_trang_hon_nhan": "2", "tinh_trang_cu_tru": "1", "noi_den_di": tanLap]),
            Slip(thanhBac, "GIAY", "B-4", "SUA", "02/04/2024", "B1", 3, ["ma_phieu_goc": "B-2"]),
            Slip(tanHa, "WEB", "C-4", "HUY", "15/04/2024", "C1", 2, ["ma_phieu_goc": "C-3"]),
        ]),
        ("05/2024", [
            Slip(tanLap, "DI_DONG", "A-7", "DI", "05/05/2024", "A2", 2, ["noi_den_di": tanHa]),
            Slip(tanHa, "DI_DONG", "C-5", "DEN", "06/05/2024", "C2", 1, [
                "ho_ten": "Phạm Thị Hoa", "gioi_tinh": "2", "ngay_sinh": "20/08/1962", "dan_toc": "01", "quan_he_chu_ho": "1",
                "tinh_trang_hon_nhan": "2", "tinh_trang_cu_tru": "1", "noi_den_di": tanLap]),
        ]),
        ("06/2024", [
            Slip(thanhBac, "WEB", "B-5", "DEN", "20/06/2024", "B3", 1, [
                "ho_ten": "Mạc Văn Tâm", "gioi_tinh": "1", "ngay_sinh": "1990", "dan_toc": "01", "quan_he_chu_ho": "1",
                "tinh_trang_hon_nhan": "1", "tinh_trang_cu_tru": "2", "noi_den_di": "79"]),
            Slip(thanhBac, "GIAY", "B-6", "DI", "30/06/2024", "B1", 1, ["noi_den_di": "NN"]),
        ]),
    ]

    // MARK: building the world

    static func write(_ name: String, _ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)_\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func registerFile(_ commune: String) throws -> String {
        let lines = register[commune]!.map { "31/12/2023,\(commune),\($0)" }
        return try write("a0_\(commune)", ([registerHeader] + lines).joined(separator: "\n") + "\n")
    }

    @discardableResult
    static func changes(_ w: WarehouseFixture, _ month: String, _ slips: [Slip], receivedAt: String? = nil) throws -> IngestOutcome {
        let text = ([changeColumns.joined(separator: ",")] + slips.map { $0.line(month: month) }).joined(separator: "\n") + "\n"
        var options = IngestOptions()
        options.receivedAt = receivedAt
        let path = try write("p0", text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = try ChangeIngestor(connection: w.connection, reference: w.reference, files: WarehouseFixture.files,
                                         logger: w.logger).ingest(path: path, options: options)
        try w.assertSound()
        return outcome
    }

    /// The register, then the months given (all six by default), each file as it comes.
    static func world(months chosen: Range<Int> = 0..<6) throws -> WarehouseFixture {
        let w = try WarehouseFixture()
        for commune in [tanLap, thanhBac, tanHa] {
            let path = try registerFile(commune)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let outcome = try w.ingest(path)
            #expect(outcome.report.rows.rejected == 0, "\(outcome.report.issues)")
        }
        for i in chosen {
            let (month, slips) = months[i]
            let outcome = try changes(w, month, slips, receivedAt: month == "01/2024" ? "2024-02-04T20:30:00Z" : nil)
            let expectedRejected = month == "01/2024" ? 1 : 0
            #expect(outcome.report.rows.rejected == expectedRejected, "\(month): \(outcome.report.issues)")
        }
        return w
    }

    // MARK: reading

    /// One text column `r` per row, as a set.
    static func rows(_ w: WarehouseFixture, _ sql: String) throws -> Set<String> {
        Set(try w.connection.query(PostgresQuery(unsafeSQL: sql)).map { $0["r"] ?? "NULL" })
    }

    /// Expects exactly these rows (shown when they differ).
    static func expectRows(_ w: WarehouseFixture, _ sql: String, _ expected: Set<String>,
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        let found = try rows(w, sql)
        #expect(found == expected, "missing \(expected.subtracting(found).sorted()), unexpected \(found.subtracting(expected).sorted())",
                sourceLocation: sourceLocation)
    }

    static func refreshAll(_ w: WarehouseFixture, sourceLocation: SourceLocation = #_sourceLocation) throws {
        _ = try w.connection.query("select dw.refresh_all()")
        try assertFactsSound(w, sourceLocation: sourceLocation)
    }

    /// dw.fact_problems() finds nothing: every key resolves, the snapshot adds up.
    static func assertFactsSound(_ w: WarehouseFixture, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let problems = try w.connection.query("select problem, rows_affected from dw.fact_problems()")
            .map { "\($0["problem"] ?? "?"): \($0["rows_affected"] ?? "?")" }
        #expect(problems == [], sourceLocation: sourceLocation)
    }

    static func communeKeys(_ w: WarehouseFixture, _ codes: [String]) throws -> [Int] {
        try w.connection.query("""
            select unit_key from ref.admin_unit where level = 'commune' and code = any(\(codes)::text[]) and valid_to = '2025-06-30'
            """).map { $0.int("unit_key")! }
    }

    /// SQL for the code of the slip that first reported the event in `column` (readable
    /// expectations; the test reads registry as the owner, analysts cannot).
    static func slip(_ column: String) -> String {
        "(select s.slip_code from registry.event e join registry.slip s on s.slip_id = e.root_slip_id where e.event_id = \(column))"
    }

    /// SQL for the code of the unit in `column`, '-' for none.
    static func unit(_ column: String) -> String { "coalesce((select u.code from ref.admin_unit u where u.unit_key = \(column)), '-')" }

    /// Residents and households of each commune code at a month end, from the snapshot.
    static func snapshot(_ w: WarehouseFixture, _ day: String) throws -> [String: (Int, Int)] {
        var result: [String: (Int, Int)] = [:]
        for row in try w.connection.query("""
            select u.code, h.residents, h.households
            from dw.fact_household_month_end h join dw.dim_admin_unit u on u.admin_unit_key = h.commune_key
            where h.month_end_date_key = dw.date_key(\(day)::date)
            """) {
            result[row["code"]!] = (row.int("residents")!, row.int("households")!)
        }
        return result
    }

    static let factTables = ["fact_birth", "fact_death", "fact_move", "fact_marriage", "fact_method_change", "fact_screening",
                             "fact_population_month_end", "fact_household_month_end"]

    // MARK: event facts

    @Test func eventFactsHoldEachEventAsLastCorrectedOnce() throws {
        let w = try Self.world()
        try Self.refreshAll(w)

        // code|date|reported month|commune|child sex|mother's age|order|place|channel|prenatal|newborn
        try Self.expectRows(w, """
            select concat_ws('|', \(Self.slip("f.event_id")), f.event_date_key, f.reported_month_date_key, \(Self.unit("f.commune_key")),
                   f.child_sex_key, f.mother_age_key, f.birth_order, f.place_of_birth_key, f.update_channel_key,
                   f.prenatal_screened::text, f.newborn_screened::text) as r
            from dw.fact_birth f
            """, [
                // Bình, 15/03/1995 for ages, is 28 on 10/01/2024 (ASFR 25-29); screened 5 days before, baby 2 days after.
                "A-2|20240110|20240101|25489|2|28|2|1|3|true|true",
                // Mai, born 29/02/2000, is still 23 on 28/02/2024.
                "B-1|20240228|20240201|25492|1|23|1|2|1|false|false",
            ])
        try Self.expectRows(w, """
            select concat_ws('|', f.mother_age_key, a.asfr_group) as r from dw.fact_birth f join dw.dim_age a on a.age_key = f.mother_age_key
            """, ["28|25-29", "23|20-24"])

        // The death as corrected by B-4 (March → April), reported in March, slip in force on paper.
        // code|date|reported|commune|sex|age|ethnicity|marital|residence|channel
        try Self.expectRows(w, """
            select concat_ws('|', \(Self.slip("f.event_id")), f.event_date_key, f.reported_month_date_key, \(Self.unit("f.commune_key")),
                   f.sex_key, f.age_key, f.ethnicity_key, f.marital_status_key, f.residence_key, f.update_channel_key) as r
            from dw.fact_death f
            """, ["B-2|20240402|20240301|25492|1|0|1|1|1|1"])
        #expect(try w.scalar("select count(*) from dw.fact_death f join dw.dim_age a on a.age_key = f.age_key where a.is_under_1") == 1)

        // code|type|date|reported|commune|district|province|place|other commune|district|province|abroad|crosses commune|district|province|sex|age|residence|channel
        try Self.expectRows(w, """
            select concat_ws('|', \(Self.slip("f.event_id")), f.event_type_key, f.event_date_key, f.reported_month_date_key,
                   \(Self.unit("f.commune_key")), \(Self.unit("f.district_key")), \(Self.unit("f.province_key")), f.other_place_code,
                   \(Self.unit("f.other_commune_key")), \(Self.unit("f.other_district_key")), \(Self.unit("f.other_province_key")),
                   f.other_is_abroad::text, f.crosses_commune::text, coalesce(f.crosses_district::text, '-'), coalesce(f.crosses_province::text, '-'),
                   f.sex_key, f.age_key, f.residence_key, f.update_channel_key) as r
            from dw.fact_move f
            """, [
                // Two communes of district 705: migration for each commune, not for the district.
                "A-6|3|20240410|20240401|25489|705|72|25492|25492|705|72|false|true|false|false|1|39|2|2",
                "B-3|4|20240411|20240401|25492|705|72|25489|25489|705|72|false|true|false|false|1|39|1|2",
                // District 705 to district 706: migration for both districts, not for the province.
                "A-7|3|20240505|20240501|25489|705|72|25519|25519|706|72|false|true|true|false|2|61|1|3",
                "C-5|4|20240506|20240501|25519|706|72|25489|25489|705|72|false|true|true|false|2|61|1|3",
                // From Hồ Chí Minh City (a province code), born 1990 (1 July for ages): 33 on 20/06/2024.
                "B-5|4|20240620|20240601|25492|705|72|79|-|-|79|false|true|true|true|1|33|2|2",
                "B-6|3|20240630|20240601|25492|705|72|NN|-|-|-|true|true|true|true|1|43|1|1",
            ])

        // code|date|reported|commune|subject sex|age|spouse sex|age|child marriage|channel
        try Self.expectRows(w, """
            select concat_ws('|', \(Self.slip("f.event_id")), f.event_date_key, f.reported_month_date_key, \(Self.unit("f.commune_key")),
                   f.subject_sex_key, f.subject_age_key, f.spouse_sex_key, f.spouse_age_key, f.is_child_marriage::text,
                   f.update_channel_key) as r
            from dw.fact_marriage f
            """, [
                "A-4|20240214|20240201|25489|2|23|1|20|false|2",
                "C-1|20240214|20240201|25519|1|20|2|23|false|2",
                // Quyên is 16; Sang born 1999 (1 July): 24.
                "C-2|20240220|20240201|25519|2|16|1|24|true|3",
            ])
        // The couple of two communes is one marriage: MARRIAGES = 2 for the province, 1 in each commune.
        #expect(try w.scalar("select count(distinct marriage_id) from dw.fact_marriage") == 2)
        #expect(try Self.rows(w, """
            select \(Self.slip("f.event_id")) || '=' || \(Self.slip("f.marriage_id")) as r from dw.fact_marriage f where f.marriage_id <> f.event_id
            """).count == 1)
        #expect(try w.scalar("""
            select count(distinct f.marriage_id) from dw.fact_marriage f
            where f.event_id in (select e.event_id from registry.event e join registry.slip s on s.slip_id = e.root_slip_id
                                 where s.slip_code in ('A-4', 'C-1'))
            """) == 1)

        // The HUY withdrew C-3: one method change left.
        // code|date|reported|commune|sex|age|marital|previous|new|channel
        try Self.expectRows(w, """
            select concat_ws('|', \(Self.slip("f.event_id")), f.event_date_key, f.reported_month_date_key, \(Self.unit("f.commune_key")),
                   f.sex_key, f.age_key, f.marital_status_key, f.previous_method_key, f.new_method_key, f.update_channel_key) as r
            from dw.fact_method_change f
            """, ["A-5|20240301|20240301|25489|2|28|2|1|6|3"])

        // code|type|date|reported|commune|sex|age|age in days|birth|channel
        try Self.expectRows(w, """
            select concat_ws('|', \(Self.slip("f.event_id")), f.event_type_key, f.event_date_key, f.reported_month_date_key,
                   \(Self.unit("f.commune_key")), f.sex_key, f.age_key, coalesce(f.age_days::text, '-'),
                   coalesce(\(Self.slip("f.birth_event_id")), '-'), f.update_channel_key) as r
            from dw.fact_screening f
            """, [
                "A-1|9|20240105|20240101|25489|2|28|-|A-2|3",
                "A-3|10|20240112|20240101|25489|2|0|2|A-2|2",
            ])
        // Nothing about a person: no column of a fact names one.
        #expect(try w.scalar("""
            select count(*) from information_schema.columns
            where table_schema = 'dw' and table_name like 'fact%' and column_name ~ '(person|name|number|household_id)'
            """) == 0)
    }

    // MARK: the month-end snapshot

    @Test func monthEndSnapshotAddsUpToThePopulationOfThoseDays() throws {
        let w = try Self.world()
        try Self.refreshAll(w)
        let monthEnds = ["2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"]
        // The snapshot ends at the month of the latest file (June): no row after it, none before the register.
        #expect(try Self.rows(w, "select distinct month_end_date_key::text as r from dw.fact_household_month_end")
                == Set(monthEnds.map { $0.replacingOccurrences(of: "-", with: "") }))

        // Computed by hand (residents, households) from the register and the slips.
        let byHand: [String: [String: (Int, Int)]] = [
            "2023-12-31": [Self.tanLap: (7, 3), Self.thanhBac: (2, 1), Self.tanHa: (4, 1)],
            "2024-01-31": [Self.tanLap: (8, 3), Self.thanhBac: (2, 1), Self.tanHa: (4, 1)],
            "2024-02-29": [Self.tanLap: (8, 3), Self.thanhBac: (3, 1), Self.tanHa: (4, 1)],
            "2024-03-31": [Self.tanLap: (8, 3), Self.thanhBac: (3, 1), Self.tanHa: (4, 1)],   // the death is in April now
            "2024-04-30": [Self.tanLap: (7, 2), Self.thanhBac: (3, 2), Self.tanHa: (4, 1)],
            "2024-05-31": [Self.tanLap: (6, 2), Self.thanhBac: (3, 2), Self.tanHa: (5, 2)],
            "2024-06-30": [Self.tanLap: (6, 2), Self.thanhBac: (3, 3), Self.tanHa: (5, 2)],
        ]
        for day in monthEnds {
            let found = try Self.snapshot(w, day)
            #expect(found.mapValues { "\($0.0)/\($0.1)" } == byHand[day]!.mapValues { "\($0.0)/\($0.1)" }, "\(day)")
        }

        // Every level, every month end: the sums of the snapshot are what population_on_day.sql counts.
        let figures = PopulationFigures(connection: w.connection, files: WarehouseFixture.files)
        for day in monthEnds {
            for level in IndicatorLevel.allCases {
                var expected: [String: String] = [:]
                for v in try figures.values(on: CivilDate(iso: day)!, level: level)
                where [.popMale, .popFemale, .households].contains(v.indicator) {
                    expected[v.unitCode, default: ""] += "\(v.indicator.rawValue)=\(Int(v.value ?? -1));"
                }
                let unit = switch level {
                case .commune: "u.code"
                case .district: "u.district_code"
                case .province: "u.province_code"
                }
                var summed: [String: String] = [:]
                for row in try w.connection.query(PostgresQuery(unsafeSQL: """
                    with p as (
                        select \(unit) as unit_code, sum(f.people) filter (where f.sex_key = 1) as males,
                               sum(f.people) filter (where f.sex_key = 2) as females
                        from dw.fact_population_month_end f join dw.dim_admin_unit u on u.admin_unit_key = f.commune_key
                        where f.month_end_date_key = dw.date_key($1::date) group by 1),
                    h as (
                        select \(unit) as unit_code, sum(f.households) as households
                        from dw.fact_household_month_end f join dw.dim_admin_unit u on u.admin_unit_key = f.commune_key
                        where f.month_end_date_key = dw.date_key($1::date) group by 1)
                    select unit_code, coalesce(males, 0) as males, coalesce(females, 0) as females, households
                    from p join h using (unit_code)
                    """, binds: [day])) {
                    summed[row["unit_code"]!] = "POP_MALE=\(row["males"]!);POP_FEMALE=\(row["females"]!);HOUSEHOLDS=\(row["households"]!);"
                }
                #expect(summed == expected, "\(day) \(level)")
            }
        }

        // Ages at the month end: Mai, born 29/02/2000, is 23 on 31 January and 24 on 29 February.
        try Self.expectRows(w, """
            select f.month_end_date_key || ':' || f.age_key as r from dw.fact_population_month_end f
            join dw.dim_admin_unit u on u.admin_unit_key = f.commune_key
            where u.code = '25492' and f.sex_key = 2 and f.month_end_date_key in (20240131, 20240229)
            """, ["20240131:23", "20240229:24"])
        // Married women 15–49 and those using a method, 31 March: Bình (method 6 since 1 March) and
        // Giang (married 14 February); Mai (6); Oanh (0: the change to 7 was withdrawn) and Quyên.
        try Self.expectRows(w, """
            select u.code || ':' || sum(f.people) || ':' || coalesce(sum(f.people) filter (where m.is_any_method), 0) as r
            from dw.fact_population_month_end f
            join dw.dim_admin_unit u on u.admin_unit_key = f.commune_key
            join dw.dim_age a on a.age_key = f.age_key
            join dw.dim_marital_status ms on ms.marital_status_key = f.marital_status_key
            join dw.dim_contraceptive_method m on m.contraceptive_method_key = f.contraceptive_method_key
            where f.month_end_date_key = 20240331 and f.sex_key = 2 and a.is_reproductive_age and ms.is_married
            group by u.code
            """, ["25489:2:1", "25492:1:1", "25519:2:0"])
        // The long-absent son is in no month end.
        #expect(try w.scalar("select count(*) from dw.fact_population_month_end where residence_key = 3") == 0)
    }

    // MARK: refreshing a part

    @Test func refreshingTheCommunesOfALateChangeEqualsRefreshingAll() throws {
        let w = try Self.world()
        try Self.refreshAll(w)
        // July: a late report of March (Mai stops her method on 15 March) and a correction moving
        // the couple's marriage in Tân Lập from 14 February to 10 March (its partner slip in Tân
        // Hà stays on 14 February: they are no longer one marriage).
        let july = try Self.changes(w, "07/2024", [
            Slip(Self.thanhBac, "WEB", "B-7", "BPTT", "15/03/2024", "B1", 2, ["bptt": "0"]),
            Slip(Self.tanLap, "WEB", "A-8", "SUA", "10/03/2024", "A2", 3, [
                "vo_chong_ho_ten": "Huỳnh Văn Phúc", "vo_chong_ngay_sinh": "10/10/2003", "ma_phieu_goc": "A-4"]),
        ])
        #expect(july.report.rows.accepted == 2, "\(july.report.issues)")
        // What the ingest touched: the communes of its slips, from the earliest day they act on
        // (the corrected marriage was on 14 February before the SUA).
        let touched = try Self.communeKeys(w, [Self.tanLap, Self.thanhBac])
        _ = try w.connection.query("select dw.refresh_events(\(touched)::integer[], '2024-02-14', 'infinity')")
        _ = try w.connection.query("select dw.refresh_month_end(\(touched)::integer[], '2024-02-14', 'infinity')")
        try Self.assertFactsSound(w)
        for table in Self.factTables {
            try w.connection.execute(unsafeSQL: "create temp table part_\(table) as select * from dw.\(table)")
        }
        // The partial refresh did see the change.
        #expect(try w.scalar("select count(distinct marriage_id) from dw.fact_marriage") == 3)
        #expect(try Self.rows(w, "select event_date_key::text as r from dw.fact_method_change") == ["20240301", "20240315"])
        #expect(try Self.rows(w, "select distinct month_end_date_key::text as r from dw.fact_household_month_end").contains("20240731"))

        try Self.refreshAll(w)
        for table in Self.factTables {
            let differing = try w.scalar(PostgresQuery(unsafeSQL: """
                select count(*) from ((select * from pg_temp.part_\(table) except all select * from dw.\(table))
                                      union all
                                      (select * from dw.\(table) except all select * from pg_temp.part_\(table))) d
                """))
            #expect(differing == 0, "\(table)")
            #expect(try w.scalar(PostgresQuery(unsafeSQL: "select count(*) from dw.\(table)")) > 0, "\(table)")
        }
        // July covers every commune, Tân Hà too (no slip of it in July).
        #expect(try Self.snapshot(w, "2024-07-31").keys.sorted() == [Self.tanLap, Self.thanhBac, Self.tanHa])
    }

    // MARK: deduplication

    @Test func aBirthReportedTwiceCountsOnceWhenTheChildrenAreLinked() throws {
        let w = try Self.world(months: 0..<1)
        // The same baby reported again a month later, with a typo, under another member number,
        // and her newborn screening recorded on that second identity.
        try Self.changes(w, "02/2024", [
            Slip(Self.tanLap, "WEB", "A-9", "SINH", "10/01/2024", "A1", 5, [
                "ho_ten": "Nguyễn Thị Dịu", "gioi_tinh": "2", "ngay_sinh": "10/01/2024", "dan_toc": "01", "quan_he_chu_ho": "3",
                "me_stt": "2", "thu_tu_con": "2", "noi_sinh": "1"]),
            Slip(Self.tanLap, "WEB", "A-10", "SLSS", "13/01/2024", "A1", 5),
        ])
        try Self.refreshAll(w)
        #expect(try w.scalar("select count(*) from dw.fact_birth") == 2)
        #expect(try Self.snapshot(w, "2024-01-31")[Self.tanLap]?.0 == 9)

        // The matcher (or a reviewer) links the two children: one real person.
        let children = try w.connection.query("""
            select e.person_id from registry.event e join registry.slip s on s.slip_id = e.root_slip_id
            where s.slip_code in ('A-2', 'A-9') order by e.person_id
            """).map { Int64($0.int("person_id")!) }
        #expect(children.count == 2)
        try w.connection.execute("""
            insert into registry.person_link (person_a, person_b, found_by, weight, probability, explanation, status, decided_by)
            values (\(children[0]), \(children[1]), 'birth', 20, 0.999999, '{}', 'linked', 'test')
            """)
        _ = try w.connection.query("select registry.recluster(\(children)::bigint[])")
        let tanLap = try Self.communeKeys(w, [Self.tanLap])
        _ = try w.connection.query("select dw.refresh_events(\(tanLap)::integer[], '2024-01-10', 'infinity')")
        _ = try w.connection.query("select dw.refresh_month_end(\(tanLap)::integer[], '2024-01-10', 'infinity')")
        try Self.assertFactsSound(w)

        // The first report (the smaller identity) counts, with both screenings of the child.
        try Self.expectRows(w, """
            select concat_ws('|', \(Self.slip("f.event_id")), f.prenatal_screened::text, f.newborn_screened::text) as r from dw.fact_birth f
            """, ["A-2|true|true"])
        try Self.expectRows(w, """
            select concat_ws('|', \(Self.slip("f.event_id")), \(Self.slip("f.birth_event_id"))) as r from dw.fact_screening f
            """, ["A-1|A-2", "A-3|A-2", "A-10|A-2"])
        // The baby counts once in the stock too, as population_on_day.sql counts her.
        #expect(try Self.snapshot(w, "2024-01-31")[Self.tanLap]?.0 == 8)
        let pop = try PopulationFigures(connection: w.connection, files: WarehouseFixture.files)
            .values(on: CivilDate(iso: "2024-01-31")!, level: .commune)
            .first { $0.unitCode == Self.tanLap && $0.indicator == .pop }?.value
        #expect(pop == 8)
    }

    // MARK: change lines per batch

    @Test func changeLinesPerBatchGiveTheChannelsAndTheDayOfReceipt() throws {
        let w = try Self.world(months: 0..<2)
        // batch|commune|month|accepted|paper|web|mobile|not stated|rejected|received (Vietnam time)
        let found = try Self.rows(w, """
            select concat_ws('|', b.file_order, \(Self.unit("f.commune_key")), f.report_month_date_key, f.lines_accepted, f.lines_paper,
                   f.lines_web, f.lines_mobile, f.lines_channel_not_stated, f.lines_rejected,
                   case when b.file_order = 1 then f.received_date_key::text else 'now' end) as r
            from dw.fact_change_batch f
            join (select batch_id, row_number() over (order by batch_id) as file_order from audit.batch where kind = 'changes') b
              on b.batch_id = f.batch_id
            """)
        #expect(found == [
            // Received 2024-02-04 20:30 UTC: 5 February in Vietnam. A-X waits in quarantine.
            "1|25489|20240101|3|0|1|2|0|1|20240205",
            "2|25489|20240201|1|0|1|0|0|0|now",
            "2|25492|20240201|1|1|0|0|0|0|now",
            "2|25519|20240201|2|0|1|1|0|0|now",
        ])
        // MOBILE_PCT of the two months: 3 of 7 accepted lines.
        #expect(try Self.rows(w, "select sum(lines_mobile) || '/' || sum(lines_accepted) as r from dw.fact_change_batch") == ["3/7"])
    }

    // MARK: the analysts' role

    @Test func analystReadsTheFactsButNotTheRegister() throws {
        let w = try Self.world(months: 0..<2)
        try Self.refreshAll(w)
        // The default privileges of migration 0017 reach the tables 0018 made.
        #expect(try w.scalar("""
            select count(*) from information_schema.role_table_grants
            where grantee = 'danso_analyst' and privilege_type = 'SELECT' and table_schema = 'dw' and table_name like 'fact\\_%'
            """) == Self.factTables.count + 1)

        try w.connection.execute("begin")
        defer { _ = try? w.connection.execute("rollback") }
        try w.connection.execute("set local role danso_analyst")
        for table in Self.factTables + ["fact_change_batch"] {
            #expect(try w.sqlstate(of: "select * from dw.\(table) limit 1") == nil, "\(table)")
        }
        #expect(try w.scalar("select count(*) from dw.fact_birth") == 2)
        #expect(try w.scalar("select sum(people) from dw.fact_population_month_end where month_end_date_key = 20240131") == 14)
        #expect(try w.scalar("select sum(lines_accepted) from dw.fact_change_batch") == 7)
        for relation in ["registry.event", "registry.person_state", "registry.person_cluster", "staging.change_line", "audit.batch"] {
            #expect(try w.sqlstate(of: "select * from \(relation) limit 1") == "42501", "\(relation)")
        }
        for call in ["select dw.refresh_all()", "select dw.refresh_events(array[1], '2024-01-01', 'infinity')",
                     "select dw.refresh_month_end(array[1], '2024-01-01', 'infinity')", "delete from dw.fact_birth"] {
            #expect(try w.sqlstate(of: call) == "42501", "\(call)")
        }
    }
}
