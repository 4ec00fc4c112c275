import Testing
import DansoDomain

@Suite("Code lists")
struct CodeListTests {
    @Test("sex", arguments: [
        ("1", Sex.male), ("Nam", .male), ("nam", .male), ("NAM", .male), ("01", .male),
        ("2", .female), ("Nữ", .female), ("nu", .female), ("NỮ", .female), (" nữ ", .female), ("02", .female),
        ("Nu\u{031B}\u{0303}", .female),
    ])
    func sex(_ cell: String, _ expected: Sex) {
        #expect(Sex.parse(cell) == expected)
    }

    @Test("relationship", arguments: [
        ("1", Relationship.head), ("Chủ hộ", .head), ("chu ho", .head),
        ("2", .spouse), ("Vợ/chồng", .spouse), ("vo", .spouse), ("chồng", .spouse), ("Vợ", .spouse), ("vo/chong", .spouse),
        ("3", .child), ("Con", .child), ("con", .child),
        ("4", .grandchild), ("Cháu", .grandchild),
        ("5", .parent), ("Bố", .parent), ("me", .parent),
        ("6", .grandparent), ("ông", .grandparent), ("Bà", .grandparent),
        ("7", .sibling), ("anh", .sibling), ("Chị", .sibling), ("em", .sibling),
        ("8", .childInLaw), ("Con dâu", .childInLaw), ("con re", .childInLaw), ("Con dâu/con rể", .childInLaw),
        ("9", .other), ("Khác", .other),
    ])
    func relationship(_ cell: String, _ expected: Relationship) {
        #expect(Relationship.parse(cell) == expected)
    }

    @Test("marital status", arguments: [
        ("1", MaritalStatus.neverMarried), ("Chưa kết hôn", .neverMarried), ("chua ket hon", .neverMarried),
        ("2", .married), ("Có vợ/chồng", .married), ("co vo", .married),
        ("3", .widowed), ("Góa", .widowed), ("goa", .widowed),
        ("4", .divorced), ("Ly hôn", .divorced), ("5", .separated), ("ly than", .separated),
    ])
    func maritalStatus(_ cell: String, _ expected: MaritalStatus) {
        #expect(MaritalStatus.parse(cell) == expected)
    }

    @Test("residence status", arguments: [
        ("1", ResidenceStatus.permanent), ("Thường trú", .permanent), ("thuong tru", .permanent),
        ("2", .temporary), ("Tạm trú", .temporary), ("tam tru", .temporary), ("TAM TRU", .temporary),
        ("3", .longAbsent), ("Vắng mặt dài hạn", .longAbsent), ("vang mat dai han", .longAbsent),
    ])
    func residence(_ cell: String, _ expected: ResidenceStatus) {
        #expect(ResidenceStatus.parse(cell) == expected)
    }

    @Test("education", arguments: [
        ("0", Education.none), ("Chưa đi học", .none), ("2", .primary), ("Tiểu học", .primary),
        ("Trung học cơ sở", .lowerSecondary), ("7", .university), ("Đại học", .university),
        ("tren dai hoc", .postgraduate), ("8", .postgraduate),
    ])
    func education(_ cell: String, _ expected: Education) {
        #expect(Education.parse(cell) == expected)
    }

    @Test("contraceptive method", arguments: [
        ("0", ContraceptiveMethod.none), ("Không sử dụng", .none),
        ("1", .iud), ("vòng", .iud), ("Vong", .iud), ("Dụng cụ tử cung (vòng)", .iud), ("dung cu tu cung", .iud),
        ("2", .femaleSterilisation), ("Triệt sản nữ", .femaleSterilisation),
        ("3", .maleSterilisation), ("triet san nam", .maleSterilisation),
        ("6", .pill), ("Thuốc uống", .pill), ("7", .condom), ("bao cao su", .condom),
        ("8", .otherTraditional), ("truyền thống", .otherTraditional), ("Biện pháp khác", .otherTraditional),
    ])
    func method(_ cell: String, _ expected: ContraceptiveMethod) {
        #expect(ContraceptiveMethod.parse(cell) == expected)
    }

