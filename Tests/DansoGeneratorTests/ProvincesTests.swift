import DansoDomain
import DansoGenerator
import DansoIndicators
import Foundation
import Testing

/// `danso generate --provinces`: several former provinces in one generation, each commune's
/// people numbered in its own province, moves "inside the province" kept inside it.
@Suite struct ProvincesTests {
    /// Đà Nẵng (48, 47 communes and the island district of Hoàng Sa, which has none) and Cần
    /// Thơ (92, 80 communes): two small former provinces, both in the generator's lists of
    /// other provinces (people move to and come from them).
    static let provinces = ["48", "92"]

    static func options(households: Int = 3000, months: Int = 4, seed: UInt64 = 17, provinces: [String] = provinces,
                        communes: [String]? = nil) -> GeneratorOptions {
        var o = GeneratorFixture.options(households: households, months: months, seed: seed, communes: communes,
                                         encodings: .utf8)
        o.provinceCodes = provinces
        return o
    }

    /// Legacy province of every commune of the reference list.
    static let provinceOfCommune: [String: String] = {
        let text = try! String(contentsOfFile: "\(GeneratorFixture.reference)/admin_units_legacy.csv", encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = GeneratorFixture.splitCSV(lines.removeFirst())
        let (p, c) = (header.firstIndex(of: "province_code")!, header.firstIndex(of: "commune_code")!)
        var out: [String: String] = [:]
        for line in lines {
            let cells = GeneratorFixture.splitCSV(line)
            if !cells[c].isEmpty { out[cells[c]] = cells[p] }
        }
        return out
    }()

    /// A file's records (header first: `--encodings utf8` writes machine names) as dictionaries.
    static func rows(_ records: [[String]]) -> [[String: String]] {
        guard let header = records.first else { return [] }
        return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// The year of a birth date in any of the generator's styles (`2003-09-16`, `16/09/2003`,
    /// `16-09-2003`, `9/2003`, `1948`).
    static func year(_ text: String) -> Int? {
        text.split(whereSeparator: { !$0.isNumber }).first { $0.count == 4 }.flatMap { Int($0) }
    }

    static func commune(of path: String) -> String {
        String(path.split(separator: "/").last!.dropLast(4))
    }

    static let generated: GeneratorFixture.Generated = try! GeneratorFixture.generate(options(), keepRecords: true)

    @Test func communesOfBothProvincesAreGenerated() throws {
        let g = Self.generated
        let a0 = try g.manifest().filter { $0["kind"] == "a0" }.map { $0["commune_code"]! }
        let byProvince = Dictionary(grouping: a0) { Self.provinceOfCommune[$0]! }
        #expect(byProvince.keys.sorted() == ["48", "92"])
        let all = Self.provinceOfCommune.filter { Self.provinces.contains($0.value) }
        #expect(a0.count == all.count)
        #expect(a0 == a0.sorted(), "communes in commune-code order")
        #expect(g.result.communes == all.count)
        #expect(try g.manifest().filter { $0["kind"] == "changes" }.count == all.count * 4)

        // The summary says which provinces, and each commune's.
        let generator = try #require(try g.summary()["generator"] as? [String: Any])
        #expect(generator["provinces"] as? [String] == Self.provinces)
        let perCommune = try g.peoplePerCommune()
        for (code, figures) in perCommune { #expect(figures["province"] as? String == Self.provinceOfCommune[code], "\(code)") }
    }

    /// Register lines: the province column is the commune's; people registered at birth
    /// where they live (not a temporary resident, not a spouse or child-in-law who married
    /// in, born 1975 or later) have their commune's province in their personal number, and
    /// so do most people.
    @Test func registerNumbersCarryTheCommunesProvince() throws {
        let g = Self.generated
        var own = 0, numbered = 0, locals = 0
        var seen = Set<String>()
        for (path, records) in g.records where path.hasPrefix("a0/") {
            let province = try #require(Self.provinceOfCommune[Self.commune(of: path)])
            for r in Self.rows(records) {
                #expect(r["ma_tinh"] == province, "\(path)")
                if let card = r["so_the_bhyt"], !card.isEmpty {
                    #expect(card.count == 15 && card.dropFirst(3).hasPrefix(province + province), "\(path): \(card)")
                }
                guard let number = r["so_dinh_danh"], !number.isEmpty else { continue }
                #expect(number.count == 12)
                #expect(seen.insert(number).inserted, "\(number) given twice")
                numbered += 1
                let prefix = String(number.prefix(3))
                if prefix == "0" + province { own += 1 }
                let year = try #require(Self.year(r["ngay_sinh"]!), "\(path): \(r["ngay_sinh"]!)")
                if r["tinh_trang_cu_tru"] != "2", r["quan_he_chu_ho"] != "2", r["quan_he_chu_ho"] != "8", year >= 1975 {
                    locals += 1
                    #expect(prefix == "0" + province, "\(path): \(number) of someone born and living in province \(province)")
                }
            }
        }
        #expect(locals > 3000)
        #expect(Double(own) > 0.8 * Double(numbered), "\(own) of \(numbered)")
    }

    /// Slips: newborns' numbers are their commune's province; moves to another commune stay
    /// inside the province (DI and DEN name a commune of it); moves to or from another
    /// province never name the mover's own.
    @Test func birthsAndMovesStayInTheirProvince() throws {
        let g = Self.generated
        var births: [String: Int] = [:]
        var insideMoves = 0, provinceMoves = 0
        for (path, records) in g.records where path.hasPrefix("changes/") {
            let province = try #require(Self.provinceOfCommune[Self.commune(of: path)])
            for r in Self.rows(records) {
                switch r["loai_bien_dong"] {
                case "SINH":
                    guard let number = r["so_dinh_danh"], !number.isEmpty else { continue }
                    births[province, default: 0] += 1
                    #expect(number.hasPrefix("0" + province), "\(path): newborn \(number)")
                case "DI", "DEN":
                    let place = r["noi_den_di"] ?? ""
                    if place.count == 5 {
                        insideMoves += 1
                        #expect(Self.provinceOfCommune[place] == province, "\(path): \(r["loai_bien_dong"]!) \(place)")
                    } else if place.count == 2, place != "NN" {
                        provinceMoves += 1
                        #expect(place != province, "\(path): \(r["loai_bien_dong"]!) to or from its own province \(place)")
                    }
                default: break
                }
            }
        }
        #expect(births.keys.sorted() == ["48", "92"] && births.values.reduce(0, +) >= 10, "\(births)")
        #expect(insideMoves > 5)
        #expect(provinceMoves > 5)
    }

    @Test func sameSeedSameBytes() throws {
        let a = try GeneratorFixture.generate(Self.options(households: 800, months: 2, seed: 3))
        let b = try GeneratorFixture.generate(Self.options(households: 800, months: 2, seed: 3))
        let da = try GeneratorFixture.digests(a.directory)
        let communes = Self.provinceOfCommune.values.filter { Self.provinces.contains($0) }.count
        #expect(communes == 127)
        #expect(da.count == communes * 3 + 3)
        #expect(da == (try GeneratorFixture.digests(b.directory)))
    }

    /// `only:` still picks communes, from any of the chosen provinces.
    @Test func someCommunesOfEachProvince() throws {
        let chosen = Self.provinceOfCommune.filter { Self.provinces.contains($0.value) }.keys.sorted()
        let some = Array(chosen.prefix(2) + chosen.suffix(2))
        let g = try GeneratorFixture.generate(Self.options(households: 200, months: 1, communes: some))
        #expect(try g.manifest().filter { $0["kind"] == "a0" }.map { $0["commune_code"]! } == some)
        #expect(Set(some.map { Self.provinceOfCommune[$0]! }) == ["48", "92"])
    }

    @Test func unknownProvincesAndCommunesOfOtherProvincesAreRefused() throws {
        let unknown = #expect(throws: GeneratorError.self) {
            _ = try GeneratorFixture.generate(Self.options(households: 200, months: 1, provinces: ["48", "99"]))
        }
        guard case .invalidOption(let message)? = unknown else { Issue.record("\(String(describing: unknown))"); return }
        #expect(message.contains("99") && message.contains(" / "), "\(message)")
        let malformed = #expect(throws: GeneratorError.self) {
            _ = try GeneratorFixture.generate(Self.options(households: 200, months: 1, provinces: ["48", "4"]))
        }
        #expect(malformed?.isInvalidOption == true)
        // 25459 is a commune of the former Tây Ninh (72).
        let foreign = #expect(throws: GeneratorError.self) {
            _ = try GeneratorFixture.generate(Self.options(households: 200, months: 1, communes: ["25456", "25459"]))
        }
        guard case .reference(let text)? = foreign else { Issue.record("\(String(describing: foreign))"); return }
        #expect(text.contains("25459") && text.contains("48,92"), "\(text)")
    }
}

