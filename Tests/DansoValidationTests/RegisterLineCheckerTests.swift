import Testing
import DansoDomain
import DansoValidation

@Suite("RegisterLineChecker")
struct RegisterLineCheckerTests {
    /// The one finding of a verdict, checked for rule, severity, column and line.
    @discardableResult
    private func only(_ verdict: RegisterLineChecker.Verdict, _ rule: RuleCode, _ column: RegisterColumn?,
                      line: Int = 2, sourceLocation: SourceLocation = #_sourceLocation) -> Finding? {
        #expect(verdict.rules == [rule], sourceLocation: sourceLocation)
        guard let finding = verdict.findings.first(where: { $0.rule == rule }) else { return nil }
        #expect(finding.severity == rule.severity, sourceLocation: sourceLocation)
        #expect(finding.column == column?.machineName, sourceLocation: sourceLocation)
        #expect(finding.line == line, sourceLocation: sourceLocation)
        #expect(verdict.isAccepted == (rule.severity != .error), sourceLocation: sourceLocation)
        return finding
    }

    // MARK: A good line

    @Test func theFixtureLineIsClean() throws {
        let verdict = Fixture.check()
        #expect(verdict.findings.isEmpty)
        let person = try #require(verdict.person)
        #expect(person.age == 33)
        #expect(person.maritalStatus == .married)
        #expect(person.personalNumber == nil)
    }

    @Test func goodLineWithLabelsAndPaddingBuildsThePerson() throws {
        let name = "Đỗ Thị Tuyết"
        let verdict = Fixture.check([
            .communeCode: " 25489 ", .area: " 2", .memberNo: "2 ", .personalNumber: "072189438452",
            .healthCard: "GD4727272053105", .fullName: name, .relationship: "Vợ/chồng", .sex: "Nữ",
            .birthDate: "25/05/1989", .ethnicity: "Kinh", .education: "Đại học", .maritalStatus: "Có vợ/chồng",
            .residence: "Thường trú", .method: "vòng", .updatedOn: "2023-11-15",
        ], line: 7)
        #expect(verdict.findings.isEmpty)
        let person = try #require(verdict.person)
        let expected = RegisterLine(
            line: 7, asOf: Fixture.date(2023, 12, 31), communeCode: "25489", provinceCode: "72", districtCode: "705",
            area: 2, collaborator: "CTV-25489-01", householdCode: "TL01001", address: "Ấp Tân Hòa, Tổ 7", memberNo: 2,
            personalNumber: PersonalNumber("072189438452"), healthCard: "GD4727272053105", fullName: "Đỗ Thị Tuyết",
            relationship: .spouse, sex: .female, birthDate: PartialDate(year: 1989, month: 5, day: 25), ethnicity: "01",
            education: .university, maritalStatus: .married, residence: .permanent, method: .iud,
            updatedOn: Fixture.date(2023, 11, 15))
        #expect(person == expected)
        // The name stays NFC (precomposed scalars, as the reader hands it over).
        #expect(person.fullName.unicodeScalars.map(\.value) == VietnameseText.nfc(name).unicodeScalars.map(\.value))
        #expect(person.fullName.unicodeScalars.count == 12)
        #expect(person.personKey == PersonKey(communeCode: "25489", householdCode: "TL01001", memberNo: 2))
        #expect(person.age == 34)
    }

    @Test func labelHeaderInAnotherOrder() throws {
        let columns = Array(RegisterColumn.allCases.reversed())
        let checker = Fixture.checker(header: columns.map { VietnameseText.foldDiacritics($0.labelVI).uppercased() })
        let verdict = checker.check(line: 3, fields: Fixture.fields(columns: columns))
        #expect(verdict.findings.isEmpty)
        #expect(verdict.person == Fixture.check(line: 3).person)
    }

    @Test func partialBirthDateIsKept() throws {
        let person = try #require(Fixture.check([.birthDate: "1950"]).person)
        #expect(person.birthDate == PartialDate(year: 1950))
        #expect(person.age == 73)
        let monthYear = try #require(Fixture.check([.birthDate: "03/1950"]).person)
        #expect(monthYear.birthDate == PartialDate(year: 1950, month: 3))
    }

