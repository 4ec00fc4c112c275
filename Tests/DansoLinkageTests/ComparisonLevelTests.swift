import Testing
import DansoLinkage

@Suite("Comparison levels")
struct ComparisonLevelTests {
    func name(_ a: String, _ b: String) -> NameLevel {
        NameLevel(rawValue: Comparisons.nameLevel(NameForms(a), NameForms(b)))!
    }

    @Test func nameLevels() {
        #expect(name("Nguyễn Thị Lan", "NGUYỄN  THỊ LAN") == .exactTone)
        #expect(name("Lê Thị Hoà", "Lê Thị Hòa") == .exactTone)             // tone placement
        #expect(name("Nguyễn Thị Lan", "Nguyen Thi Lan") == .exactFolded)   // tones dropped
        #expect(name("Trần Văn Tuấn", "Trần Văn Tuân") == .exactFolded)     // one diacritic
        #expect(name("Nguyễn Thị Lan", "Nguyễn Lan") == .sameGivenAndFamily)           // middle missing
        #expect(name("Nguyễn Thị Lan", "Nguyễn Ngọc Lan") == .sameGivenAndFamily)      // middle differs
        #expect(name("Nguyễn Văn Hùng", "Ngyễn Văn Hùng") == .similar)     // family typo
        #expect(name("Nguyễn Văn Hùng", "Nguyễn Văn Hùnh") == .similar)    // one letter of the given name
        #expect(name("Trần Thị Khánh Linh", "Trần Thị Khánh Lynh") == .similar)
        #expect(name("Trần Văn Hùng", "Lê Văn Hùng") == .givenOnly)
        #expect(name("Nguyễn Văn Hùng", "Nguyễn Văn Dũng") == .givenOneEdit)  // one letter, but another name
        #expect(name("Nguyễn Văn Hùng", "Nguyễn Văn ùng") == .givenOneEdit)   // or the first letter lost
        #expect(name("Phan Minh", "Phan Minh Nhân") == .givenMissing)       // a birth reported before the naming
        #expect(name("Trần Thị Khánh Linh", "Trần Thị") == .givenMissing)
        #expect(name("Lê", "Lê Minh Nhân") == .different)                   // a family name alone says too little
        #expect(name("Phan Minh", "Phan Minhh Nhân") == .different)         // cut inside a word
        #expect(name("Nguyễn Minh Khang", "Nguyễn Minh Khôi") == .different)
        #expect(name("Phạm Thị Mai", "Võ Văn Sơn") == .different)
        #expect(name("", "Võ Văn Sơn") == .null)
        #expect(name("Võ Văn Sơn", "  ") == .null)
    }

    @Test func similarNeedsCloseGivenNames() {
        // Whole names within Jaro–Winkler 0.92, but the given names differ from the first letter:
        // how siblings look.
        #expect(Comparisons.jaroWinkler("nguyen thi lan", "nguyen thi hoa") >= 0.92)
        #expect(name("Nguyễn Thị Lan", "Nguyễn Thị Hoa") == .different)
        #expect(name("Nguyễn Thị Lan", "Nguyễn Thị Can") == .givenOneEdit)
        // Same first letter, one edit.
        #expect(name("Nguyễn Thị Lan", "Nguyễn Thị Lam") == .similar)
    }

    @Test func similarIsOneEditOfTheWholeName() {
        // Close by Jaro–Winkler (≥ 0.92) but two letters apart: two names, not a slip.
        #expect(Comparisons.jaroWinkler("nguyen thi hong nhung", "nguyen thi hong nhu") >= 0.92)
        #expect(name("Nguyễn Thị Hồng Nhung", "Nguyễn Thị Hồng Nhu") == .different)
        #expect(name("Nguyễn Văn Hùng", "Nguyễn Vn Hùgn") == .different)   // two slips: left to the other fields
        // One letter anywhere: dropped, swapped, replaced.
        #expect(name("Trần Thanh Liễu", "Trần Thanh Liuễ") == .similar)
        #expect(name("Trần Thị Mỹ Yên", "Trần Thị Mỹ Yêl") == .similar)
        #expect(name("Nguyễn Thị Lý", "Ngyễn Thị Lý") == .similar)
    }

