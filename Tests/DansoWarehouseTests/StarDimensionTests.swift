import DansoDomain
import DansoIndicators
import DansoPostgres
import DansoWarehouse
import Testing

/// The dimensions of `dw`, the indicator catalogue in `mart` and the analysts' role
/// (migration 0017), on a migrated warehouse with the reference lists loaded.
@Suite struct StarDimensionTests {
    /// Every code of the catalogue of indicators.md, grouped rows expanded, in its order.
    static let specCodes = [
        "POP", "POP_MALE", "POP_FEMALE", "HOUSEHOLDS", "POP_AVG", "SEX_RATIO",
        "BIRTHS", "BIRTHS_MALE", "BIRTHS_FEMALE", "SRB", "CBR", "GFR",
        "ASFR_15_19", "ASFR_20_24", "ASFR_25_29", "ASFR_30_34", "ASFR_35_39", "ASFR_40_44", "ASFR_45_49",
        "TFR", "BIRTHS_2ND", "BIRTHS_3PLUS", "BIRTHS_TEEN", "BIRTHS_3PLUS_PCT",
        "DEATHS", "CDR", "INFANT_DEATHS", "IMR", "U5_DEATHS", "U5MR", "NIR",
        "IN_MIGRANTS", "OUT_MIGRANTS", "IN_MIG_RATE", "OUT_MIG_RATE", "NET_MIG_RATE", "GROWTH_RATE",
        "MWRA", "CPR", "MCPR", "ELDERLY_PCT", "AGEING_INDEX", "DEP_RATIO", "CHILD_DEP_RATIO", "OLD_DEP_RATIO",
        "MARRIAGES", "CHILD_MARRIAGE_PCT", "PRENATAL_SCREEN_PCT", "NEWBORN_SCREEN_PCT", "ONTIME_PCT", "MOBILE_PCT",
    ]

    func rows(_ w: WarehouseFixture, _ sql: String) throws -> PostgresRows {
        try w.connection.query(PostgresQuery(unsafeSQL: sql))
    }

    // MARK: date

