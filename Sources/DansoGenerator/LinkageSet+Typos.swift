import Foundation

/// The ways a name or a number is written wrong once, as collaborators do.
enum Typos {
    /// The five tone marks as combining characters: huyền, sắc, ngã, hỏi, nặng.
    static let tones: [Unicode.Scalar] = ["\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"]
    /// Letters taken for one another (southern speech: d/v, s/x, final t/c; i/y).
    static let confused: [Unicode.Scalar: Unicode.Scalar] = [
        "s": "x", "x": "s", "d": "v", "v": "d", "n": "l", "l": "n", "i": "y", "y": "i",
        "c": "k", "k": "c", "t": "c", "m": "n", "g": "q", "h": "k", "r": "g", "b": "p", "p": "b",
    ]

    private static let nameWays = WeightTable([18, 14, 14, 14, 14, 8, 8, 10])

    /// The name with one mistake: a letter dropped, two swapped or one replaced, a tone mark
    /// changed or lost, all capitals, extra spaces, or no diacritics at all. Never the same text.
    static func name(_ name: String, _ rng: inout Xoshiro) -> String {
        for _ in 0..<20 {
            let out: String? = switch nameWays.draw(&rng) {
            case 0: drop(name, &rng)
            case 1: swap(name, &rng)
            case 2: replace(name, &rng)
            case 3: tone(name, lose: false, &rng)
            case 4: tone(name, lose: true, &rng)
            case 5: name.uppercased()
            case 6: spaces(name, &rng)
            default: withoutDiacritics(name)
            }
            if let out, out != name, out.contains(where: { !$0.isWhitespace }) { return out }
        }
        return name + " "
    }

    /// The name one letter apart: a letter dropped, two swapped or one replaced.
    static func letter(_ name: String, _ rng: inout Xoshiro) -> String {
        for _ in 0..<20 {
            let out: String? = switch rng.below(3) {
            case 0: drop(name, &rng)
            case 1: swap(name, &rng)
            default: replace(name, &rng)
            }
            if let out, out != name { return out }
        }
        return name + " "
    }

    /// Applies `change` to the letters of one word (of at least `minimum` letters).
    private static func inWord(_ name: String, minimum: Int, _ rng: inout Xoshiro,
                               _ change: (inout [Character], inout Xoshiro) -> Bool) -> String? {
        var words = name.split(separator: " ", omittingEmptySubsequences: false).map { Array($0) }
        let candidates = words.indices.filter { words[$0].count >= minimum }
        guard !candidates.isEmpty else { return nil }
        let w = rng.pick(candidates)
        guard change(&words[w], &rng) else { return nil }
        return words.map { String($0) }.joined(separator: " ")
    }

    static func drop(_ name: String, _ rng: inout Xoshiro) -> String? {
        inWord(name, minimum: 2, &rng) { word, rng in
            word.remove(at: rng.below(word.count))
            return true
        }
    }

    static func swap(_ name: String, _ rng: inout Xoshiro) -> String? {
        inWord(name, minimum: 2, &rng) { word, rng in
            let places = (0..<(word.count - 1)).filter { word[$0] != word[$0 + 1] }
            guard !places.isEmpty else { return false }
            let k = rng.pick(places)
            word.swapAt(k, k + 1)
            return true
        }
    }

    static func replace(_ name: String, _ rng: inout Xoshiro) -> String? {
        inWord(name, minimum: 1, &rng) { word, rng in
            let places = word.indices.filter { base(word[$0]).flatMap { confused[lower($0)] } != nil }
            guard !places.isEmpty else { return false }
            let k = rng.pick(places)
            var scalars = Array(String(word[k]).decomposedStringWithCanonicalMapping.unicodeScalars)
            let upper = scalars[0].properties.isUppercase
            let to = confused[lower(scalars[0])]!
            scalars[0] = upper ? Unicode.Scalar(to.properties.uppercaseMapping)! : to
            word[k] = Character(String(String.UnicodeScalarView(scalars)).precomposedStringWithCanonicalMapping)
            return true
        }
    }

    /// A tone mark changed for another, or lost; a word without one gets one.
    static func tone(_ name: String, lose: Bool, _ rng: inout Xoshiro) -> String? {
        var words = name.split(separator: " ", omittingEmptySubsequences: false).map { Array(String($0).decomposedStringWithCanonicalMapping.unicodeScalars) }
        let toned = words.indices.filter { words[$0].contains(where: tones.contains) }
        if let w = toned.isEmpty ? nil : rng.pick(toned) {
            let k = words[w].firstIndex(where: tones.contains)!
            if lose { words[w].remove(at: k) } else { words[w][k] = rng.pick(tones.filter { $0 != words[w][k] }) }
        } else {
            let vowelWords = words.indices.filter { words[$0].contains(where: isVowel) }
            guard !vowelWords.isEmpty else { return nil }
            let w = rng.pick(vowelWords)
            var k = words[w].firstIndex(where: isVowel)! + 1
            while k < words[w].count, (0x300...0x36F).contains(words[w][k].value) { k += 1 }
            words[w].insert(rng.pick(tones), at: k)
        }
        return words.map { String(String.UnicodeScalarView($0)) }.joined(separator: " ").precomposedStringWithCanonicalMapping
    }

    /// A space doubled between two words, or one before or after the name.
    static func spaces(_ name: String, _ rng: inout Xoshiro) -> String {
        var words = name.split(separator: " ").map(String.init)
        switch rng.below(words.count > 1 ? 4 : 2) {
        case 0: return " " + name
        case 1: return name + " "
        default:
            let k = 1 + rng.below(words.count - 1)
            words[k] = " " + words[k]
            return words.joined(separator: " ")
        }
    }

    /// A 12-digit number with one digit changed, or two adjacent different digits transposed.
    static func number(_ number: String, _ rng: inout Xoshiro) -> String {
        var d = Array(number.utf8)
        let places = d.indices.dropLast().filter { d[$0] != d[$0 + 1] }
        if !places.isEmpty, rng.chance(0.4) {
            let k = rng.pick(places)
            d.swapAt(k, k + 1)
        } else {
            let k = rng.below(d.count)
            d[k] = 0x30 + UInt8((Int(d[k] - 0x30) + 1 + rng.below(9)) % 10)
        }
        return String(decoding: d, as: UTF8.self)
    }

    /// The name typed without diacritics (`đ` as `d`), case kept.
    static func withoutDiacritics(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch s.value {
            case 0x300...0x36F: continue
            case 0x110: out.append("D")
            case 0x111: out.append("d")
            default: out.append(s)
            }
        }
        return String(out)
    }

    private static func base(_ c: Character) -> Unicode.Scalar? {
        String(c).decomposedStringWithCanonicalMapping.unicodeScalars.first
    }

    private static func lower(_ s: Unicode.Scalar) -> Unicode.Scalar {
        s.properties.lowercaseMapping.unicodeScalars.first ?? s
    }

    private static func isVowel(_ s: Unicode.Scalar) -> Bool { "aeiouyAEIOUY".unicodeScalars.contains(s) }
}
