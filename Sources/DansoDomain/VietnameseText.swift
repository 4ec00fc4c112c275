import Foundation

/// Text comparisons the way people in the field write Vietnamese.
///
/// Headers and coded cells are matched "without regard to case, diacritics, spaces,
/// dots and underscores" (feeds.md §1): `Ngày sinh`, `NGAY SINH` and `ngay_sinh` are one.
public enum VietnameseText {
    /// Lowercased, without tone marks or other diacritics (`đ` becomes `d`), NFC input assumed.
    public static func foldDiacritics(_ text: String) -> String {
        FoldTable.shared.fold(text, keyOnly: false) ?? slowFold(text)
    }

    /// The matching key of a header or label: folded, keeping only letters and digits.
    public static func matchKey(_ text: String) -> String {
        FoldTable.shared.fold(text, keyOnly: true) ?? slowMatchKey(text)
    }

    /// `text.lowercased()`, through a table for Latin and Vietnamese letters: the standard
    /// library's lowercasing looks each scalar's mapping up in the Unicode tables, and
    /// lowercasing every name of a province's register was a tenth of keying it for linkage.
    public static func lowercased(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x41 || ($0 > 0x5A && $0 < 0x80) }) { return text }
        return FoldTable.shared.lowercased(text) ?? text.lowercased()
    }

    /// NFC (TCVN 6909:2001): how every text is stored.
    public static func nfc(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
    }

    /// `foldDiacritics` through Foundation's decomposition: the definition the fast path follows.
    static func slowFold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue            // combining marks
            case 0x0110, 0x0111: out.append("d")      // Đ đ have no decomposition
            default:
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { out.append(lower) }
            }
        }
        return String(out)
    }

    /// `matchKey` through Foundation's decomposition: the definition the fast path follows.
    static func slowMatchKey(_ text: String) -> String {
        String(String.UnicodeScalarView(slowFold(text).unicodeScalars.filter(isKeyScalar)))
    }

    static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }
}

/// The fold of each scalar of Latin (U+0000–U+024F) and Latin Extended Additional
/// (U+1E00–U+1EFF, every precomposed Vietnamese letter), worked out once with the slow path.
///
/// Folding is per scalar once decomposed, and decomposition only reorders runs of
/// combining marks, so for text made of these scalars the fold is the concatenation of
/// theirs. Cells and headers are matched on every line: Foundation's decomposition there
/// was most of the cost of reading files that write labels instead of codes.
struct FoldTable: Sendable {
    static let shared = FoldTable()

    private static let latinEnd: UInt32 = 0x250
    private static let extendedRange: ClosedRange<UInt32> = 0x1E00...0x1EFF

    /// UTF-8 of each scalar's fold and match key, `start[i]..<start[i + 1]` in the bytes.
    private var foldBytes: [UInt8] = [], foldStart: [Int32] = [0]
    private var keyBytes: [UInt8] = [], keyStart: [Int32] = [0]
    /// UTF-8 of each scalar lowercased (`String.lowercased()` maps scalar by scalar).
    private var lowerBytes: [UInt8] = [], lowerStart: [Int32] = [0]
    /// False where the scalar decomposes into something else than starters and the marks
    /// the fold drops: text holding it takes the slow path.
    private var usable: [Bool] = []

    private init() {
        let scalars = (0..<Self.latinEnd).map { $0 } + Array(Self.extendedRange)
        for value in scalars {
            let scalar = Unicode.Scalar(value)!
            let text = String(Character(scalar))
            let decomposed = text.decomposedStringWithCanonicalMapping.unicodeScalars
            usable.append(decomposed.allSatisfy { $0.properties.canonicalCombiningClass == .notReordered || (0x300...0x36F).contains($0.value) })
            foldBytes += VietnameseText.slowFold(text).utf8
            foldStart.append(Int32(foldBytes.count))
            keyBytes += VietnameseText.slowMatchKey(text).utf8
            keyStart.append(Int32(keyBytes.count))
            lowerBytes += text.lowercased().utf8
            lowerStart.append(Int32(lowerBytes.count))
        }
    }

    /// The table index of a scalar, or nil outside the table.
    @inline(__always) private static func index(_ value: UInt32) -> Int? {
        if value < latinEnd { return Int(value) }
        if extendedRange.contains(value) { return Int(latinEnd + value - extendedRange.lowerBound) }
        return nil
    }

    /// The fold (or match key) of `text`, or nil if a scalar is outside the table.
    func fold(_ text: String, keyOnly: Bool) -> String? {
        let bytes = keyOnly ? keyBytes : foldBytes
        let start = keyOnly ? keyStart : foldStart
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let i = Self.index(scalar.value), usable[i] else { return nil }
            let from = Int(start[i]), to = Int(start[i + 1])
            if to - from == 1 {
                out.append(bytes[from])
            } else if to > from {
                out.append(contentsOf: bytes[from..<to])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` lowercased, or nil if a scalar is outside the table.
    func lowercased(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let i = Self.index(scalar.value) else { return nil }
            let from = Int(lowerStart[i]), to = Int(lowerStart[i + 1])
            if to - from == 1 {
                out.append(lowerBytes[from])
            } else {
                out.append(contentsOf: lowerBytes[from..<to])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
