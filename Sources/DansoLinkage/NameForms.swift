import DansoDomain

/// A person's name in the forms the comparisons need, worked out once per record.
///
/// Registers write the same name in many ways: all capitals, padded or doubled spaces,
/// decomposed tone marks (CP1258 files), old or new tone placement (`Hòa`, `Hoà`), tone
/// marks forgotten. Each form below erases one of those differences and nothing more, so a
/// comparison can tell "written differently" from "a different name".
///
/// A class, immutable: a run of blocks hands each record's forms to several tables, and
/// copying a struct of six strings retained each of them (a third of scoring a run's time
/// went to reference counting).
public final class NameForms: Sendable, Hashable {
    /// Trimmed, spaces collapsed, NFC, lowercased: the name as written, up to case and spacing.
    public let nfc: String
    /// `nfc` with tone marks placed one way (`hoà` → `hòa`, `thuỷ` → `thủy`): equal only when
    /// every letter, diacritic and tone agrees.
    public let toned: String
    /// Diacritics and tones folded (`VietnameseText.foldDiacritics`, `đ` → `d`).
    public let folded: String
    /// The first token, folded: the family name (họ).
    public let family: String
    /// The tokens between family and given name, folded (tên đệm: often `thi`, `van`).
    public let middle: [String]
    /// The last token, folded: the given name (tên), the most telling part.
    public let given: String
    /// `folded` without its given name: the family and middle names (`nguyen van` for
    /// `Nguyễn Văn Hùng`); empty for a one-token name. Worked out when asked (a blocking key,
    /// the interned tables), not stored: a province's names would each hold one more string.
    public var familyAndMiddle: String { String(familyAndMiddlePart) }

    /// Whether ``familyAndMiddle`` is not empty.
    var hasFamilyAndMiddle: Bool { !familyAndMiddlePart.isEmpty }

    /// Writes ``familyAndMiddle`` into a blocking key without making the string.
    func writeFamilyAndMiddle(_ out: inout BlockingKey) {
        out.append(familyAndMiddlePart.utf8)
    }

    /// `folded` is the tokens joined by single spaces: everything before the last one.
    private var familyAndMiddlePart: Substring {
        folded[..<(folded.utf8.lastIndex(of: 0x20) ?? folded.startIndex)]
    }

    /// Whether `folded` is ASCII, so that its bytes are its characters (the fast comparisons).
    let foldedIsASCII: Bool

    public static func == (a: NameForms, b: NameForms) -> Bool {
        a === b || (a.nfc == b.nfc && a.toned == b.toned && a.folded == b.folded)
    }

    /// The other forms follow from these three.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(nfc)
        hasher.combine(toned)
        hasher.combine(folded)
    }

    /// - Important: a one-token name has that token as `given` and an empty `family`.
    public convenience init(_ fullName: String) {
        let composed = VietnameseText.lowercased(Self.composed(fullName))
        let tokens = Self.tokens(composed)
        let nfc = tokens.joined(separator: " ")
        var tonedTokens = tokens
        var changed = false
        for i in tonedTokens.indices {
            if let canonical = ToneSpelling.canonical(tonedTokens[i]) {
                tonedTokens[i] = canonical
                changed = true
            }
        }
        let toned = changed ? tonedTokens.joined(separator: " ") : nfc   // shares storage when unchanged
        self.init(nfc: nfc, toned: toned, folded: VietnameseText.foldDiacritics(toned))
    }

    /// The forms of a name worked out before (``nfc``, ``toned`` and ``folded`` kept where the
    /// records are): the tokens are split again, the normalisation is not redone.
    public init(nfc: String, toned: String, folded: String) {
        self.nfc = nfc
        self.toned = toned
        self.folded = folded
        // One pass over the bytes: the tokens' bounds, and whether all are ASCII.
        var family = "", given = "", middle: [String] = []
        var isASCII = true
        var bytes = folded
        bytes.withUTF8 { bytes in
            var tokens: [Range<Int>] = []
            var start = -1
            for (i, byte) in bytes.enumerated() {
                if byte >= 0x80 { isASCII = false }
                if byte == 0x20 {
                    if start >= 0 { tokens.append(start..<i) }
                    start = -1
                } else if start < 0 {
                    start = i
                }
            }
            if start >= 0 { tokens.append(start..<bytes.count) }
            func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }
            if let last = tokens.last { given = text(last) }
            if tokens.count > 1 {
                family = text(tokens[0])
                middle = tokens[1..<(tokens.count - 1)].map(text)
            }
        }
        (self.family, self.middle, self.given, foldedIsASCII) = (family, middle, given, isASCII)
    }

    /// NFC of `text`, without Foundation when it is already precomposed: scalars below U+0300
    /// or in Latin Extended Additional (every precomposed Vietnamese letter) are all stable
    /// under NFC, and most names are only those.
    static func composed(_ text: String) -> String {
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x300 || (0x1E00...0x1EFF).contains(v) { continue }
            return VietnameseText.nfc(text)
        }
        return text
    }

    /// The tokens of `text` split on spaces, tabs, line breaks and no-break spaces.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current: [UInt8] = []
        var bytes = Array(text.utf8)
        bytes.append(0x20)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let isSpace: Bool
            var width = 1
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D: isSpace = true
            case 0xC2 where i + 1 < bytes.count && bytes[i + 1] == 0xA0:
                isSpace = true
                width = 2
            default: isSpace = false
            }
            if isSpace {
                if !current.isEmpty {
                    tokens.append(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                }
            } else {
                current.append(b)
            }
            i += width
        }
        return tokens
    }
}
