/// The field separator of a feed file, detected from its header line.
public enum FeedDelimiter: String, Sendable, Codable {
    case comma = ","
    case semicolon = ";"
    case tab = "\t"

    /// The separator as a byte, for libcsv.
    var byte: UInt8 {
        switch self {
        case .comma: 0x2C
        case .semicolon: 0x3B
        case .tab: 0x09
        }
    }

    /// Picks the most frequent of comma, semicolon and tab outside quotes in a header line.
    ///
    /// Ties go to comma, then semicolon; a line with none of them (a one-column file) is comma.
    static func detect(inHeader line: UnsafeRawBufferPointer) -> FeedDelimiter {
        var commas = 0, semicolons = 0, tabs = 0
        var quoted = false
        for byte in line {
            switch byte {
            case 0x22: quoted.toggle()
            case 0x2C where !quoted: commas += 1
            case 0x3B where !quoted: semicolons += 1
            case 0x09 where !quoted: tabs += 1
            default: break
            }
        }
        if commas >= semicolons && commas >= tabs { return .comma }
        return semicolons >= tabs ? .semicolon : .tab
    }
}
