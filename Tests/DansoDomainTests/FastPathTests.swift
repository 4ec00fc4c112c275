import Foundation
import Testing
@testable import DansoDomain

/// The byte-level fast paths give what the Character- and Foundation-level definitions give.
@Suite("Fast paths agree with the slow ones")
struct FastPathTests {
    /// A small deterministic generator, so failures reproduce.
    struct Lcg {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Pieces that exercise trimming, folding and Character boundaries.
    static let pieces: [String] = [
        " ", "\t", "\r", "\n", "\u{00A0}", "a", "Z", "0", "9", ".", "_", "/", "é", "Đ", "đ", "ư", "Ỹ", "ặ",
        "\u{0301}", "\u{0323}", "\u{0306}", "\u{200D}", "\u{0600}", "\u{1100}", "👨‍👩‍👧", "ß", "İ", "ﬁ", "Ω", "中",
        "Nguyễn", "THỊ", "Chủ hộ", "\u{00AB}", "\u{00B0}", "\u{0130}", "\u{01C4}", "\u{1E9E}", "\r\n",
    ]

    static func randomStrings(count: Int, seed: UInt64) -> [String] {
        var rng = Lcg(state: seed)
        return (0..<count).map { _ in
            (0..<rng.next(7)).map { _ in pieces[rng.next(pieces.count)] }.joined()
        }
    }

    @Test func foldTableMatchesFoundationForEveryScalarItHolds() {
        for value in Array(0..<0x250) + Array(0x1E00...0x1EFF) {
            let text = String(Character(Unicode.Scalar(UInt32(value))!))
            #expect(VietnameseText.foldDiacritics(text) == VietnameseText.slowFold(text), "U+\(String(value, radix: 16))")
            #expect(VietnameseText.matchKey(text) == VietnameseText.slowMatchKey(text), "U+\(String(value, radix: 16))")
        }
    }

    @Test func foldAndMatchKeyMatchFoundationOnMixedText() {
        let labels = [Relationship.allCases.map(\.labelVI), Education.allCases.map(\.labelVI),
                      ContraceptiveMethod.allCases.map(\.labelVI), RegisterColumn.allCases.map(\.labelVI)].flatMap { $0 }
        let texts = labels + labels.map { $0.uppercased() } + Self.randomStrings(count: 3000, seed: 7)
        for text in texts {
            #expect(VietnameseText.foldDiacritics(text) == VietnameseText.slowFold(text), "\(text.unicodeScalars.map(\.value))")
            #expect(VietnameseText.matchKey(text) == VietnameseText.slowMatchKey(text), "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test func lowercasingThroughTheTableMatchesTheStandardLibrary() {
        let scalars = (Array(0..<0x250) + Array(0x1E00...0x1EFF)).map { String(Character(Unicode.Scalar(UInt32($0))!)) }
        for text in scalars + scalars.map { "Nguyễn " + $0 + "A" } + Self.randomStrings(count: 3000, seed: 13) {
            #expect(VietnameseText.lowercased(text).unicodeScalars.map(\.value) == text.lowercased().unicodeScalars.map(\.value),
                    "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test func trimmingOnBytesMatchesTrimmingCharacters() {
        let edges = ["", " ", "  ", "\t", " \t ", "\u{00A0}", " \u{00A0} ", "\r", " \r", "\r\n", " \u{0301}", "\u{0600} ",
                     " a ", "\ta\t", "a\r", " é ", " \u{0301}a", "a \u{0301}", "\u{00A0}a", "a\u{00A0}", "x\u{0600} "]
        for text in edges + Self.randomStrings(count: 5000, seed: 11) {
            #expect(text.trimmingSpaces == Substring(text).trimmingSpaces, "\(text.unicodeScalars.map(\.value))")
            #expect(text.trimmingSpaces.utf8.elementsEqual(Substring(text).trimmingSpaces.utf8))
        }
    }

    @Test func isoDatesAreZeroPadded() {
        func reference(_ d: CivilDate) -> String {
            func pad(_ n: Int, _ w: Int) -> String {
                let s = String(n)
                return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
            }
            return "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))"
        }
        for (y, m, d) in [(1, 1, 1), (9, 9, 9), (99, 10, 31), (999, 12, 1), (1000, 2, 28), (2024, 2, 29), (9999, 12, 31)] {
            let date = CivilDate(year: y, month: m, day: d)!
            #expect(date.iso == reference(date))
        }
    }

    @Test func cellIntegersMatchInt() {
        for text in ["", "0", "7", "07", "42", "99", "100", "+1", "-1", "-", "+", "1a", "a1", " 1", "1 ", "٣", "12345678901234567890",
                     "00", "9", "x", "١٢"] {
            #expect(Int(cell: text) == Int(text), "\(text)")
        }
    }

    @Test func codeListTablesGiveTheFirstValueWithTheSpelling() {
        func check<T: CodeListValue>(_ type: T.Type) {
            func slow(_ cell: String) -> T? {
                let text = cell.trimmingSpaces
                if let n = Int(text) { return T(rawValue: n) }
                let key = VietnameseText.slowMatchKey(text)
                guard !key.isEmpty else { return nil }
                return T.allCases.first { value in T.spellings(of: value).contains { VietnameseText.slowMatchKey($0) == key } }
            }
            let spellings = T.allCases.flatMap { T.spellings(of: $0) }
            let cells = spellings + spellings.map { $0.uppercased() } + spellings.map(VietnameseText.foldDiacritics)
                + ["", " ", "x", "12", "chong", "con", "me"]
            for cell in cells {
                #expect(T.parse(cell) == slow(cell), "\(T.self) \(cell)")
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

    @Test func communeLookupAgreesWithTheSeparateQuestions() {
        let units = [
            AdminUnit(level: .commune, code: "00004", name: "A", provinceCode: "01", districtCode: "001",
                      validFrom: nil, validTo: CivilDate(year: 2025, month: 6, day: 30)),
            AdminUnit(level: .commune, code: "00004", name: "B", provinceCode: "01", districtCode: nil,
                      validFrom: CivilDate(year: 2025, month: 7, day: 1), validTo: nil),
            AdminUnit(level: .commune, code: "25489", name: "C", provinceCode: "72", districtCode: "705",
                      validFrom: nil, validTo: nil),
            AdminUnit(level: .commune, code: "7", name: "odd code", provinceCode: "72", districtCode: nil,
                      validFrom: nil, validTo: nil),
        ]
        let reference = ReferenceData(units: units, ethnicGroups: [])
        for code in ["00004", "25489", "7", "00007", "99999", "2548", "254890", "abcde", ""] {
            for day in [nil, CivilDate(year: 2024, month: 1, day: 1), CivilDate(year: 2025, month: 7, day: 1)] {
                let lookup = reference.communeLookup(code, on: day)
                #expect(lookup.existed == reference.communeExisted(code))
                #expect(lookup.unit == day.flatMap { reference.commune(code, on: $0) })
            }
        }
    }

    @Test func personalNumberDigits() throws {
        let number = try #require(PersonalNumber("072190652034"))
        #expect(number.sex == .female)
        #expect(number.century == 1900)
        #expect(number.birthYear == 1990)
        let later = try #require(PersonalNumber(" 079305123456 "))
        #expect(later.sex == .female)
        #expect(later.century == 2000)
        #expect(later.birthYear == 2005)
    }
}