    @Test func shortLineMissingOptionalTrailingCellsIsAccepted() throws {
        // The record stops after tinh_trang_cu_tru: bptt and ngay_cap_nhat are simply empty.
        let fields = Array(Fixture.fields().prefix(19))
        let verdict = Fixture.checker().check(line: 2, fields: fields)
        #expect(verdict.findings.isEmpty)
        #expect(verdict.person?.method == nil)
    }

    @Test func aCommuneOfThe2025ListOnADateAfterTheReform() throws {
        let verdict = Fixture.check([.asOf: "01/08/2025", .provinceCode: "80", .districtCode: ""])
        #expect(verdict.findings.isEmpty)
        let person = try #require(verdict.person)
        #expect(person.communeCode == "25489")
        #expect(person.provinceCode == "80")
        #expect(person.districtCode == nil)
    }

    // MARK: F03

    @Test func moreNonEmptyCellsThanTheHeaderIsF03() throws {
        let verdict = Fixture.checker().check(line: 9, fields: Fixture.fields() + ["", "x"])
        let finding = try #require(only(verdict, .F03, nil, line: 9))
        #expect(finding.value == "23")
        #expect(finding.severity == .error)
    }

    @Test func trailingEmptyExtraCellsAreNotF03() {
        let verdict = Fixture.checker().check(line: 9, fields: Fixture.fields() + ["", "  ", ""])
        #expect(verdict.findings.isEmpty)
        #expect(verdict.isAccepted)
    }

    // MARK: R01

    @Test("R01: each required field empty", arguments: [
        RegisterColumn.asOf, .communeCode, .area, .householdCode, .memberNo, .fullName, .relationship, .sex,
        .birthDate, .ethnicity, .residence,
    ])
    func requiredFieldEmpty(_ column: RegisterColumn) throws {
        let finding = try #require(only(Fixture.check([column: ""]), .R01, column))
        #expect(finding.value == nil)
        // White space only is empty too.
        only(Fixture.check([column: "  \t"]), .R01, column)
    }

    @Test("optional fields may be empty", arguments: [
        RegisterColumn.provinceCode, .districtCode, .collaborator, .address, .personalNumber, .healthCard, .education,
        .method, .updatedOn,
    ])
    func optionalFieldEmpty(_ column: RegisterColumn) {
        let verdict = Fixture.check([column: ""])
        #expect(verdict.findings.isEmpty)
        #expect(verdict.isAccepted)
    }

    @Test func maritalStatusRequiredFrom15() {
        // 15 on the register's date: required.
        only(Fixture.check([.maritalStatus: "", .birthDate: "31/12/2008", .relationship: "3"]), .R01, .maritalStatus)
        only(Fixture.check([.maritalStatus: "", .birthDate: "1950"]), .R01, .maritalStatus)
        // 14, one day short of 15: not required.
        let child = Fixture.check([.maritalStatus: "", .birthDate: "01/01/2009", .relationship: "3"])
        #expect(child.findings.isEmpty)
        #expect(child.person?.maritalStatus == nil)
    }

    // MARK: R02

    @Test("R02: a value outside its code list", arguments: [
        (RegisterColumn.sex, "7"), (.sex, "0"), (.sex, "nam nữ"),
        (.relationship, "12"), (.relationship, "Con nuôi"),
        (.ethnicity, "Martian"), (.ethnicity, "55"), (.ethnicity, "00"),
        (.area, "0"), (.area, "1000"), (.area, "x"),
        (.memberNo, "100"), (.memberNo, "0"), (.memberNo, "1a"),
        (.maritalStatus, "9"), (.residence, "4"), (.residence, "vắng"), (.education, "9"), (.method, "9"),
        (.householdCode, "TL01001-TL01001-TL01001"),
    ])
    func unknownCode(_ column: RegisterColumn, _ value: String) throws {
        let finding = try #require(only(Fixture.check([column: value]), .R02, column))
        #expect(finding.value == value)
    }

