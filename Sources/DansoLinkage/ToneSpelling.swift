/// One spelling of the tone position in open syllables ending in `oa`, `oe`, `uy`.
///
/// Vietnamese writes these two ways: the older `hòa`, `khỏe`, `thủy` (tone on the first
/// vowel) and the newer `hoà`, `khoẻ`, `thuỷ` (on the second). Both are correct and both
/// occur in registers, so they are one name: the older placement is kept, the newer moved.
/// No other syllable is spelled two ways (`quý`: `qu` is a consonant, the tone stays on `y`).
enum ToneSpelling {
    /// Each row is a vowel with its six tones: none, huyền, sắc, hỏi, ngã, nặng.
    private static let rows: [[Unicode.Scalar]] = ["aàáảãạ", "eèéẻẽẹ", "yỳýỷỹỵ", "oòóỏõọ", "uùúủũụ"]
        .map { Array($0.unicodeScalars) }
    private static let (a, e, y, o, u) = (0, 1, 2, 3, 4)

    /// The row and tone of a lowercase vowel among a, e, y, o, u.
    private static func vowel(_ scalar: Unicode.Scalar) -> (row: Int, tone: Int)? {
        for (row, scalars) in rows.enumerated() {
            if let tone = scalars.firstIndex(of: scalar) { return (row, tone) }
        }
        return nil
    }

    /// The token with its tone moved to the older position, or nil when nothing moves.
    /// The token is lowercase NFC.
    static func canonical(_ token: String) -> String? {
        // A toned a, e or y is never ASCII: most tokens end in a consonant or a bare vowel.
        guard let last = token.utf8.last, last >= 0x80 else { return nil }
        let scalars = Array(token.unicodeScalars)
        guard scalars.count >= 2,
              let second = vowel(scalars[scalars.count - 1]), second.tone != 0,
              let first = vowel(scalars[scalars.count - 2]), first.tone == 0
        else { return nil }
        switch (first.row, second.row) {
        case (o, a), (o, e):
            break
        case (u, y):
            if scalars.count >= 3, scalars[scalars.count - 3] == "q" { return nil }
        default:
            return nil
        }
        var out = String.UnicodeScalarView(scalars.dropLast(2))
        out.append(rows[first.row][second.tone])
        out.append(rows[second.row][0])
        return String(out)
    }
}