    @Test("place of birth", arguments: [
        ("1", PlaceOfBirth.healthFacility), ("Cơ sở y tế", .healthFacility), ("co so y te", .healthFacility),
        ("2", .home), ("Tại nhà", .home), ("3", .elsewhere), ("noi khac", .elsewhere),
    ])
    func placeOfBirth(_ cell: String, _ expected: PlaceOfBirth) {
        #expect(PlaceOfBirth.parse(cell) == expected)
    }

    @Test("unknown cells give nil", arguments: ["", "  ", "abc", "-1", "99", "...", "Nữ giới", "Chồng cũ", "1.0"])
    func unknown(_ cell: String) {
        #expect(Sex.parse(cell) == nil)
        #expect(Relationship.parse(cell) == nil)
        #expect(MaritalStatus.parse(cell) == nil)
        #expect(ResidenceStatus.parse(cell) == nil)
        #expect(Education.parse(cell) == nil)
        #expect(ContraceptiveMethod.parse(cell) == nil)
        #expect(PlaceOfBirth.parse(cell) == nil)
    }

    @Test func codesOutsideEachList() {
        #expect(Sex.parse("0") == nil)
        #expect(Sex.parse("3") == nil)
        #expect(Relationship.parse("0") == nil)
        #expect(Relationship.parse("10") == nil)
        #expect(Relationship.parse("12") == nil)
        #expect(MaritalStatus.parse("6") == nil)
        #expect(ResidenceStatus.parse("4") == nil)
        #expect(Education.parse("9") == nil)
        #expect(ContraceptiveMethod.parse("9") == nil)
        #expect(PlaceOfBirth.parse("0") == nil)
    }

    /// Every code and every label reads back as its own value, so no two labels collide.
    @Test func everyCodeAndLabelRoundTrips() {
        func check<T: CodeListValue>(_ type: T.Type) {
            for value in T.allCases {
                #expect(T.parse(String(value.rawValue)) == value)
                #expect(T.parse(value.labelVI) == value)
                #expect(T.parse(VietnameseText.foldDiacritics(value.labelVI)) == value)
                #expect(!value.labelEN.isEmpty)
            }
        }
        check(Sex.self)
        check(Relationship.self)
        check(MaritalStatus.self)
        check(ResidenceStatus.self)
        check(Education.self)
        check(ContraceptiveMethod.self)
        check(PlaceOfBirth.self)
    }

    @Test func listSizesAndNames() {
        #expect(Sex.allCases.count == 2)
        #expect(Relationship.allCases.count == 9)
        #expect(MaritalStatus.allCases.count == 5)
        #expect(ResidenceStatus.allCases.count == 3)
        #expect(Education.allCases.map(\.rawValue) == Array(0...8))
        #expect(ContraceptiveMethod.allCases.map(\.rawValue) == Array(0...8))
        #expect(PlaceOfBirth.allCases.count == 3)
        #expect([Sex.listName, Relationship.listName, MaritalStatus.listName, ResidenceStatus.listName,
                 Education.listName, ContraceptiveMethod.listName, PlaceOfBirth.listName] == ["S", "R", "M", "C", "H", "B", "N"])
        #expect(Sex.catalogue == "1 Nam, 2 Nữ")
    }

    @Test func derivedProperties() {
        #expect(ContraceptiveMethod.allCases.filter(\.isModern).map(\.rawValue) == Array(1...7))
        #expect(Set(ContraceptiveMethod.allCases.filter(\.isFemaleMethod))
                == [.iud, .femaleSterilisation, .implant, .injectable, .pill])
        #expect(ResidenceStatus.allCases.filter(\.isResident) == [.permanent, .temporary])
        #expect(MaritalStatus.allCases.filter(\.hasMarried) == [.married, .widowed, .divorced, .separated])
    }
}
