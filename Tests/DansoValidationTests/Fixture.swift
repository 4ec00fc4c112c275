import Foundation
import DansoDomain
import DansoValidation

/// A small reference list and a good register line that each test spoils in one place.
enum Fixture {
    static func date(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }

    static let ethnicGroups: [(code: String, name: String)] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try! String(contentsOf: root.appendingPathComponent("sample-feeds/reference/ethnic_groups.csv"),
                               encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let cells = line.split(separator: ",", maxSplits: 1).map(String.init)
            return (cells[0], cells[1])
        }
    }()

    /// Xã Tân Lập under both hierarchies (the code was kept in 2025), Xã Thạnh Bắc (merged away
    /// in 2025) and Đặc khu Côn Đảo (new in 2025).
    static let reference = ReferenceData(units: [
        AdminUnit(level: .district, code: "705", name: "Huyện Tân Biên", provinceCode: "72", districtCode: "705",
                  validFrom: nil, validTo: ReferenceData.lastLegacyDay),
        AdminUnit(level: .commune, code: "25489", name: "Xã Tân Lập", provinceCode: "72", districtCode: "705",
                  validFrom: nil, validTo: ReferenceData.lastLegacyDay),
        AdminUnit(level: .commune, code: "25492", name: "Xã Thạnh Bắc", provinceCode: "72", districtCode: "705",
                  validFrom: nil, validTo: ReferenceData.lastLegacyDay),
        AdminUnit(level: .commune, code: "25489", name: "Xã Tân Lập", provinceCode: "80", districtCode: nil,
                  validFrom: date(2025, 7, 1), validTo: nil),
        AdminUnit(level: .commune, code: "26732", name: "Đặc khu Côn Đảo", provinceCode: "79", districtCode: nil,
                  validFrom: date(2025, 7, 1), validTo: nil),
    ], ethnicGroups: ethnicGroups)

    /// All 21 columns in table order, by machine name.
    static let columns = RegisterColumn.allCases

    /// A married man of 33, head of his household: no finding at all.
    static let good: [RegisterColumn: String] = [
        .asOf: "31/12/2023", .provinceCode: "72", .districtCode: "705", .communeCode: "25489", .area: "1",
        .collaborator: "CTV-25489-01", .householdCode: "TL01001", .address: "Ấp Tân Hòa, Tổ 7", .memberNo: "1",
        .personalNumber: "", .healthCard: "", .fullName: "Nguyễn Văn Toàn", .relationship: "1", .sex: "1",
        .birthDate: "11/09/1990", .ethnicity: "01", .education: "7", .maritalStatus: "2", .residence: "1",
        .method: "", .updatedOn: "",
    ]

    static func fields(_ changes: [RegisterColumn: String] = [:], columns: [RegisterColumn] = columns) -> [String] {
        columns.map { changes[$0] ?? good[$0] ?? "" }
    }

    static func checker(header: [String] = columns.map(\.machineName)) -> RegisterLineChecker {
        RegisterLineChecker(header: HeaderMap(header: header, label: \.labelVI), headerWidth: header.count,
                            reference: reference)
    }

    static func check(_ changes: [RegisterColumn: String] = [:], line: Int = 2) -> RegisterLineChecker.Verdict {
        checker().check(line: line, fields: fields(changes))
    }

    /// A person as the file checks see them.
    static func person(line: Int, household: String = "H1", member: Int, _ relationship: Relationship,
                       sex: Sex = .male, born: PartialDate, number: String? = nil,
                       asOf: CivilDate = date(2023, 12, 31)) -> RegisterLine {
        RegisterLine(line: line, asOf: asOf, communeCode: "25489", provinceCode: nil, districtCode: nil, area: 1,
                     collaborator: nil, householdCode: household, address: nil, memberNo: member,
                     personalNumber: number.flatMap(PersonalNumber.init), healthCard: nil, fullName: "Nguyễn Văn A",
                     relationship: relationship, sex: sex, birthDate: born, ethnicity: "01", education: nil,
                     maritalStatus: nil, residence: .permanent, method: nil, updatedOn: nil)
    }
}

extension RegisterLineChecker.Verdict {
    var findings: [Finding] {
        switch self {
        case .accepted(_, let warnings): warnings
        case .rejected(let findings): findings
        }
    }
    var person: RegisterLine? {
        if case .accepted(let person, _) = self { person } else { nil }
    }
    var isAccepted: Bool { person != nil }
    /// (rule, column) of each finding, for exact comparisons.
    var rules: [RuleCode] { findings.map(\.rule) }
}