    @Test func dateDimensionCoversTheRangeWithPeriodFlags() throws {
        let w = try WarehouseFixture()
        let range = try #require(try rows(w, """
            select count(*) as n, count(distinct date_key) as keys, min(full_date)::text as first, max(full_date)::text as last,
                   max(full_date) - min(full_date) + 1 as span,
                   count(*) filter (where is_month_end) as month_ends, count(*) filter (where is_quarter_end) as quarter_ends,
                   count(*) filter (where is_year_end) as year_ends, count(*) filter (where is_weekday) as weekdays
            from dw.dim_date
            """).first)
        // 201 years, 49 of them leap (1900 and 2100 are not).
        #expect(range.int("n") == 201 * 365 + 49)
        #expect(range.int("keys") == range.int("n"))
        #expect(range.int("span") == range.int("n"))   // no gap
        #expect(range["first"] == "1900-01-01")
        #expect(range["last"] == "2100-12-31")
        #expect(range.int("month_ends") == 201 * 12)
        #expect(range.int("quarter_ends") == 201 * 4)
        #expect(range.int("year_ends") == 201)

        // day: (key, month label, quarter label, ISO weekday, weekday?, month end?, quarter end?, year end?, hierarchy)
        let chosen: [String: (Int, String, String, Int, Bool, Bool, Bool, Bool, String)] = [
            "1900-02-28": (19000228, "1900-02", "1900-Q1", 3, true, true, false, false, "legacy"),
            "2000-02-28": (20000228, "2000-02", "2000-Q1", 1, true, false, false, false, "legacy"),
            "2000-02-29": (20000229, "2000-02", "2000-Q1", 2, true, true, false, false, "legacy"),
            "2024-01-31": (20240131, "2024-01", "2024-Q1", 3, true, true, false, false, "legacy"),
            "2024-02-29": (20240229, "2024-02", "2024-Q1", 4, true, true, false, false, "legacy"),
            "2024-03-31": (20240331, "2024-03", "2024-Q1", 7, false, true, true, false, "legacy"),
            "2024-04-01": (20240401, "2024-04", "2024-Q2", 1, true, false, false, false, "legacy"),
            "2024-09-30": (20240930, "2024-09", "2024-Q3", 1, true, true, true, false, "legacy"),
            "2024-11-30": (20241130, "2024-11", "2024-Q4", 6, false, true, false, false, "legacy"),
            "2024-12-31": (20241231, "2024-12", "2024-Q4", 2, true, true, true, true, "legacy"),
            "2025-06-30": (20250630, "2025-06", "2025-Q2", 1, true, true, true, false, "legacy"),
            "2025-07-01": (20250701, "2025-07", "2025-Q3", 2, true, false, false, false, "2025"),
            "2100-02-28": (21000228, "2100-02", "2100-Q1", 7, false, true, false, false, "2025"),
        ]
        let found = try rows(w, """
            select full_date::text as day, date_key, year, quarter, month, month_label, quarter_label, year_label, day_of_week,
                   is_weekday, is_month_end, is_quarter_end, is_year_end, hierarchy
            from dw.dim_date
            where full_date in (\(chosen.keys.map { "'\($0)'" }.joined(separator: ", ")))
            """)
        #expect(found.count == chosen.count)
        for row in found {
            let day = row["day"]!
            let e = try #require(chosen[day])
            #expect(row.int("date_key") == e.0, "\(day)")
            #expect(row["month_label"] == e.1, "\(day)")
            #expect(row["quarter_label"] == e.2, "\(day)")
            #expect(row["year_label"] == String(day.prefix(4)), "\(day)")
            #expect(row.int("year") == Int(day.prefix(4)), "\(day)")
            #expect(row.int("month") == Int(day.dropFirst(5).prefix(2)), "\(day)")
            #expect(row.int("quarter") == Int(String(e.2.last!)), "\(day)")
            #expect(row.int("day_of_week") == e.3, "\(day)")
            #expect(row.bool("is_weekday") == e.4, "\(day)")
            #expect(row.bool("is_month_end") == e.5, "\(day)")
            #expect(row.bool("is_quarter_end") == e.6, "\(day)")
            #expect(row.bool("is_year_end") == e.7, "\(day)")
            #expect(row["hierarchy"] == e.8, "\(day)")
        }
    }

    // MARK: age

    @Test func ageGroupsForChosenAges() throws {
        let w = try WarehouseFixture()
        #expect(try w.scalar("select count(*) from dw.dim_age") == 121)
        #expect(try w.scalar("select min(age) from dw.dim_age") == 0)
        #expect(try w.scalar("select max(age) from dw.dim_age") == 120)
        // age: (5-year group, broad group, under 1, under 5, 60+, 15–49, ASFR group)
        let chosen: [Int: (String, String, Bool, Bool, Bool, Bool, String?)] = [
            0: ("0-4", "0-14", true, true, false, false, nil),
            4: ("0-4", "0-14", false, true, false, false, nil),
            5: ("5-9", "0-14", false, false, false, false, nil),
            14: ("10-14", "0-14", false, false, false, false, nil),
            15: ("15-19", "15-64", false, false, false, true, "15-19"),
            49: ("45-49", "15-64", false, false, false, true, "45-49"),
            50: ("50-54", "15-64", false, false, false, false, nil),
            59: ("55-59", "15-64", false, false, false, false, nil),
            60: ("60-64", "15-64", false, false, true, false, nil),
            64: ("60-64", "15-64", false, false, true, false, nil),
            65: ("65-69", "65+", false, false, true, false, nil),
            84: ("80-84", "65+", false, false, true, false, nil),
            85: ("85+", "65+", false, false, true, false, nil),
            120: ("85+", "65+", false, false, true, false, nil),
        ]
        let found = try rows(w, "select * from dw.dim_age where age in (\(chosen.keys.map(String.init).joined(separator: ", ")))")
        #expect(found.count == chosen.count)
        for row in found {
            let age = row.int("age")!
            let e = try #require(chosen[age])
            #expect(row.int("age_key") == age)
            #expect(row["age_group_5"] == e.0, "\(age)")
            #expect(row["age_group_broad"] == e.1, "\(age)")
            #expect(row.bool("is_under_1") == e.2, "\(age)")
            #expect(row.bool("is_under_5") == e.3, "\(age)")
            #expect(row.bool("is_60_plus") == e.4, "\(age)")
            #expect(row.bool("is_reproductive_age") == e.5, "\(age)")
            #expect(row["asfr_group"] == e.6, "\(age)")
        }
        // Eighteen groups (0-4 … 80-84, 85+), each starting where its label says.
        let groups = try rows(w, "select age_group_5, min(age) as first, age_group_5_from from dw.dim_age group by 1, 3 order by 3")
        #expect(groups.count == 18)
        #expect(groups.allSatisfy { $0.int("first") == $0.int("age_group_5_from") })
        // The ASFR groups are the seven age-specific fertility rates of the catalogue.
        let asfr = try rows(w, """
            select distinct 'ASFR_' || replace(a.asfr_group, '-', '_') as code, i.indicator_code
            from dw.dim_age a left join mart.indicator i on i.indicator_code = 'ASFR_' || replace(a.asfr_group, '-', '_')
            where a.asfr_group is not null
            """)
        #expect(asfr.count == 7)
        #expect(asfr.allSatisfy { $0["indicator_code"] == $0["code"] })
    }

    // MARK: code lists

    @Test func contraceptiveMethodFlags() throws {
        let w = try WarehouseFixture()
        let methods = try rows(w, "select contraceptive_method_key as key, code, is_modern, is_any_method from dw.dim_contraceptive_method order by 1")
        #expect(methods.map { $0.int("key")! } == [-1, 0, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(methods.filter { $0.bool("is_modern")! }.map { $0.int("code")! } == Array(1...7))
        #expect(methods.filter { $0.bool("is_any_method")! }.map { $0.int("code")! } == Array(1...8))
        let unknown = try #require(methods.first)
        #expect(unknown["code"] == nil)
        #expect(unknown.bool("is_modern") == false && unknown.bool("is_any_method") == false)
    }

    @Test func codeDimensionsAgreeWithTheDomainCodeLists() throws {
        let w = try WarehouseFixture()
        /// key → (code, label_vi, label_en) of a dimension.
        func list(_ table: String, _ key: String) throws -> [Int: (String?, String, String)] {
            var out: [Int: (String?, String, String)] = [:]
            for row in try rows(w, "select \(key) as key, code::text as code, label_vi, label_en from dw.\(table)") {
                out[row.int("key")!] = (row["code"], row["label_vi"]!, row["label_en"]!)
            }
            return out
        }
        func agree<T: CodeListValue>(_ type: T.Type, _ table: String, _ key: String, unknownRow: Bool) throws {
            var got = try list(table, key)
            if unknownRow {
                let unknown = got.removeValue(forKey: -1)
                #expect(unknown != nil, "\(table) has no not-stated row")
                #expect(unknown?.0 == nil, "\(table)")
            }
            #expect(got.count == T.allCases.count, "\(table)")
            for value in T.allCases {
                let row = got[value.rawValue]
                #expect(row?.0 == String(value.rawValue), "\(table) \(value)")
                #expect(row?.1 == value.labelVI, "\(table) \(value)")
                #expect(row?.2 == value.labelEN, "\(table) \(value)")
            }
        }
        try agree(Sex.self, "dim_sex", "sex_key", unknownRow: false)
        try agree(MaritalStatus.self, "dim_marital_status", "marital_status_key", unknownRow: true)
        try agree(ResidenceStatus.self, "dim_residence", "residence_key", unknownRow: false)
        try agree(Education.self, "dim_education", "education_key", unknownRow: true)
        try agree(ContraceptiveMethod.self, "dim_contraceptive_method", "contraceptive_method_key", unknownRow: true)
        try agree(PlaceOfBirth.self, "dim_place_of_birth", "place_of_birth_key", unknownRow: true)

        for row in try rows(w, "select code, is_resident from dw.dim_residence") {
            #expect(row.bool("is_resident") == ResidenceStatus(rawValue: row.int("code")!)!.isResident)
        }
        for row in try rows(w, "select code, has_married, is_married from dw.dim_marital_status where code is not null") {
            let status = MaritalStatus(rawValue: row.int("code")!)!
            #expect(row.bool("has_married") == status.hasMarried)
            #expect(row.bool("is_married") == (status == .married))
        }
        for row in try rows(w, "select code, is_modern, is_female_method from dw.dim_contraceptive_method where code is not null") {
            let method = ContraceptiveMethod(rawValue: row.int("code")!)!
            #expect(row.bool("is_modern") == method.isModern)
            #expect(row.bool("is_female_method") == method.isFemaleMethod)
        }

        let events = try rows(w, "select code, label_vi, is_slip_action, brings_new_member from dw.dim_event_type order by event_type_key")
        #expect(events.map { $0["code"]! } == EventType.allCases.map(\.rawValue))
        for row in events {
            let type = EventType(rawValue: row["code"]!)!
            #expect(row["label_vi"] == type.labelVI)
            #expect(row.bool("is_slip_action") == type.isSlipAction)
            #expect(row.bool("brings_new_member") == type.bringsNewMember)
        }

        let channels = try rows(w, "select update_channel_key as key, code, label_vi, is_mobile from dw.dim_update_channel order by 1")
        #expect(channels.map { $0["code"] } == [nil] + UpdateChannel.allCases.map(\.rawValue))
        for row in channels.dropFirst() {
            let channel = UpdateChannel(rawValue: row["code"]!)!
            #expect(row["label_vi"] == channel.labelVI)
            #expect(row.bool("is_mobile") == (channel == .mobile))
        }
        #expect(channels.first?.bool("is_mobile") == false)
        // The codes staging keeps for nguon are exactly these.
        #expect(try w.scalar("""
            select count(*) from dw.dim_update_channel
            where code is not null and pg_get_constraintdef((select oid from pg_constraint where conname = 'change_line_channel_check')) not like '%''' || code || '''%'
            """) == 0)
    }

    @Test func ethnicityDimensionFollowsTheReferenceList() throws {
        let w = try WarehouseFixture()
        let groups = try rows(w, "select ethnicity_key, code, label_vi, label_en, is_minority from dw.dim_ethnicity order by ethnicity_key")
        #expect(groups.count == 54)
        #expect(groups.map { $0.int("ethnicity_key")! } == Array(1...54))
        #expect(groups.allSatisfy { Int($0["code"]!) == $0.int("ethnicity_key") && $0["code"]!.count == 2 })
        #expect(groups.first?["label_vi"] == "Kinh" && groups.first?.bool("is_minority") == false)
        #expect(groups.last?["label_vi"] == "Ơ Đu" && groups.last?["label_en"] == "O Du" && groups.last?.bool("is_minority") == true)
        #expect(groups.filter { $0.bool("is_minority")! }.count == 53)
        #expect(try w.scalar("select count(*) from dw.dim_ethnicity d join ref.ethnic_group e on e.code = d.code and e.name = d.label_vi") == 54)
    }

    // MARK: administrative units

    @Test func adminUnitDimensionHoldsBothHierarchies() throws {
        let w = try WarehouseFixture()
        // Tân Lập (25489): a commune of Tân Biên district of the former Tây Ninh (72) until
        // 30/06/2025, a commune of the new Tây Ninh (80, formerly Long An's code) from 01/07/2025.
        let tanLap = try rows(w, """
            select hierarchy, name, valid_from::text as valid_from, valid_to::text as valid_to, is_current,
                   district_key, district_code, district_name, province_key, province_code, province_name
            from dw.dim_admin_unit where level = 'commune' and code = '25489' order by valid_from
            """)
        #expect(tanLap.count == 2)
        let legacy = try #require(tanLap.first)
        #expect(legacy["hierarchy"] == "legacy")
        #expect(legacy["valid_from"] == "-infinity" && legacy["valid_to"] == "2025-06-30")
        #expect(legacy.bool("is_current") == false)
        #expect(legacy["district_code"] == "705" && legacy["district_name"] == "Huyện Tân Biên")
        #expect(legacy["province_code"] == "72" && legacy["province_name"] == "Tỉnh Tây Ninh")
        let reformed = try #require(tanLap.last)
        #expect(reformed["hierarchy"] == "2025")
        #expect(reformed["valid_from"] == "2025-07-01" && reformed["valid_to"] == "infinity")
        #expect(reformed.bool("is_current") == true)
        #expect(reformed["district_key"] == nil && reformed["district_code"] == nil && reformed["district_name"] == nil)
        #expect(reformed["province_code"] == "80" && reformed["province_name"] == "Tỉnh Tây Ninh")
        #expect(reformed["province_key"] != legacy["province_key"])

        // Every unit of ref once, with its key; the shape of each hierarchy holds everywhere.
        #expect(try w.scalar("select count(*) from dw.dim_admin_unit") == w.scalar("select count(*) from ref.admin_unit"))
        #expect(try w.scalar("select count(*) from dw.dim_admin_unit d join ref.admin_unit u on u.unit_key = d.admin_unit_key and u.code = d.code and u.level = d.level") == w.scalar("select count(*) from ref.admin_unit"))
        let shape = try rows(w, """
            select level, hierarchy, count(*) as n,
                   count(*) filter (where district_key is null) as no_district,
                   count(*) filter (where province_key is null) as no_province,
                   count(*) filter (where hierarchy = 'legacy' and valid_to <> '2025-06-30') as bad_legacy_end,
                   count(*) filter (where hierarchy = '2025' and (valid_from <> '2025-07-01' or valid_to <> 'infinity')) as bad_2025_validity
            from dw.dim_admin_unit group by 1, 2
            """)
        var byLevel: [String: PostgresRow] = [:]
        for row in shape { byLevel["\(row["level"]!)/\(row["hierarchy"]!)"] = row }
        #expect(Set(byLevel.keys) == ["province/legacy", "district/legacy", "commune/legacy", "province/2025", "commune/2025"])
        for (key, row) in byLevel {
            #expect(row.int("no_province") == 0, "\(key)")
            #expect(row.int("bad_legacy_end") == 0 && row.int("bad_2025_validity") == 0, "\(key)")
        }
        #expect(byLevel["commune/legacy"]?.int("no_district") == 0)
        #expect(byLevel["district/legacy"]?.int("no_district") == 0)
        #expect(byLevel["commune/2025"].map { $0.int("no_district") == $0.int("n") } == true)
        #expect(byLevel["province/2025"].map { $0.int("no_district") == $0.int("n") } == true)
        #expect(byLevel["province/2025"]?.int("n") == 34)
        #expect(byLevel["province/legacy"]?.int("n") == 63)
        // A commune's district lies in the commune's province, and units exist within their parents' lifetime.
        #expect(try w.scalar("""
            select count(*) from dw.dim_admin_unit c
            join dw.dim_admin_unit d on d.admin_unit_key = c.district_key
            join dw.dim_admin_unit p on p.admin_unit_key = c.province_key
            where c.level = 'commune' and (d.province_key <> c.province_key or d.hierarchy <> c.hierarchy
                                           or p.hierarchy <> c.hierarchy or p.level <> 'province' or d.level <> 'district')
            """) == 0)

        // The crosswalk: Tân Lập went whole into the new Tân Lập; every former commune has one default.
        let bridge = try rows(w, "select new_commune_code, new_province_code, old_province_code, old_district_code, is_default, kind from dw.bridge_unit_crosswalk where old_commune_code = '25489'")
        #expect(bridge.count == 1)
        #expect(bridge.first?["new_commune_code"] == "25489" && bridge.first?["new_province_code"] == "80")
        #expect(bridge.first?["old_province_code"] == "72" && bridge.first?["old_district_code"] == "705")
        #expect(bridge.first?.bool("is_default") == true && bridge.first?["kind"] == "whole")
        #expect(try w.scalar("select count(*) from dw.bridge_unit_crosswalk") == w.scalar("select count(*) from ref.commune_crosswalk"))
        #expect(try w.scalar("""
            select count(*) from (select old_admin_unit_key from dw.bridge_unit_crosswalk group by 1 having count(*) filter (where is_default) <> 1) x
            """) == 0)
        #expect(try w.scalar("""
            select count(*) from dw.bridge_unit_crosswalk b
            join dw.dim_admin_unit o on o.admin_unit_key = b.old_admin_unit_key
            join dw.dim_admin_unit n on n.admin_unit_key = b.new_admin_unit_key
            where o.hierarchy <> 'legacy' or n.hierarchy <> '2025' or o.level <> 'commune' or n.level <> 'commune'
            """) == 0)

        // The register's facts carry the dimension's key.
        try w.ingest(WarehouseFixture.sample("a0_25489_tan_lap_2023-12-31.csv"))
        let placed = try rows(w, """
            select count(*) as n, count(u.admin_unit_key) as placed, min(u.district_code) as district, min(u.hierarchy) as hierarchy
            from registry.person_state s left join dw.dim_admin_unit u on u.admin_unit_key = s.commune_key
            """)
        #expect(placed.first.map { $0.int("n")! > 0 && $0.int("n") == $0.int("placed") } == true)
        #expect(placed.first?["district"] == "705" && placed.first?["hierarchy"] == "legacy")
    }

    // MARK: indicator catalogue

    @Test func indicatorCatalogueHoldsEveryCodeOfTheSpec() throws {
        let w = try WarehouseFixture()
        let catalogue = try rows(w, "select * from mart.indicator order by display_order")
        #expect(catalogue.map { $0["indicator_code"]! } == Self.specCodes)
        var byCode: [String: PostgresRow] = [:]
        for row in catalogue { byCode[row["indicator_code"]!] = row }

        // The codes the Swift side computes are in the catalogue, with the same names and units.
        for code in IndicatorCode.allCases {
            let row = try #require(byCode[code.rawValue], "\(code.rawValue) missing from mart.indicator")
            #expect(row["name_vi"] == code.nameVI, "\(code.rawValue)")
            #expect(row["name_en"] == code.nameEN, "\(code.rawValue)")
            #expect(row["unit_vi"] == code.unitVI, "\(code.rawValue)")
            #expect(["ratio", "rate"].contains(row["kind"]!) == code.isRatio, "\(code.rawValue)")
        }

        for row in catalogue {
            let code = row["indicator_code"]!
            for column in ["name_vi", "name_en", "unit_vi", "unit_en", "formula", "source"] {
                #expect(!(row[column] ?? "").isEmpty, "\(code) \(column)")
            }
            // Counts, stocks and ratios for every period kind; rates (‰, %, per woman) for years,
            // ONTIME_PCT for months and years (indicators.md).
            let expected: String
            switch row["kind"]! {
            case "count", "stock", "ratio": expected = "{month,quarter,year}"
            case "rate": expected = code == "ONTIME_PCT" ? "{month,year}" : "{year}"
            default: Issue.record("\(code): kind \(row["kind"]!)"); continue
            }
            #expect(row["period_kinds"] == expected, "\(code)")
            if ["‰", "%", "children per woman"].contains(row["unit_en"]!) { #expect(row["kind"] == "rate", "\(code)") }
        }
        #expect(byCode["POP"]?["kind"] == "stock")
        #expect(byCode["BIRTHS"]?["kind"] == "count")
        #expect(byCode["TFR"]?["unit_en"] == "children per woman")
        #expect(byCode["SEX_RATIO"]?["numerator_code"] == "POP_MALE" && byCode["SEX_RATIO"]?["denominator_code"] == "POP_FEMALE")
        #expect(byCode["IMR"]?["numerator_code"] == "INFANT_DEATHS" && byCode["IMR"]?["denominator_code"] == "BIRTHS")
        #expect(byCode["MCPR"]?["denominator_code"] == "MWRA")
        #expect(catalogue.filter { ["count", "stock"].contains($0["kind"]!) }.allSatisfy { $0["numerator_code"] == nil && $0["denominator_code"] == nil })
    }

    // MARK: documentation

    @Test func everyTableViewAndColumnOfDwAndMartHasAComment() throws {
        let w = try WarehouseFixture()
        let relations = try rows(w, """
            select n.nspname || '.' || c.relname as name, obj_description(c.oid, 'pg_class') as comment
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname in ('dw', 'mart') and c.relkind in ('r', 'p', 'v', 'm', 'f')
            """)
        let names = Set(relations.map { $0["name"]! })
        #expect(names.isSuperset(of: [
            "dw.dim_date", "dw.dim_admin_unit", "dw.bridge_unit_crosswalk", "dw.dim_age", "dw.dim_sex", "dw.dim_ethnicity",
            "dw.dim_marital_status", "dw.dim_residence", "dw.dim_education", "dw.dim_contraceptive_method",
            "dw.dim_event_type", "dw.dim_place_of_birth", "dw.dim_update_channel", "mart.indicator",
        ]))
        #expect(relations.filter { ($0["comment"] ?? "").isEmpty }.map { $0["name"]! } == [])
        // Every table states its grain.
        #expect(relations.filter { !($0["comment"] ?? "").contains("Grain: one row per") }.map { $0["name"]! } == [])

        let columns = try rows(w, """
            select n.nspname || '.' || c.relname || '.' || a.attname as name, col_description(c.oid, a.attnum) as comment
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            where n.nspname in ('dw', 'mart') and c.relkind in ('r', 'p', 'v', 'm', 'f')
            """)
        #expect(columns.count > 100)
        #expect(columns.filter { ($0["comment"] ?? "").isEmpty }.map { $0["name"]! } == [])
    }

    // MARK: the analysts' role

    @Test func analystReadsDwAndMartButNotThePersonalData() throws {
        let w = try WarehouseFixture()
        let role = try #require(try rows(w, "select rolcanlogin, rolsuper, rolcreaterole from pg_roles where rolname = 'danso_analyst'").first)
        #expect(role.bool("rolcanlogin") == false && role.bool("rolsuper") == false && role.bool("rolcreaterole") == false)
        let relations = try rows(w, """
            select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname in ('dw', 'mart') and c.relkind in ('r', 'p', 'v', 'm')
            """).map { $0["name"]! }
        #expect(relations.count >= 14)

        try w.connection.execute("begin")
        defer { _ = try? w.connection.execute("rollback") }
        // A table made after the migration by the schema's owner is readable too (default privileges).
        try w.connection.execute("create table dw.made_later (x integer)")
        try w.connection.execute("set local role danso_analyst")
        #expect(try w.connection.query("select current_user").first?[0] == "danso_analyst")
        for relation in relations + ["dw.made_later"] {
            #expect(try w.sqlstate(of: "select * from \(relation) limit 1") == nil, "\(relation)")
        }
        #expect(try w.scalar("select count(*) from mart.indicator") == Self.specCodes.count)
        #expect(try w.scalar("select count(*) from dw.dim_admin_unit where level = 'commune' and code = '25489'") == 2)
        for relation in ["registry.person", "registry.person_state", "registry.event", "staging.a0_line", "staging.change_line",
                         "audit.batch", "audit.finding"] {
            #expect(try w.sqlstate(of: "select * from \(relation) limit 1") == "42501", "\(relation)")
        }
        // Read only.
        #expect(try w.sqlstate(of: "insert into dw.dim_sex values (3, 3, 'x', 'x')") == "42501")
        #expect(try w.sqlstate(of: "update mart.indicator set name_en = 'x'") == "42501")
        #expect(try w.sqlstate(of: "create table dw.mine (x integer)") == "42501")
        #expect(try w.sqlstate(of: "select dw.grant_analyst_access()") == "42501")
    }
}
