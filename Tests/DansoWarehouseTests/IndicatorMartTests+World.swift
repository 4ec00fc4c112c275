import DansoPostgres
import DansoWarehouse
import Foundation
import Testing

/// A world built by hand for the indicator mart (migration 0019): household registers, then
/// monthly change files, written by the test and ingested through the real ingest.
struct MartWorld {
    static let tanLap = "25489", thanhBac = "25492", tanHa = "25519"   // legacy: districts 705, 705, 706 of Tây Ninh (72)
    static let tanLap2025 = "25489", tanHa2025 = "25522"                  // 2025: Tân Lập took Thạnh Bắc; province 80

    static let registerHeader = "ngay_chot,ma_xa,dia_ban,ma_ho,stt,ho_ten,quan_he_chu_ho,gioi_tinh,ngay_sinh,dan_toc,tinh_trang_hon_nhan,tinh_trang_cu_tru,bptt"
    static let changeColumns = [
        "ky_bao_cao", "ma_xa", "nguon", "ma_phieu", "loai_bien_dong", "ngay_su_kien", "ma_ho", "stt", "ho_ten", "gioi_tinh",
        "ngay_sinh", "dan_toc", "quan_he_chu_ho", "tinh_trang_hon_nhan", "tinh_trang_cu_tru", "me_stt", "thu_tu_con", "noi_sinh",
        "noi_den_di", "bptt", "vo_chong_ho_ten", "vo_chong_ngay_sinh", "ma_phieu_goc",
    ]

    /// One change slip: commune, nguon, ma_phieu, type, date, household, member, other cells.
    struct Slip {
        var commune: String, channel: String, code: String, type: String, day: String, household: String, member: Int
        var cells: [String: String] = [:]

        init(_ commune: String, _ channel: String, _ code: String, _ type: String, _ day: String, _ household: String,
             _ member: Int, _ cells: [String: String] = [:]) {
            (self.commune, self.channel, self.code, self.type, self.day, self.household, self.member) =
                (commune, channel, code, type, day, household, member)
            self.cells = cells
        }

        func line(month: String) -> String {
            MartWorld.changeColumns.map { column in
                switch column {
                case "ky_bao_cao": month
                case "ma_xa": commune
                case "nguon": channel
                case "ma_phieu": code
                case "loai_bien_dong": type
                case "ngay_su_kien": day
                case "ma_ho": household
                case "stt": String(member)
                default: cells[column] ?? ""
                }
            }.joined(separator: ",")
        }

        /// The ISO date of the slip.
        var isoDay: String { Self.iso(day) }

        static func iso(_ written: String) -> String {
            let p = written.split(separator: "/")
            return "\(p[2])-\(p[1])-\(p[0])"
        }
    }

    /// One changes file: its reporting month, when it was received (now when nil), its slips.
    struct ChangeFile {
        var month: String
        var receivedAt: String?
        var slips: [Slip]
    }

    static func person(_ name: String, sex: String, born: String, ethnicity: String = "01", relation: String,
                       marital: String, residence: String, from place: String) -> [String: String] {
        ["ho_ten": name, "gioi_tinh": sex, "ngay_sinh": born, "dan_toc": ethnicity, "quan_he_chu_ho": relation,
         "tinh_trang_hon_nhan": marital, "tinh_trang_cu_tru": residence, "noi_den_di": place]
    }

    static func child(_ name: String, sex: String, born: String, ethnicity: String = "01", relation: String = "3",
                      mother: Int, order: Int, place: Int) -> [String: String] {
        ["ho_ten": name, "gioi_tinh": sex, "ngay_sinh": born, "dan_toc": ethnicity, "quan_he_chu_ho": relation,
         "me_stt": String(mother), "thu_tu_con": String(order), "noi_sinh": String(place)]
    }

    // MARK: building

