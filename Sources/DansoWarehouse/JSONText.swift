/// Minimal JSON text for string maps (sorted keys, so the same line gives the same text):
/// the record of a quarantined line and the cells of unknown columns, both stored as `jsonb`.
///
/// Written by hand: `JSONSerialization` with sorted keys compared every pair of keys through
/// a locale-aware collator and took some 200 µs a line, most of the client's time on a file
/// with many rejected lines. `jsonb` keeps the parsed object, not the text, so only the
/// object matters: the same keys and values give the same stored record.
enum JSONText {
    static func object(_ object: [String: String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(32 * object.count + 2)
        for (n, key) in object.keys.sorted().enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            string(key, into: &out)
            out.append(UInt8(ascii: ":"))
            string(object[key]!, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string (RFC 8259 §7): quote, backslash and control characters escaped, every
    /// other character as its UTF-8 bytes.
    static func string(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