    @Test func givenOneEditOnlyWhenTheRestOfTheNameAgrees() {
        // The given name one edit off and starting differently, the rest the same: `givenOneEdit`.
        #expect(name("Phan Văn Tâm", "Phan Văn âm") == .givenOneEdit)
        #expect(name("Nguyễn Văn Hùng", "Nguyễn Văn Dũng") == .givenOneEdit)
        // The given names one edit apart, but the middle or family name differs too: two
        // names (twins' `Kim Hà` and `Cẩm Hòa`), `different`, where ``TwinRule`` can apply.
        #expect(name("Nguyễn Thị Kim Hà", "Nguyễn Cẩm Hòa") == .different)
        #expect(name("Võ Mạnh Kiệt", "Võ Hoàng Kiên") == .different)
        #expect(name("Lê Văn Hùng", "Trần Văn Dũng") == .different)
        #expect(name("Nguyễn Văn Hùng", "Nguyễn Dũng") == .different)
        // A one-word name has no rest to agree.
        #expect(name("Hùng", "Dũng") == .different)
    }

    func number(_ a: String?, _ b: String?) -> PersonalNumberLevel {
        PersonalNumberLevel(rawValue: Comparisons.personalNumberLevel(a, b))!
    }

    @Test func personalNumberLevels() {
        #expect(number("072090347459", "072090347459") == .equal)
        #expect(number("072090347459", "072090347458") == .oneDigitOff)
        #expect(number("072090347459", "072090374459") == .transposed)
        #expect(number("072090347459", "072090374458") == .different)   // swap and another digit
        #expect(number("072090347459", "072090347945") == .different)   // three digits
        #expect(number("072090347459", "07209034745") == .different)    // lengths differ
        #expect(number("072090347459", "072090347495") == .transposed)  // last two
        // A missing number is a level of its own, never null.
        #expect(number(nil, "072090347459") == .oneMissing)
        #expect(number("072090347459", "") == .oneMissing)
        #expect(number(nil, nil) == .bothMissing)
        #expect(number("", nil) == .bothMissing)
    }

    func date(_ a: Comparisons.DateParts, _ b: Comparisons.DateParts) -> BirthDateLevel {
        BirthDateLevel(rawValue: Comparisons.birthDateLevel(a, b))!
    }

    @Test func birthDateLevels() {
        #expect(date((1990, 5, 12), (1990, 5, 12)) == .exact)
        #expect(date((1990, 3, 5), (1990, 5, 3)) == .dayMonthSwapped)
        #expect(date((1990, 5, 12), (1990, 5, 13)) == .yearMonth)
        #expect(date((1990, 5, 12), (1990, 5, nil)) == .yearMonth)      // one side lacks the day
        #expect(date((1990, 5, nil), (1990, 5, nil)) == .yearMonth)
        #expect(date((1990, 5, 12), (1990, 6, 12)) == .monthDiffers)    // two full dates, months apart
        #expect(date((1990, 5, nil), (1990, 6, 12)) == .monthDiffers)
        #expect(date((1990, 5, 12), (1990, nil, nil)) == .yearOnly)     // elderly: year only
        #expect(date((1940, nil, nil), (1940, nil, nil)) == .yearOnly)
        #expect(date((1990, 5, 12), (1991, 5, 12)) == .yearOff)
        #expect(date((1990, nil, nil), (1989, 1, 1)) == .yearOff)
        #expect(date((1990, 5, 12), (1992, 5, 12)) == .different)
        #expect(date((nil, nil, nil), (1990, 5, 12)) == .null)
        #expect(date((1990, 5, 12), (nil, 5, 12)) == .null)
    }

