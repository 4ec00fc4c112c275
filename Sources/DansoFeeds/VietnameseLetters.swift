import Foundation

/// A letter as Vietnamese spelling sees it: a base letter, a vowel modifier and a tone.
struct VietLetter: Equatable, Sendable {
    enum Modifier: UInt8, Sendable { case none, breve, circumflex, horn, stroke }

    /// Lowercase ASCII base letter.
    var base: UInt8
    var modifier: Modifier
    /// 0 none (ngang), 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng.
    var tone: UInt8

    /// The letter's spelling code, ignoring tone: consonants and plain vowels as their ASCII
    /// letter, đ as "0", ă â ê ô ơ ư as "1"..."6".
    var code: UInt8 {
        switch (base, modifier) {
        case (_, .stroke): UInt8(ascii: "0")
        case (_, .breve): UInt8(ascii: "1")
        case (UInt8(ascii: "a"), .circumflex): UInt8(ascii: "2")
        case (UInt8(ascii: "e"), .circumflex): UInt8(ascii: "3")
        case (UInt8(ascii: "o"), .circumflex): UInt8(ascii: "4")
        case (UInt8(ascii: "o"), .horn): UInt8(ascii: "5")
        case (UInt8(ascii: "u"), .horn): UInt8(ascii: "6")
        default: base
        }
    }

    var isVowel: Bool { VietnameseLetters.isVowelCode(code) }
}

/// Which Unicode scalars are Vietnamese letters, derived from Unicode's canonical
/// decompositions (not a hand-written table): a base letter with at most one vowel
/// modifier it can take and, on vowels, at most one of the five tone marks.
enum VietnameseLetters {
    /// Precomposed letters U+00C0–U+01B0 (with đ/Đ) and U+1EA0–U+1EF9, by offset.
    private static let latin: [VietLetter?] = build(0xC0...0x1B0)
    private static let extended: [VietLetter?] = build(0x1EA0...0x1EF9)

    /// The Vietnamese letter a precomposed scalar is, if it is one (either case).
    @inline(__always)
    static func letter(_ v: UInt32) -> VietLetter? {
        if v >= 0xC0 && v <= 0x1B0 { return latin[Int(v) - 0xC0] }
        if v >= 0x1EA0 && v <= 0x1EF9 { return extended[Int(v) - 0x1EA0] }
        return nil
    }

    /// The tone a combining mark stands for, if it is one of the five.
    static func tone(ofCombining v: UInt32) -> UInt8? {
        switch v {
        case 0x300: 1
        case 0x301: 2
        case 0x309: 3
        case 0x303: 4
        case 0x323: 5
        default: nil
        }
    }

    /// The vowel modifier a combining mark stands for (breve, circumflex, horn).
    static func modifier(ofCombining v: UInt32) -> VietLetter.Modifier? {
        switch v {
        case 0x306: .breve
        case 0x302: .circumflex
        case 0x31B: .horn
        default: nil
        }
    }

    /// Whether Vietnamese writes `base` with `modifier` (ă, â, ê, ô, ơ, ư, đ).
    static func allows(_ modifier: VietLetter.Modifier, on base: UInt8) -> Bool {
        switch modifier {
        case .none: true
        case .breve: base == UInt8(ascii: "a")
        case .circumflex: base == UInt8(ascii: "a") || base == UInt8(ascii: "e") || base == UInt8(ascii: "o")
        case .horn: base == UInt8(ascii: "o") || base == UInt8(ascii: "u")
        case .stroke: base == UInt8(ascii: "d")
        }
    }

    /// Vowel spelling codes: a e i o u y and ă â ê ô ơ ư ("1"..."6").
    @inline(__always)
    static func isVowelCode(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"),
             UInt8(ascii: "u"), UInt8(ascii: "y"), UInt8(ascii: "1")...UInt8(ascii: "6"): true
        default: false
        }
    }

    private static func build(_ range: ClosedRange<UInt32>) -> [VietLetter?] {
        range.map { v -> VietLetter? in
            if v == 0x110 || v == 0x111 { return VietLetter(base: UInt8(ascii: "d"), modifier: .stroke, tone: 0) }
            guard let scalar = Unicode.Scalar(v) else { return nil }
            let parts = Array(String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars)
            guard parts.count >= 2, let first = parts.first, first.isASCII,
                  first.properties.isAlphabetic else { return nil }
            var letter = VietLetter(base: UInt8(first.value) | 0x20, modifier: .none, tone: 0)
            for mark in parts.dropFirst() {
                if let t = tone(ofCombining: mark.value), letter.tone == 0, letter.isVowel {
                    letter.tone = t
                } else if let m = modifier(ofCombining: mark.value), letter.modifier == .none,
                          allows(m, on: letter.base) {
                    letter.modifier = m
                } else {
                    return nil
                }
            }
            return letter
        }
    }
}
