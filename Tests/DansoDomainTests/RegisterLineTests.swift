import Testing
import DansoDomain

@Suite("RegisterLine")
struct RegisterLineTests {
    private func person(birth: PartialDate, asOf: CivilDate) -> RegisterLine {
        RegisterLine(line: 5, asOf: asOf, communeCode: "25489", provinceCode: "72", districtCode: "705", area: 1,
                     collaborator: nil, householdCode: "TL01001", address: nil, memberNo: 3, personalNumber: nil,
                     healthCard: nil, fullName: "Nguyễn Văn Toàn", relationship: .child, sex: .male, birthDate: birth,
                     ethnicity: "01", education: nil, maritalStatus: nil, residence: .permanent, method: nil, updatedOn: nil)
    }

    @Test func personKey() throws {
        let p = person(birth: PartialDate(year: 1990), asOf: try #require(CivilDate(year: 2023, month: 12, day: 31)))
        #expect(p.personKey == PersonKey(communeCode: "25489", householdCode: "TL01001", memberNo: 3))
        #expect(p.personKey.description == "25489/TL01001/3")
        #expect(p.personKey != PersonKey(communeCode: "25489", householdCode: "TL01001", memberNo: 4))
        #expect(p.personKey != PersonKey(communeCode: "25492", householdCode: "TL01001", memberNo: 3))
    }

    @Test func ageUsesTheReferenceDay() throws {
        let asOf = try #require(CivilDate(year: 2023, month: 6, day: 30))
        #expect(person(birth: PartialDate(year: 1950), asOf: asOf).age == 72)
        #expect(person(birth: PartialDate(year: 1950, month: 6), asOf: asOf).age == 73)
        #expect(person(birth: PartialDate(year: 1950, month: 7, day: 1), asOf: asOf).age == 72)
        #expect(person(birth: PartialDate(year: 1950, month: 6, day: 30), asOf: asOf).age == 73)
    }
}

@Suite("RegisterLine age near the register date")
struct RegisterLineNewbornTests {
    @Test func bornInTheRegisterMonthBeforeTheReferenceDayIsAgedZero() {
        func age(_ birth: PartialDate, _ asOf: CivilDate) -> Int {
            RegisterLine(line: 2, asOf: asOf, communeCode: "25489", provinceCode: nil, districtCode: nil, area: 1,
                         collaborator: nil, householdCode: "H1", address: nil, memberNo: 1, personalNumber: nil,
                         healthCard: nil, fullName: "Trần Thị B", relationship: .child, sex: .female, birthDate: birth,
                         ethnicity: "01", education: nil, maritalStatus: nil, residence: .permanent, method: nil,
                         updatedOn: nil).age
        }
        #expect(age(PartialDate(year: 2023, month: 12), day(2023, 12, 10)) == 0)
        #expect(age(PartialDate(year: 2023), day(2023, 3, 1)) == 0)
        #expect(age(PartialDate(year: 2022), day(2023, 3, 1)) == 0)
        #expect(age(PartialDate(year: 2022), day(2023, 7, 1)) == 1)
    }
}