    @Test func equalityLevels() {
        #expect(Comparisons.equalityLevel(1, 1) == EqualityLevel.equal.rawValue)
        #expect(Comparisons.equalityLevel(1, 2) == EqualityLevel.different.rawValue)
        #expect(Comparisons.equalityLevel(nil, 2) == EqualityLevel.null.rawValue)
        #expect(Comparisons.equalityLevel("79001/12", "79001/12") == EqualityLevel.equal.rawValue)
        #expect(Comparisons.equalityLevel("79001/12", "79001/13") == EqualityLevel.different.rawValue)
        #expect(Comparisons.equalityLevel("", "79001/13") == EqualityLevel.null.rawValue)
        #expect(Comparisons.equalityLevel(String?.none, "79001/13") == EqualityLevel.null.rawValue)
    }

    @Test func compareFillsEveryField() {
        let a = PersonRecord(id: 1, fullName: "Nguyễn Thị Lan", sex: 2, birthYear: 1990, birthMonth: 5, birthDay: 12,
                             personalNumber: "072190347459", householdKey: "79001/12", communeCode: "79001", motherKey: "m1")
        let b = PersonRecord(id: 2, fullName: "Nguyen Thi Lan", sex: 2, birthYear: 1990, birthMonth: 12, birthDay: 5,
                             personalNumber: nil, householdKey: "79001/40", communeCode: "79001", motherKey: nil)
        let v = Comparisons.compare(a, b)
        #expect(v.levels.count == ComparisonField.allCases.count)
        #expect(v.levelName(.name) == "exactFolded")
        #expect(v.levelName(.personalNumber) == "oneMissing")
        #expect(v.levelName(.birthDate) == "dayMonthSwapped")
        #expect(v.levelName(.sex) == "equal")
        #expect(v.levelName(.household) == "different")
        #expect(v.levelName(.commune) == "equal")
        #expect(v.levelName(.mother) == "null")
        #expect(v.agreedName == AgreedName(given: "lan", family: "nguyen", full: "nguyen thi lan"))
        // Only the given and family names agree: no whole name to weigh.
        let c = PersonRecord(id: 4, fullName: "Nguyễn Lan")
        #expect(Comparisons.compare(a, c).agreedName == AgreedName(given: "lan", family: "nguyen"))
        // Precomputed forms give the same vector.
        #expect(Comparisons.compare(a, b, names: (NameForms(a.fullName), NameForms(b.fullName))) == v)
        // Levels of a different name carry no agreed name.
        #expect(Comparisons.compare(a, PersonRecord(id: 3, fullName: "Lê Văn Sơn")).agreedName == nil)
    }

    @Test func levelNamesEndWithNull() {
        for field in ComparisonField.allCases {
            let names = Comparisons.levelNames(of: field)
            #expect(names.last == "null")
            #expect(field.nullLevel == UInt8(names.count - 1))
        }
        #expect(Comparisons.levelNames(of: .name) ==
                ["exactTone", "exactFolded", "sameGivenAndFamily", "similar", "givenMissing", "givenOnly", "givenOneEdit",
                 "different", "null"])
        #expect(Comparisons.levelNames(of: .birthDate) ==
                ["exact", "dayMonthSwapped", "yearMonth", "yearOnly", "monthDiffers", "yearOff", "different", "null"])
        #expect(Comparisons.levelNames(of: .personalNumber) ==
                ["equal", "oneDigitOff", "transposed", "different", "oneMissing", "bothMissing", "null"])
        #expect(NameLevel.allCases.count == ComparisonField.name.levelNames.count)
        #expect(PersonalNumberLevel.allCases.count == ComparisonField.personalNumber.levelNames.count)
        #expect(BirthDateLevel.allCases.count == ComparisonField.birthDate.levelNames.count)
    }
}
