/// How plausible a decoding is as Vietnamese text.
struct VietnameseScore: Equatable, Sendable {
    /// Words holding a non-ASCII letter or a combining mark.
    var words = 0
    /// Of those, words that cannot be a Vietnamese syllable (foreign letters, stray marks,
    /// two tones, impossible spelling).
    var badWords = 0
    /// Non-ASCII symbols and control characters outside words.
    var badCharacters = 0

    var suspects: Int { badWords + badCharacters }
    var units: Int { words + badCharacters }

    /// At most one unit in five suspect. Real Vietnamese has a few (minority names, loan
    /// words); text decoded with the wrong table has far more.
    var isPlausible: Bool { units > 0 && suspects * 5 <= units }

    /// Whether this score has a strictly smaller share of suspects than `other`.
    func isBetter(than other: VietnameseScore) -> Bool {
        suspects * max(other.units, 1) < other.suspects * max(units, 1)
    }
}

/// Scores decoded UTF-8 text, chunk by chunk, as Vietnamese. Works on scalars, so text
/// whose tone marks are combining characters (Windows-1258) scores as its NFC form would.
struct VietnameseScorer {
    private(set) var score = VietnameseScore()
    private var word = SpelledWord()
    private var lastHasTone = false
    private var inWord = false
    private var wordHasNonASCII = false
    private var wordBroken = false

    /// Scores valid UTF-8 made of whole characters (as iconv writes it).
    mutating func consume(utf8 text: UnsafeRawBufferPointer) {
        guard let base = text.baseAddress else { return }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = text.count
        var i = 0
        while i < n {
            let b0 = UInt32(p[i])
            if b0 < 0x80 {
                feedASCII(UInt8(b0))
                i += 1
            } else if b0 < 0xE0, i + 1 < n {
                feed((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F))
                i += 2
            } else if b0 < 0xF0, i + 2 < n {
                feed((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F))
                i += 3
            } else if i + 3 < n {
                feed((b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12
                     | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F))
                i += 4
            } else {
                feed(0xFFFD)
                i = n
            }
        }
    }

    @inline(__always)
    private mutating func feedASCII(_ b: UInt8) {
        if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A {
            word.append(b | 0x20)
            lastHasTone = false
            inWord = true
        } else {
            endWord()
            if b < 0x20 && !(0x09...0x0D).contains(b) { score.badCharacters += 1 }
        }
    }

    /// Scores one scalar.
    mutating func feed(_ v: UInt32) {
        if v < 0x80 { return feedASCII(UInt8(v)) }
        if let letter = VietnameseLetters.letter(v) {
            word.append(letter.code)
            if letter.tone != 0 {
                word.tones += 1
                word.tone = letter.tone
            }
            lastHasTone = letter.tone != 0
            inWord = true
            wordHasNonASCII = true
            return
        }
        if let tone = VietnameseLetters.tone(ofCombining: v) {
            markWord()
            if let last = word.last, VietnameseLetters.isVowelCode(last), !lastHasTone {
                word.tones += 1
                word.tone = tone
                lastHasTone = true
            } else {
                wordBroken = true
            }
            return
        }
        if let modifier = VietnameseLetters.modifier(ofCombining: v) {
            markWord()
            let modified = word.last.map { VietLetter(base: $0, modifier: modifier, tone: 0) }
            if let modified, VietnameseLetters.allows(modifier, on: modified.base) {
                word[word.count - 1] = modified.code
            } else {
                wordBroken = true
            }
            return
        }
        let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark:
            markWord()
            wordBroken = true
            return
        default:
            if scalar.properties.isAlphabetic {
                markWord()
                wordBroken = true
                return
            }
        }
        endWord()
        if !Self.isCommonPunctuation(v) { score.badCharacters += 1 }
    }

    /// Ends the text; returns the score.
    mutating func finish() -> VietnameseScore {
        endWord()
        return score
    }

    private mutating func markWord() {
        inWord = true
        wordHasNonASCII = true
    }

    @inline(__always)
    private mutating func endWord() {
        guard inWord else { return }
        if wordHasNonASCII {
            score.words += 1
            if wordBroken || !VietnameseSyllable.isPossible(word) { score.badWords += 1 }
        }
        word.removeAll()
        lastHasTone = false
        inWord = false
        wordHasNonASCII = false
        wordBroken = false
    }

    /// Non-ASCII punctuation that office software puts in ordinary text.
    static func isCommonPunctuation(_ v: UInt32) -> Bool {
        switch v {
        case 0xA0, 0xAB, 0xB0, 0xB7, 0xBB,           // NBSP « ° · »
             0x2000...0x200B, 0x202F,                 // spaces
             0x2010...0x2015, 0x2018...0x201F,        // dashes, quotes
             0x2022, 0x2026, 0x2116, 0x20AB, 0x20AC,  // • … № ₫ €
             0xFEFF:
            true
        default:
            false
        }
    }
}
