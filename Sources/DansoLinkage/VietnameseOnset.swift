/// The consonants a Vietnamese syllable may begin with, on folded text (`đ` is `d`).
///
/// A given name mistyped in its first letter often stops being a syllable at all (`Criều`,
/// `Lga`); a sibling's name never does. Names of other languages (Khmer `Srey`, Chăm
/// `Abdul`) fail the test too: for them a first-letter slip is taken for a slip.
enum VietnameseOnset {
    /// Two- and three-letter onsets.
    static let clusters: Set<[UInt8]> = Set(["ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "ngh"].map { Array($0.utf8) })
    /// One-letter onsets.
    static let single: Set<UInt8> = Set("bcdghklmnprstvx".utf8)
    static let vowels: Set<UInt8> = Set("aeiouy".utf8)

    /// Whether folded `word` begins as a Vietnamese syllable can (a vowel, a single
    /// consonant before a vowel, or one of the clusters). Non-ASCII starts are not judged.
    static func isValid<C: RandomAccessCollection>(_ word: C) -> Bool where C.Element == UInt8, C.Index == Int {
        guard let first = word.first else { return true }
        if first >= 0x80 || vowels.contains(first) { return true }
        let s = word.startIndex
        if word.count >= 3, clusters.contains([word[s], word[s + 1], word[s + 2]]) { return true }
        if word.count >= 2, clusters.contains([word[s], word[s + 1]]) { return true }
        guard single.contains(first) else { return false }
        return word.count == 1 || vowels.contains(word[s + 1]) || word[s + 1] >= 0x80
    }
}
