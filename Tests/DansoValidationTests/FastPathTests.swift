import Foundation
import Testing
import DansoDomain
@testable import DansoValidation

/// The fast paths of checking give what the plain definitions give.
@Suite("Checking fast paths agree with the slow ones")
struct CheckingFastPathTests {
    struct Lcg {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Rule R16 as first written: bytes, then scalars, then the Unicode tables.
    static func plausibleByDefinition(_ name: String) -> Bool {
        var asciiLetter = false, nonASCII = false
        for byte in name.utf8 {
            switch byte {
            case 0x00..<0x20, 0x7F, UInt8(ascii: "0")...UInt8(ascii: "9"): return false
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): asciiLetter = true
            case 0x80...: nonASCII = true
            default: break
            }
        }
        if !nonASCII { return asciiLetter }
        var plain = true, vietnameseLetter = false
        for scalar in name.unicodeScalars where scalar.value >= 0x80 {
            switch scalar.value {
            case 0xC0...0x24F where scalar.value != 0xD7 && scalar.value != 0xF7, 0x1E00...0x1EFF: vietnameseLetter = true
            case 0x300...0x36F: break
            default: plain = false
            }
            if !plain { break }
        }
        if plain { return asciiLetter || vietnameseLetter }
        var hasLetter = false
        for scalar in name.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.properties.numericType != nil { return false }
            if scalar.properties.isAlphabetic { hasLetter = true }
        }
        return hasLetter
    }

    @Test func namePlausibilityMatchesItsDefinition() {
        let pieces = ["Nguyễn", " ", "Thị", "A", "z", "-", ".", "'", "Đ", "\u{0301}", "×", "÷", "1", "٣", "\u{0007}", "\u{007F}",
                      "中", "Ω", "ʼ", "\u{00A0}", "😀", "Ⅻ", "\u{200D}", "ǅ", "ɐ", "Ḁ", "ỹ", "\u{0600}", ""]
        var rng = Lcg(state: 13)
        var names = pieces
        for _ in 0..<5000 { names.append((0..<(1 + rng.next(5))).map { _ in pieces[rng.next(pieces.count)] }.joined()) }
        for name in names {
            #expect(PersonName.isPlausible(name) == Self.plausibleByDefinition(name), "\(name.unicodeScalars.map(\.value))")
        }
    }

    @Test func trimmedFieldsGiveTheSameVerdict() {
        let checker = Fixture.checker()
        let variants: [[RegisterColumn: String]] = [
            [:], [.fullName: "  Nguyễn Văn Toàn\t"], [.birthDate: " 1990 "], [.sex: " Nữ "], [.maritalStatus: ""],
            [.relationship: "Chủ hộ "], [.communeCode: " 25489"], [.personalNumber: " 072090652034 "],
            [.ethnicity: " Kinh "], [.asOf: "31/02/2023"], [.education: "\u{00A0}7\u{00A0}"], [.fullName: "Văn 3"],
        ]
        for change in variants {
            let fields = Fixture.fields(change)
            let raw = checker.check(line: 2, fields: fields)
            let trimmed = checker.check(line: 2, trimmedFields: fields.map(\.trimmingSpaces))
            #expect(raw.findings == trimmed.findings)
            #expect(raw.person == trimmed.person)
        }
    }

    @Test func contentHashIgnoresPaddingAndTrailingEmptyCells() {
        let row = ["31/12/2023", "25489", "H1", "1", "Nguyễn Văn A", "1", "Thường trú"]
        let hash = RegisterFileChecks.contentHash(trimmed: row)
        #expect(RegisterFileChecks.contentHash(trimmed: (row + ["", ""]).map(\.trimmingSpaces)) == hash)
        #expect(RegisterFileChecks.contentHash(trimmed: row.map { " \($0) " }.map(\.trimmingSpaces)) == hash)
        var other = row
        other[4] = "Nguyễn Văn B"
        #expect(RegisterFileChecks.contentHash(trimmed: other) != hash)
        // Cells move between hasher calls by their length only: long cells hash alike too.
        let long = row + [String(repeating: "Số 8 đường Cách Mạng Tháng Tám, ", count: 40)]
        #expect(RegisterFileChecks.contentHash(trimmed: long) == RegisterFileChecks.contentHash(trimmed: long))
        #expect(RegisterFileChecks.contentHash(trimmed: long) != hash)
    }

    @Test func decomposedAndComposedContentAreTheSameContent() {
        // Cells are NFC by the time they are checked; a decomposed one still counts as equal.
        var checks = RegisterFileChecks()
        let key = PersonKey(communeCode: "25489", householdCode: "H1", memberNo: 1)
        #expect(checks.admit(key: key, line: 2, fields: ["Nguyễn Thị Ánh", "1"]) == .new)
        #expect(checks.admit(key: key, line: 3, fields: ["Nguye\u{0302}\u{0303}n Thi\u{0323} A\u{0301}nh", "1"]) == .duplicate)
    }
}
