/// A character encoding that commune files arrive in (feeds.md §1).
public enum FeedEncoding: String, Sendable, Codable, CaseIterable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8-BOM"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case windows1258 = "WINDOWS-1258"
    case tcvn3 = "TCVN3"

    /// The glibc iconv name to decode from; nil where the bytes are already UTF-8.
    var iconvName: String? {
        switch self {
        case .utf8, .utf8BOM: nil
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .windows1258: "CP1258"
        // glibc has no separate VN3 table: TCVN5712-1 (VN1) is a superset of it.
        case .tcvn3: "TCVN5712-1"
        }
    }

    /// How many leading bytes are a byte order mark, skipped before decoding.
    var bomLength: Int {
        switch self {
        case .utf8BOM: 3
        case .utf16LE, .utf16BE: 2
        case .utf8, .windows1258, .tcvn3: 0
        }
    }
}
