import Testing
import DansoDomain

@Suite("PersonalNumber")
struct PersonalNumberTests {
    @Test func twelveDigits() throws {
        let number = try #require(PersonalNumber("072090347459"))
        #expect(number.digits == "072090347459")
        #expect(number.description == "072090347459")
        #expect(number.sex == .male)
        #expect(number.century == 1900)
        #expect(number.birthYear == 1990)
        #expect(PersonalNumber(" 072090347459 ")?.digits == "072090347459")
    }

    @Test("malformed numbers", arguments: [
        "07209034745", "0720903474591", "07209034745a", "O72090347459", "072 90347459", "072-90347459", "",
        "٠٧٢٠٩٠٣٤٧٤٥٩", "０７２０９０３４７４５９",
    ])
    func malformed(_ text: String) {
        #expect(PersonalNumber(text) == nil)
    }

    @Test("digit 4: sex and century", arguments: [
        ("072090000001", Sex.male, 1990), ("072190000001", .female, 1990),
        ("072205000001", .male, 2005), ("072305000001", .female, 2005),
        ("072400000001", .male, 2100), ("072501000001", .female, 2101),
        ("001099000001", .male, 1999), ("001100000001", .female, 1900),
    ])
    func sexAndCentury(_ text: String, _ sex: Sex, _ year: Int) throws {
        let number = try #require(PersonalNumber(text))
        #expect(number.sex == sex)
        #expect(number.birthYear == year)
        #expect(number.century == year / 100 * 100)
    }

    @Test func agrees() throws {
        let man1990 = try #require(PersonalNumber("072090347459"))
        #expect(man1990.agrees(sex: .male, birthYear: 1990))
        #expect(!man1990.agrees(sex: .female, birthYear: 1990))
        #expect(!man1990.agrees(sex: .male, birthYear: 1991))
        #expect(!man1990.agrees(sex: .male, birthYear: 2090))
        #expect(man1990.agrees(sex: nil, birthYear: nil))
        #expect(man1990.agrees(sex: .male, birthYear: nil))
        #expect(man1990.agrees(sex: nil, birthYear: 1990))
        #expect(!man1990.agrees(sex: nil, birthYear: 1989))
        let girl2005 = try #require(PersonalNumber("072305001234"))
        #expect(girl2005.agrees(sex: .female, birthYear: 2005))
        #expect(!girl2005.agrees(sex: .female, birthYear: 1905))
    }

    @Test func valueIsTheTwelveDigits() throws {
        #expect(try #require(PersonalNumber("072090347459")).value == 72_090_347_459)
        #expect(try #require(PersonalNumber("000000000001")).value == 1)
        #expect(try #require(PersonalNumber("999999999999")).value == 999_999_999_999)
        // Different digits, different values: leading zeros count because every number has 12.
        #expect(try #require(PersonalNumber("007209034745")).value != PersonalNumber("072090347450")!.value)
    }
}