    @Test func boundsOfAreaAndMemberNumberAreAccepted() {
        #expect(Fixture.check([.area: "999", .memberNo: "99"]).findings.isEmpty)
        #expect(Fixture.check([.area: "1", .memberNo: "1"]).findings.isEmpty)
        #expect(Fixture.check([.householdCode: String(repeating: "H", count: 20)]).findings.isEmpty)
    }

    // MARK: R03

    @Test("R03: unreadable or impossible birth dates", arguments: [
        "31/02/1990", "1990/13/01", "11/09/90", "90", "ngày 11/9", "29/02/1990",
    ])
    func badBirthDate(_ value: String) throws {
        let finding = try #require(only(Fixture.check([.birthDate: value]), .R03, .birthDate))
        #expect(finding.value == value)
    }

    @Test func leapDayBirthIsFine() {
        #expect(Fixture.check([.birthDate: "29/02/1988"]).findings.isEmpty)
    }

    @Test("R03: the register date must be a full date", arguments: ["12/2023", "2023", "31/12/23", "31/13/2023"])
    func badAsOf(_ value: String) throws {
        let finding = try #require(only(Fixture.check([.asOf: value]), .R03, .asOf))
        #expect(finding.value == value)
    }

    @Test("R03: the update date must be a full date", arguments: ["2023", "31/02/2023", "hôm qua"])
    func badUpdateDate(_ value: String) {
        only(Fixture.check([.updatedOn: value]), .R03, .updatedOn)
    }

    // MARK: R04

    @Test("R04: born after ngay_chot", arguments: ["01/01/2024", "2024-01-01", "2024", "01/2024"])
    func bornAfterAsOf(_ value: String) throws {
        let finding = try #require(only(Fixture.check([.birthDate: value]), .R04, .birthDate))
        #expect(finding.value == value)
    }

    @Test func bornOnTheRegisterDateOrInItsMonthIsFine() throws {
        let onTheDay = Fixture.check([.birthDate: "31/12/2023", .relationship: "3", .maritalStatus: ""])
        #expect(onTheDay.findings.isEmpty)
        #expect(onTheDay.person?.age == 0)
        let sameMonth = Fixture.check([.birthDate: "12/2023", .relationship: "3", .maritalStatus: ""])
        #expect(sameMonth.findings.isEmpty)
        #expect(sameMonth.person?.age == 0)
        // Early in the month or year of birth: the partial date may still mean a day before ngay_chot.
        let earlyInMonth = Fixture.check([.asOf: "10/12/2023", .birthDate: "12/2023", .relationship: "3", .maritalStatus: ""])
        #expect(earlyInMonth.findings.isEmpty)
        #expect(earlyInMonth.person?.age == 0)
        let earlyInYear = Fixture.check([.asOf: "01/03/2023", .birthDate: "2023", .relationship: "3", .maritalStatus: ""])
        #expect(earlyInYear.findings.isEmpty)
        #expect(earlyInYear.person?.age == 0)
    }

    @Test func updatedAfterAsOfIsR04() throws {
        let finding = try #require(only(Fixture.check([.updatedOn: "01/01/2024"]), .R04, .updatedOn))
        #expect(finding.value == "01/01/2024")
        #expect(Fixture.check([.updatedOn: "31/12/2023"]).person?.updatedOn == Fixture.date(2023, 12, 31))
    }

    // MARK: R05

    @Test func olderThan120IsR05() throws {
        let finding = try #require(only(Fixture.check([.birthDate: "30/12/1902"]), .R05, .birthDate))
        #expect(finding.value == "30/12/1902")
        only(Fixture.check([.birthDate: "1902"]), .R05, .birthDate)
    }

    @Test func exactly120IsFine() {
        let verdict = Fixture.check([.birthDate: "31/12/1903"])
        #expect(verdict.findings.isEmpty)
        #expect(verdict.person?.age == 120)
        #expect(Fixture.check([.birthDate: "1903"]).person?.age == 120)
    }