    static func write(_ name: String, _ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)_\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func ingestRegister(_ w: WarehouseFixture, commune: String, asOf: String, lines: [String]) throws {
        let text = ([registerHeader] + lines.map { "\(asOf),\(commune),\($0)" }).joined(separator: "\n") + "\n"
        let path = try write("a0_\(commune)", text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = try w.ingest(path)
        #expect(outcome.report.rows.rejected == 0, "\(commune): \(outcome.report.issues)")
    }

    static func ingestChanges(_ w: WarehouseFixture, _ file: ChangeFile) throws {
        let text = ([changeColumns.joined(separator: ",")] + file.slips.map { $0.line(month: file.month) })
            .joined(separator: "\n") + "\n"
        var options = IngestOptions()
        options.receivedAt = file.receivedAt
        let path = try write("p0", text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = try ChangeIngestor(connection: w.connection, reference: w.reference, files: WarehouseFixture.files,
                                         logger: w.logger).ingest(path: path, options: options)
        try w.assertSound()
        #expect(outcome.report.rows.rejected == 0 && outcome.report.rows.accepted == file.slips.count,
                "\(file.month): \(outcome.report.issues)")
    }

    /// The registers of `register` as of `asOf` (dd/mm/yyyy), then the files in order.
    /// `afterEach` runs after every file with the communes it touched and the first day it changed.
    static func build(register: [(commune: String, lines: [String])], asOf: String, files: [ChangeFile],
                      afterEach: ((WarehouseFixture, [String], String) throws -> Void)? = nil) throws -> WarehouseFixture {
        let w = try WarehouseFixture()
        for (commune, lines) in register {
            try ingestRegister(w, commune: commune, asOf: asOf, lines: lines)
            try afterEach?(w, [commune], Slip.iso(asOf))
        }
        var bySlipCode: [String: Slip] = [:]
        for file in files {
            try ingestChanges(w, file)
            var touched = Set(file.slips.map(\.commune))
            var days = file.slips.map(\.isoDay)
            for slip in file.slips {
                if ["DI", "DEN"].contains(slip.type), let place = slip.cells["noi_den_di"], place.count == 5 { touched.insert(place) }
                if let target = slip.cells["ma_phieu_goc"].flatMap({ bySlipCode["\(slip.commune)/\($0)"] }) { days.append(target.isoDay) }
                bySlipCode["\(slip.commune)/\(slip.code)"] = slip
            }
            try afterEach?(w, touched.sorted(), days.min()!)
        }
        return w
    }

    /// mart.refresh_touched for communes given by code (the unit of each code valid on `from`).
    static func refreshTouched(_ w: WarehouseFixture, _ codes: [String], from: String) throws {
        _ = try w.connection.query("""
            select mart.refresh_touched(array(select u.unit_key from ref.admin_unit u
                                              where u.level = 'commune' and u.code = any(\(codes)::text[])
                                                and \(from)::date between u.valid_from and u.valid_to), \(from)::date)
            """)
    }

    static func refreshFull(_ w: WarehouseFixture) throws {
        _ = try w.connection.query("select mart.refresh_full()")
    }

    // MARK: reading

    /// The values of one unit (by level and code) and period: indicator code → figure.
    static func values(_ w: WarehouseFixture, _ level: String, _ unit: String, _ period: String,
                       asOf: String? = nil) throws -> [String: Figure] {
        let source = asOf.map { "mart.indicator_values_as_of('\($0)'::timestamptz)" } ?? "mart.indicator_value"
        var found: [String: Figure] = [:]
        for row in try w.connection.query(PostgresQuery(unsafeSQL: """
            select v.indicator_code, v.value::float8 as value, v.numerator::float8 as numerator, v.denominator::float8 as denominator
            from \(source) v join ref.admin_unit u on u.unit_key = v.unit_key
            where v.level = $1 and u.code = $2 and v.period = $3
            """, binds: [level, unit, period])) {
            found[row["indicator_code"]!] = Figure(value: row.double("value"), numerator: row.double("numerator"),
                                                   denominator: row.double("denominator"))
        }
        return found
    }

    /// Expects exactly these indicator codes with these figures for the unit and period.
    static func expectValues(_ w: WarehouseFixture, _ level: String, _ unit: String, _ period: String,
                             _ expected: [String: Figure], only: Bool = true, asOf: String? = nil,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let found = try values(w, level, unit, period, asOf: asOf)
        if only {
            #expect(Set(found.keys) == Set(expected.keys),
                    "\(level) \(unit) \(period): missing \(Set(expected.keys).subtracting(found.keys).sorted()), unexpected \(Set(found.keys).subtracting(expected.keys).sorted())",
                    sourceLocation: sourceLocation)
        }
        for (code, figure) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(found[code].map(figure.matches) == true,
                    "\(level) \(unit) \(period) \(code): expected \(figure), found \(found[code].map(\.description) ?? "no row")",
                    sourceLocation: sourceLocation)
        }
    }

    /// Expects exactly these rows of a text column `r` (shown when they differ).
    static func expectRows(_ w: WarehouseFixture, _ sql: String, _ expected: Set<String>,
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        let found = Set(try w.connection.query(PostgresQuery(unsafeSQL: sql)).map { $0["r"] ?? "NULL" })
        #expect(found == expected, "missing \(expected.subtracting(found).sorted()), unexpected \(found.subtracting(expected).sorted())",
                sourceLocation: sourceLocation)
    }

    static func scalarText(_ w: WarehouseFixture, _ sql: String) throws -> String? {
        try w.connection.query(PostgresQuery(unsafeSQL: sql)).first?[0]
    }
}