extension GeneratorError {
    var isInvalidOption: Bool { if case .invalidOption = self { true } else { false } }
}

/// A two-province generation loads through danso's real checks like a one-province one:
/// no finding, and the population danso computes is the one the generator lived, by commune
/// and by province (needs the test cluster).
@Suite(.serialized) struct ProvincesWarehouseTests {
    /// Four communes of Đà Nẵng (48), four of Cần Thơ (92).
    static let some = ["20194", "20227", "20258", "20311", "31117", "31150", "31186", "31213"]

    @Test func twoProvincesLoadWithoutFindings() throws {
        let some = Self.some
        var options = GeneratorFixture.options(households: 500, months: 3, seed: 23, communes: some)
        options.provinceCodes = ProvincesTests.provinces
        let g = try GeneratorFixture.generate(options)
        #expect(Set(some.map { ProvincesTests.provinceOfCommune[$0] }) == ["48", "92"])
        let w = try Warehouse()
        try w.expectCleanLoad(g)
        let perCommune = try g.peoplePerCommune()
        for m in 0..<3 {
            let (day, communeValues) = try w.monthEnd(m, level: .commune)
            let communes = communeValues.compactMapValues { $0[.pop] }
            let provinces = try w.monthEnd(m, level: .province).values.compactMapValues { $0[.pop] }
            var expected: [String: Int] = [:]
            for code in some {
                let resident = try #require(perCommune[code]?["resident_month_end"] as? [Int])
                #expect(communes[code] == Double(resident[m]), "\(code) \(day.iso)")
                expected[ProvincesTests.provinceOfCommune[code]!, default: 0] += resident[m]
            }
            for (province, people) in expected { #expect(provinces[province] == Double(people), "\(province) \(day.iso)") }
        }
    }

    /// Injected problems in communes of other provinces than 72 (a personal number of the
    /// commune's province, a province code that disagrees with it) are still exactly what
    /// danso reports.
    @Test func injectedProblemsAreReportedAtTheirTruthLines() throws {
        var options = GeneratorFixture.options(households: 600, months: 6, seed: 4, communes: Self.some,
                                               errors: 0.3, duplicates: 0.05)
        options.provinceCodes = ProvincesTests.provinces
        let rulesSeen = try Warehouse().expectTruthReported(try GeneratorFixture.generate(options))
        for rule in ["R06", "R07", "R08", "E06", "E11"] { #expect(rulesSeen.contains(rule), "never seen: \(rule)") }
    }
}
