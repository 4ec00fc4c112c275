import Foundation

/// Text comparisons the way people in the field write Vietnamese.
///
/// Headers and coded cells are matched "without regard to case, diacritics, spaces,
/// dots and underscores" (feeds.md §1): `Ngày sinh`, `NGAY SINH` and `ngay_sinh` are one.
public enum VietnameseText {
    /// Lowercased, without tone marks or other diacritics (`đ` becomes `d`), NFC input assumed.
    public static func foldDiacritics(_ text: String) -> String {
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

    /// The matching key of a header or label: folded, keeping only letters and digits.
    public static func matchKey(_ text: String) -> String {
        String(String.UnicodeScalarView(foldDiacritics(text).unicodeScalars.filter {
            $0.properties.isAlphabetic || ("0"..."9").contains($0)
        }))
    }

    /// NFC (TCVN 6909:2001): how every text is stored.
    public static func nfc(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
    }
}