    // MARK: R06

    @Test("R06: commune codes that never existed", arguments: ["99999", "2548", "254890", "ABCDE"])
    func unknownCommune(_ code: String) throws {
        let finding = try #require(only(Fixture.check([.communeCode: code]), .R06, .communeCode))
        #expect(finding.value == code)
    }

    @Test func a2025CommuneBeforeTheReformIsR06() throws {
        let finding = try #require(only(Fixture.check([.communeCode: "26732", .provinceCode: "", .districtCode: ""]),
                                        .R06, .communeCode))
        #expect(finding.value == "26732")
    }

    @Test func aLegacyCommuneAfterTheReformIsR06() throws {
        let finding = try #require(only(Fixture.check([.communeCode: "25492", .asOf: "01/08/2025"]), .R06, .communeCode))
        #expect(finding.value == "25492")
        // The last legacy day is still fine.
        #expect(Fixture.check([.communeCode: "25492", .asOf: "30/06/2025"]).findings.isEmpty)
    }

    @Test func provinceOrDistrictDisagreeingWithTheCommuneIsR06() throws {
        let province = try #require(only(Fixture.check([.provinceCode: "80"]), .R06, .provinceCode))
        #expect(province.value == "80")
        let district = try #require(only(Fixture.check([.districtCode: "706"]), .R06, .districtCode))
        #expect(district.value == "706")
        // After the reform the same commune is in province 80 and has no district.
        only(Fixture.check([.asOf: "01/08/2025", .provinceCode: "72", .districtCode: ""]), .R06, .provinceCode)
        only(Fixture.check([.asOf: "01/08/2025", .provinceCode: "80", .districtCode: "705"]), .R06, .districtCode)
    }

    // MARK: R07, R08

    @Test("R07: malformed personal number is dropped, the line kept", arguments: ["07209034745", "07209034745X", "0720903474590"])
    func malformedPersonalNumber(_ value: String) throws {
        let verdict = Fixture.check([.personalNumber: value])
        let finding = try #require(only(verdict, .R07, .personalNumber))
        #expect(finding.severity == .warning)
        #expect(finding.value == value)
        let person = try #require(verdict.person)
        #expect(person.personalNumber == nil)
    }

    @Test("R08: personal number disagreeing with sex or birth year", arguments: [
        "072190347459",  // digit 4 = 1: a woman born 1900–1999
        "072091347459",  // born 1991
        "072290347459",  // a man born 2090
    ])
    func disagreeingPersonalNumber(_ value: String) throws {
        let verdict = Fixture.check([.personalNumber: value])
        let finding = try #require(only(verdict, .R08, .personalNumber))
        #expect(finding.value == value)
        #expect(verdict.person?.personalNumber == PersonalNumber(value))
    }

    @Test func agreeingPersonalNumberIsKept() throws {
        let verdict = Fixture.check([.personalNumber: "072090347459"])
        #expect(verdict.findings.isEmpty)
        #expect(verdict.person?.personalNumber?.digits == "072090347459")
        // A year-only birth date is checked on its year.
        #expect(Fixture.check([.personalNumber: "072090347459", .birthDate: "1990"]).findings.isEmpty)
    }

    // MARK: R09

    @Test("R09: ever married below the legal age", arguments: [
        ("2", "01/01/2006", "2", true),   // woman, 17, married
        ("2", "31/12/2005", "2", false),  // woman, 18 that day
        ("1", "01/01/2004", "2", true),   // man, 19
        ("1", "31/12/2003", "2", false),  // man, 20 that day
        ("2", "01/01/2007", "3", true),   // widow of 16
        ("1", "01/01/2005", "4", true),   // divorced man of 18
        ("2", "01/01/2006", "1", false),  // never married at 17
    ])
    func underAgeMarriage(_ sex: String, _ birth: String, _ marital: String, _ expected: Bool) throws {
        let verdict = Fixture.check([.sex: sex, .birthDate: birth, .maritalStatus: marital])
        if expected {
            let finding = try #require(only(verdict, .R09, .maritalStatus))
            #expect(finding.value == marital)
        } else {
            #expect(verdict.findings.isEmpty)
        }
        #expect(verdict.isAccepted)
    }

    // MARK: R10

    @Test("R10: contraceptive method eligibility", arguments: [
        ("1", "11/09/1990", "2", "6", true),   // a man with the pill
        ("1", "11/09/1990", "2", "1", true),   // a man with an IUD
        ("2", "01/01/1998", "1", "6", true),   // unmarried woman of 25
        ("2", "30/12/1973", "2", "6", true),   // married woman of 50
        ("2", "01/01/1974", "2", "6", false),  // married woman of 49
        ("2", "01/01/1993", "2", "6", false),  // married woman of 30, pill
        ("2", "01/01/1993", "2", "Thuốc uống", false),
        ("1", "11/09/1990", "2", "0", false),  // "none" is fine for anyone
        ("2", "01/01/2013", "", "0", false),   // a girl of 10, "none"
    ])
    func methodEligibility(_ sex: String, _ birth: String, _ marital: String, _ method: String, _ expected: Bool) throws {
        let verdict = Fixture.check([.sex: sex, .birthDate: birth, .maritalStatus: marital, .method: method])
        if expected {
            let finding = try #require(only(verdict, .R10, .method))
            #expect(finding.value == method)
        } else {
            #expect(verdict.findings.isEmpty)
        }
        #expect(verdict.isAccepted)
    }

    // MARK: R16

    @Test("R16: implausible names", arguments: ["Nguyễn Văn 2", "Nguyen1", "Nguyễn\u{0007}Văn", "Lê\u{0000}Thị", "...", "- -", "?"])
    func implausibleName(_ name: String) throws {
        let finding = try #require(only(Fixture.check([.fullName: name]), .R16, .fullName))
        #expect(finding.value == name)
    }

    @Test("plausible names", arguments: ["Nguyễn Thị Ánh", "Y Bhin Niê", "H'Hen Niê", "Lê-Văn Tám", "Thạch Sa Rươne", "Ô"])
    func plausibleName(_ name: String) {
        #expect(PersonName.isPlausible(name))
        #expect(Fixture.check([.fullName: name]).person?.fullName == name)
    }

    // MARK: Several findings

    @Test func errorsAndWarningsTogetherRejectTheLineWithAllFindings() {
        let verdict = Fixture.check([.sex: "7", .personalNumber: "123", .fullName: "A1"], line: 12)
        #expect(!verdict.isAccepted)
        #expect(Set(verdict.rules) == [.R02, .R07, .R16])
        #expect(verdict.findings.allSatisfy { $0.line == 12 })
    }

    @Test func everyFindingHasBothMessages() {
        let spoilt: [[RegisterColumn: String]] = [
            [.asOf: ""], [.sex: "7"], [.birthDate: "31/02/1990"], [.birthDate: "2024"], [.birthDate: "1900"],
            [.communeCode: "99999"], [.communeCode: "26732"], [.provinceCode: "80"], [.districtCode: "706"],
            [.personalNumber: "1"], [.personalNumber: "072190347459"], [.birthDate: "01/01/2006", .sex: "2"],
            [.method: "6"], [.fullName: "..."], [.area: "0"], [.ethnicity: "Martian"], [.updatedOn: "01/01/2024"],
            [.maritalStatus: ""], [.householdCode: String(repeating: "X", count: 21)],
        ]
        var findings = spoilt.flatMap { Fixture.check($0).findings }
        findings += Fixture.checker().check(line: 2, fields: Fixture.fields() + ["x"]).findings
        #expect(findings.count >= spoilt.count + 1)
        for finding in findings {
            #expect(!finding.messageVI.isEmpty)
            #expect(!finding.messageEN.isEmpty)
            #expect(finding.messageVI != finding.messageEN)
        }
    }
}
