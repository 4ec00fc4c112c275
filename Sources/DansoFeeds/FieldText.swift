import Foundation
import Glibc

/// Turns the bytes of one parsed field into its stored String: CRLF inside the field
/// becomes LF, and the text becomes NFC. The hot path of reading: pure-ASCII fields and
/// UTF-8 already known to be NFC never touch Foundation.
public enum FieldText {
    /// The field as a String, how many line breaks it holds, and whether its edges are
    /// known to hold nothing `trimmingSpaces` cuts; `mayHaveLineBreaks` false (the record is
    /// on one line) spares looking for line breaks.
    static func make(_ start: UnsafeRawPointer, _ count: Int, mayHaveLineBreaks: Bool = true,
                     scratch: ByteBuffer) -> (text: String, newlines: Int, unpadded: Bool) {
        guard count > 0 else { return ("", 0, true) }
        var source = UnsafeRawBufferPointer(start: start, count: count)
        var newlines = 0
        if mayHaveLineBreaks, memchr(start, 0x0A, count) != nil {
            scratch.removeAll()
            scratch.reserve(count)
            var previous: UInt8 = 0
            for byte in source {
                if byte == 0x0A {
                    newlines += 1
                    if previous == 0x0D { scratch.count -= 1 }
                }
                scratch.base[scratch.count] = byte
                scratch.count += 1
                previous = byte
            }
            source = scratch.bytes
        }
        let text = String(decoding: source, as: UTF8.self)
        if isKnownNFC(source) { return (text, newlines, hasPlainEdges(source)) }
        return (text.precomposedStringWithCanonicalMapping, newlines, false)
    }

    /// Whether the first byte cannot start, and the last cannot end, a space, tab, no-break
    /// space or CR (the bytes `SpaceCut` looks at first). Repairing invalid UTF-8 only puts
    /// U+FFFD at an edge, which is no space either.
    static func hasPlainEdges(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        return first != 0x20 && first != 0x09 && first != 0xC2
            && last != 0x20 && last != 0x09 && last != 0x0D && last != 0xA0
    }

    /// True if the UTF-8 bytes are ASCII or use only scalars that are NFC whatever surrounds
    /// them: U+0080–U+02FF, U+1E00–U+1EFF (all precomposed Vietnamese letters), U+2002–U+20BF.
    /// Anything else (combining marks above all) answers false and gets normalised.
    public static func isKnownNFC(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            if (base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < n {
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            switch b {
            case 0x00...0x7F:
                i += 1
            case 0xC2...0xCB:
                i += 2
            case 0xE1 where i + 2 < n:
                let b1 = base.load(fromByteOffset: i + 1, as: UInt8.self)
                guard (0xB8...0xBB).contains(b1) else { return false }
                i += 3
            case 0xE2 where i + 2 < n:
                let b1 = base.load(fromByteOffset: i + 1, as: UInt8.self)
                let b2 = base.load(fromByteOffset: i + 2, as: UInt8.self)
                guard (b1 == 0x80 && b2 >= 0x82) || b1 == 0x81 || b1 == 0x82 else { return false }
                i += 3
            default:
                return false
            }
        }
        return true
    }
}