extension MartWorld {
    /// A published figure: value, numerator, denominator.
    struct Figure: CustomStringConvertible {
        var value: Double?
        var numerator: Double? = nil
        var denominator: Double? = nil

        static func count(_ v: Double) -> Figure { Figure(value: v) }
        /// numerator × per / denominator, no value when the denominator is 0.
        static func ratio(_ n: Double, _ d: Double, per: Double) -> Figure {
            Figure(value: d == 0 ? nil : n * per / d, numerator: n, denominator: d)
        }

        func matches(_ other: Figure) -> Bool {
            func same(_ a: Double?, _ b: Double?) -> Bool {
                switch (a, b) {
                case (nil, nil): true
                case let (x?, y?): abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
                default: false
                }
            }
            return same(value, other.value) && same(numerator, other.numerator) && same(denominator, other.denominator)
        }

        var description: String {
            func t(_ d: Double?) -> String { d.map { String($0) } ?? "null" }
            return "\(t(value)) (\(t(numerator)) / \(t(denominator)))"
        }
    }

    /// What a unit's values are computed from, counted by hand: the stocks at the end of the
    /// period and of the previous one, the events of the period, the reporting of its communes.
    /// `expected(kind:)` applies the formulas of indicators.md to them.
    struct UnitInputs {
        // Stocks at the period's end.
        var people = 0.0, males = 0.0, females = 0.0, households = 0.0
        var aged0to14 = 0.0, aged15to64 = 0.0, aged65plus = 0.0, aged60plus = 0.0
        var mwra = 0.0, mwraAnyMethod = 0.0, mwraModernMethod = 0.0
        /// Women of the ASFR groups 15–19 … 45–49 at the end.
        var womenEnd = [0.0, 0, 0, 0, 0, 0, 0]
        /// At the end of the previous period: nil when the snapshot does not hold it.
        var peopleStart: Double? = nil
        var womenStart = [0.0, 0, 0, 0, 0, 0, 0]
        // Events of the period.
        var births = 0.0, birthsMale = 0.0, birthsFemale = 0.0, births2nd = 0.0, births3plus = 0.0, birthsTeen = 0.0
        /// Births by the mother's ASFR group.
        var birthsByGroup = [0.0, 0, 0, 0, 0, 0, 0]
        var prenatalScreened = 0.0, newbornScreened = 0.0
        var deaths = 0.0, infantDeaths = 0.0, under5Deaths = 0.0
        var inMigrants = 0.0, outMigrants = 0.0
        var marriages = 0.0, childMarriages = 0.0
        /// ONTIME_PCT: a month's on-time communes and communes, or a year's sum of monthly percentages and months.
        var onTime: (numerator: Double, denominator: Double)? = nil
        var mobileLines = 0.0, lines = 0.0

        static let asfrCodes = ["ASFR_15_19", "ASFR_20_24", "ASFR_25_29", "ASFR_30_34", "ASFR_35_39", "ASFR_40_44", "ASFR_45_49"]

