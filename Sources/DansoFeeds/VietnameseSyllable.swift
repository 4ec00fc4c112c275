/// A written word as Vietnamese spelling codes (see `VietLetter.code`), packed eight to a
/// word so scoring allocates nothing; longer words are never one syllable.
struct SpelledWord {
    private(set) var packed: UInt64 = 0
    private(set) var count = 0
    /// How many letters carry a tone, and the last tone seen.
    var tones = 0
    var tone: UInt8 = 0

    subscript(i: Int) -> UInt8 {
        get { UInt8(truncatingIfNeeded: packed >> (8 * UInt64(i))) }
        set {
            let shift = 8 * UInt64(i)
            packed = packed & ~(0xFF << shift) | UInt64(newValue) << shift
        }
    }

    mutating func append(_ code: UInt8) {
        if count < 8 { self[count] = code }
        count += 1
    }

    /// The code of the last letter, if it is stored.
    var last: UInt8? { count > 0 && count <= 8 ? self[count - 1] : nil }

    mutating func removeAll() {
        packed = 0
        count = 0
        tones = 0
        tone = 0
    }
}

/// Whether a written word can be one Vietnamese syllable: onset consonant(s), one to three
/// vowels, an allowed final consonant, at most one tone, and no huyền/hỏi/ngã on a syllable
/// ending in a stop (c, ch, p, t). Mis-decoded text breaks these rules far more often than
/// real names and addresses do.
enum VietnameseSyllable {
    static func isPossible(_ word: SpelledWord) -> Bool {
        guard word.count >= 1, word.count <= 8, word.tones <= 1 else { return false }
        let (first, second) = onsetLengths(word)
        if let first, rest(of: word, from: first) { return true }
        if let second, rest(of: word, from: second) { return true }
        return false
    }

    /// The onset lengths to try (a second where "gi" may be g + vowel i); nil for a letter
    /// no Vietnamese syllable starts with.
    private static func onsetLengths(_ w: SpelledWord) -> (Int?, Int?) {
        let c0 = w[0]
        let c1 = w.count > 1 ? w[1] : 0
        let c2 = w.count > 2 ? w[2] : 0
        func letter(_ s: Unicode.Scalar) -> UInt8 { UInt8(s.value) }
        switch c0 {
        case letter("n"):
            if c1 == letter("g") { return (c2 == letter("h") ? 3 : 2, nil) }
            return (c1 == letter("h") ? 2 : 1, nil)
        case letter("c"): return (c1 == letter("h") ? 2 : 1, nil)
        case letter("g"):
            if c1 == letter("i") { return (2, 1) }
            return (c1 == letter("h") || c1 == letter("l") ? 2 : 1, nil)
        case letter("k"), letter("p"):
            return (c1 == letter("h") || c1 == letter("l") || c1 == letter("r") ? 2 : 1, nil)
        case letter("t"): return (c1 == letter("h") || c1 == letter("r") ? 2 : 1, nil)
        case letter("q"): return c1 == letter("u") ? (2, nil) : (nil, nil)
        case letter("b"): return (c1 == letter("l") || c1 == letter("r") ? 2 : 1, nil)
        // Consonant clusters of Central Highlands names (Krông, Hrê, Đrai...).
        case letter("d"), letter("h"), letter("0"): return (c1 == letter("r") ? 2 : 1, nil)
        case letter("l"), letter("m"), letter("r"), letter("s"), letter("v"), letter("x"): return (1, nil)
        default: return VietnameseLetters.isVowelCode(c0) ? (0, nil) : (nil, nil)
        }
    }

    /// One to three vowels from `start`, then a possible final consonant.
    private static func rest(of w: SpelledWord, from start: Int) -> Bool {
        var i = start
        while i < w.count, VietnameseLetters.isVowelCode(w[i]) { i += 1 }
        guard (1...3).contains(i - start) else { return false }
        func letter(_ s: Unicode.Scalar) -> UInt8 { UInt8(s.value) }
        let c0 = i < w.count ? w[i] : 0
        let c1 = i + 1 < w.count ? w[i + 1] : 0
        let stop: Bool
        switch w.count - i {
        case 0: return true
        case 1:
            switch c0 {
            case letter("m"), letter("n"): return true
            case letter("c"), letter("p"), letter("t"), letter("k"): stop = true
            default: return false
            }
        case 2:
            switch (c0, c1) {
            case (letter("n"), letter("g")), (letter("n"), letter("h")): return true
            case (letter("c"), letter("h")): stop = true
            default: return false
            }
        default: return false
        }
        // Syllables ending in a stop take only sắc, nặng (or, in loan names, no tone).
        return !(stop && (w.tone == 1 || w.tone == 3 || w.tone == 4))
    }
}
