import Foundation
import Testing
import DansoDomain

/// The ethnic list of the sample reference files (54 GSO groups).
enum EthnicList {
    static let groups: [(code: String, name: String)] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.appendingPathComponent("sample-feeds/reference/ethnic_groups.csv")
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let cells = line.split(separator: ",", maxSplits: 1).map(String.init)
            return (cells[0], cells[1])
        }
    }()
}

@Suite("ReferenceData")
struct ReferenceDataTests {
    static let legacyTanLap = AdminUnit(level: .commune, code: "25489", name: "Xã Tân Lập", provinceCode: "72",
                                        districtCode: "705", validFrom: nil, validTo: CivilDate(year: 2025, month: 6, day: 30))
    static let newTanLap = AdminUnit(level: .commune, code: "25489", name: "Xã Tân Lập", provinceCode: "80",
                                     districtCode: nil, validFrom: CivilDate(year: 2025, month: 7, day: 1), validTo: nil)
    static let conDao = AdminUnit(level: .commune, code: "26732", name: "Đặc khu Côn Đảo", provinceCode: "79",
                                  districtCode: nil, validFrom: CivilDate(year: 2025, month: 7, day: 1), validTo: nil)
    static let district = AdminUnit(level: .district, code: "705", name: "Huyện Tân Biên", provinceCode: "72",
                                    districtCode: "705", validFrom: nil, validTo: CivilDate(year: 2025, month: 6, day: 30))
    static let reference = ReferenceData(units: [legacyTanLap, newTanLap, conDao, district], ethnicGroups: EthnicList.groups)

    @Test func sampleListHas54Groups() {
        #expect(EthnicList.groups.count == 54)
        #expect(Self.reference.ethnicGroups.count == 54)
    }

    @Test("ethnic group cells", arguments: [
        ("01", "01"), ("1", "01"), ("Kinh", "01"), ("kinh", "01"), ("KINH", "01"), (" Kinh ", "01"),
        ("05", "05"), ("Khmer", "05"), ("Khơ Mú", "23"), ("kho mu", "23"), ("KHO MU", "23"), ("23", "23"),
        ("Ê Đê", "11"), ("ede", "11"), ("Ơ Đu", "54"), ("o du", "54"), ("54", "54"), ("Bru Vân Kiều", "24"),
    ])
    func ethnicGroup(_ cell: String, _ code: String) {
        #expect(Self.reference.ethnicGroupCode(cell) == code)
    }

    @Test("cells that are no ethnic group", arguments: ["", "Martian", "0", "00", "55", "99", "-1", "Kinh Hoa"])
    func notAnEthnicGroup(_ cell: String) {
        #expect(Self.reference.ethnicGroupCode(cell) == nil)
    }

    @Test func smallAndEmptyEthnicLists() {
        let small = ReferenceData(units: [], ethnicGroups: [("01", "Kinh"), ("23", "Khơ Mú")])
        #expect(small.ethnicGroupCode("23") == "23")
        #expect(small.ethnicGroupCode("1") == "01")
        #expect(small.ethnicGroupCode("2") == nil)
        #expect(small.ethnicGroupCode("kho mu") == "23")
        let empty = ReferenceData(units: [], ethnicGroups: [])
        #expect(empty.ethnicGroupCode("1") == nil)
        #expect(empty.ethnicGroupCode("Kinh") == nil)
    }

    @Test func validityIsInclusive() throws {
        let unit = Self.legacyTanLap
        #expect(unit.isValid(on: day(1990, 1, 1)))
        #expect(unit.isValid(on: ReferenceData.lastLegacyDay))
        #expect(!unit.isValid(on: day(2025, 7, 1)))
        #expect(!Self.newTanLap.isValid(on: ReferenceData.lastLegacyDay))
        #expect(Self.newTanLap.isValid(on: day(2025, 7, 1)))
        #expect(Self.newTanLap.isValid(on: day(2100, 1, 1)))
    }

    @Test func aReusedCodeMeansTheUnitOfTheDay() throws {
        let before = try #require(Self.reference.commune("25489", on: ReferenceData.lastLegacyDay))
        #expect(before.provinceCode == "72")
        #expect(before.districtCode == "705")
        let after = try #require(Self.reference.commune("25489", on: day(2025, 7, 1)))
        #expect(after.provinceCode == "80")
        #expect(after.districtCode == nil)
    }

    @Test func communesOnlyInTheirPeriod() throws {
        let old = try #require(CivilDate(year: 2023, month: 12, day: 31))
        #expect(Self.reference.commune("26732", on: old) == nil)
        #expect(Self.reference.communeExisted("26732"))
        #expect(Self.reference.commune("26732", on: day(2025, 8, 1))?.name == "Đặc khu Côn Đảo")
        #expect(Self.reference.commune("99999", on: old) == nil)
        #expect(!Self.reference.communeExisted("99999"))
        // Districts are not communes.
        #expect(!Self.reference.communeExisted("705"))
        #expect(Self.reference.commune("705", on: old) == nil)
    }
}