        /// The figures of every indicator given for this kind of period (month, quarter, year).
        func expected(kind: String) -> [String: Figure] {
            let year = kind == "year"
            var f: [String: Figure] = [
                "POP": .count(people), "POP_MALE": .count(males), "POP_FEMALE": .count(females), "HOUSEHOLDS": .count(households),
                "SEX_RATIO": .ratio(males, females, per: 100), "MWRA": .count(mwra),
                "AGEING_INDEX": .ratio(aged60plus, aged0to14, per: 100),
                "DEP_RATIO": .ratio(aged0to14 + aged65plus, aged15to64, per: 100),
                "CHILD_DEP_RATIO": .ratio(aged0to14, aged15to64, per: 100),
                "OLD_DEP_RATIO": .ratio(aged65plus, aged15to64, per: 100),
            ]
            if year {
                f["ELDERLY_PCT"] = .ratio(aged60plus, people, per: 100)
                f["CPR"] = .ratio(mwraAnyMethod, mwra, per: 100)
                f["MCPR"] = .ratio(mwraModernMethod, mwra, per: 100)
            }
            guard let start = peopleStart else { return f }
            let average = (start + people) / 2
            f["POP_AVG"] = .count(average)
            for (code, n) in [("BIRTHS", births), ("BIRTHS_MALE", birthsMale), ("BIRTHS_FEMALE", birthsFemale),
                              ("BIRTHS_2ND", births2nd), ("BIRTHS_3PLUS", births3plus), ("BIRTHS_TEEN", birthsTeen),
                              ("DEATHS", deaths), ("INFANT_DEATHS", infantDeaths), ("U5_DEATHS", under5Deaths),
                              ("IN_MIGRANTS", inMigrants), ("OUT_MIGRANTS", outMigrants), ("MARRIAGES", marriages)] {
                f[code] = .count(n)
            }
            f["SRB"] = .ratio(birthsMale, birthsFemale, per: 100)
            if kind != "quarter", let o = onTime {
                f["ONTIME_PCT"] = year ? .ratio(o.numerator, o.denominator, per: 1) : .ratio(o.numerator, o.denominator, per: 100)
            }
            guard year else { return f }
            let womenAverage = zip(womenStart, womenEnd).map { ($0 + $1) / 2 }
            f["CBR"] = .ratio(births, average, per: 1000)
            f["GFR"] = .ratio(births, womenAverage.reduce(0, +), per: 1000)
            for (i, code) in Self.asfrCodes.enumerated() { f[code] = .ratio(birthsByGroup[i], womenAverage[i], per: 1000) }
            if womenAverage.contains(0) {
                f["TFR"] = Figure(value: nil, numerator: nil, denominator: 1000)
            } else {
                let sum = zip(birthsByGroup, womenAverage).map { $0 * 1000 / $1 }.reduce(0, +)
                f["TFR"] = .ratio(5 * sum, 1000, per: 1)
            }
            f["BIRTHS_3PLUS_PCT"] = .ratio(births3plus, births, per: 100)
            f["CDR"] = .ratio(deaths, average, per: 1000)
            f["IMR"] = .ratio(infantDeaths, births, per: 1000)
            f["U5MR"] = .ratio(under5Deaths, births, per: 1000)
            f["NIR"] = .ratio(births - deaths, average, per: 1000)
            f["IN_MIG_RATE"] = .ratio(inMigrants, average, per: 1000)
            f["OUT_MIG_RATE"] = .ratio(outMigrants, average, per: 1000)
            f["NET_MIG_RATE"] = .ratio(inMigrants - outMigrants, average, per: 1000)
            f["GROWTH_RATE"] = .ratio(births - deaths + inMigrants - outMigrants, average, per: 1000)
            f["CHILD_MARRIAGE_PCT"] = .ratio(childMarriages, marriages, per: 100)
            f["PRENATAL_SCREEN_PCT"] = .ratio(prenatalScreened, births, per: 100)
            f["NEWBORN_SCREEN_PCT"] = .ratio(newbornScreened, births, per: 100)
            f["MOBILE_PCT"] = .ratio(mobileLines, lines, per: 100)
            return f
        }
    }
}
