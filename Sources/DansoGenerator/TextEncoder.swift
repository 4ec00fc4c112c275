import Foundation
import Glibc

/// The encodings commune files arrive in (feeds.md §1), as the manifest names them.
public enum OutputEncoding: String, Sendable, CaseIterable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8-BOM"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case cp1258 = "CP1258"
    case tcvn3 = "TCVN3"

    var byteOrderMark: [UInt8] {
        switch self {
        case .utf8BOM: [0xEF, 0xBB, 0xBF]
        case .utf16LE: [0xFF, 0xFE]
        case .utf16BE: [0xFE, 0xFF]
        default: []
        }
    }

    var isEightBit: Bool { self == .cp1258 || self == .tcvn3 }
}

/// Turns NFC UTF-8 text into the bytes of an encoding, appending to a buffer.
///
/// Windows-1258 is written the way Windows writes it: the letters with a vowel mark
/// (â ă ê ô ơ ư) and đ precomposed, tone marks as combining characters after them (so
/// `ế` is `ê` + U+0301). TCVN3 (TCVN 5712:1993) is a one-byte font encoding; glibc's
/// TCVN5712-1 table (the one danso decodes with) puts the capitals Ú Ụ Ừ Ứ Ử Ữ Ự Ý Ỳ Ỷ Ỹ Ỵ
/// on control bytes 0x01–0x17, which would make a file look binary, so those are written
/// as base letter + combining tone byte, which decodes to the same text.
/// Tables are built once from glibc iconv, so they agree with the reader's decoder.
final class TextEncoder: @unchecked Sendable {  // immutable after init
    static let shared = TextEncoder()

    /// Bytes per scalar for U+0080..U+01FF and U+1E00..U+1EFF (empty: not encodable).
    private var cp1258Low: [[UInt8]] = Array(repeating: [], count: 0x180)
    private var cp1258High: [[UInt8]] = Array(repeating: [], count: 0x100)
    private var tcvnLow: [[UInt8]] = Array(repeating: [], count: 0x180)
    private var tcvnHigh: [[UInt8]] = Array(repeating: [], count: 0x100)

    private init() {
        let tones: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323]
        let toneBytes: [UInt32: UInt8] = [0x300: 0xCC, 0x301: 0xEC, 0x303: 0xDE, 0x309: 0xD2, 0x323: 0xF2]
        for v in UInt32(0x80)..<0x200 { fill(v, tones: tones, toneBytes: toneBytes) }
        for v in UInt32(0x1E00)..<0x1F00 { fill(v, tones: tones, toneBytes: toneBytes) }
    }

    private func fill(_ v: UInt32, tones: Set<UInt32>, toneBytes: [UInt32: UInt8]) {
        guard let scalar = Unicode.Scalar(v) else { return }
        let text = String(Character(scalar))
        // CP1258: base (without tone) precomposed + combining tone byte.
        let nfd = Array(text.decomposedStringWithCanonicalMapping.unicodeScalars)
        let toneMarks = nfd.filter { tones.contains($0.value) }
        var baseView = String.UnicodeScalarView()
        for s in nfd where !tones.contains(s.value) { baseView.append(s) }
        let base = String(baseView).precomposedStringWithCanonicalMapping
        var cp: [UInt8]? = Self.iconv(base, to: "CP1258")
        if let b = cp, b.count == 1, toneMarks.count <= 1 {
            if let t = toneMarks.first { cp = b + [toneBytes[t.value]!] }
        } else {
            cp = nil
        }
        // TCVN3: glibc's table; where it gives a control byte, the letter without its tone
        // followed by the combining tone byte (0xB0–0xB4), which glibc decodes back.
        var tc = Self.iconv(text, to: "TCVN5712-1")
        if let t = tc, t.contains(where: { $0 < 0x20 }) {
            tc = nil
            if toneMarks.count == 1, let b = Self.iconv(base, to: "TCVN5712-1"), b.count == 1, b[0] >= 0x20,
               let mark = Self.iconv(String(Character(toneMarks[0])), to: "TCVN5712-1"), mark.count == 1 {
                tc = b + mark
            }
        }
        if v < 0x200 {
            cp1258Low[Int(v) - 0x80] = cp ?? []
            tcvnLow[Int(v) - 0x80] = tc ?? []
        } else {
            cp1258High[Int(v) - 0x1E00] = cp ?? []
            tcvnHigh[Int(v) - 0x1E00] = tc ?? []
        }
    }

    /// glibc iconv of a short text, nil when it cannot be converted.
    static func iconv(_ text: String, to target: String) -> [UInt8]? {
        convert(Array(text.utf8), from: "UTF-8", to: target)
    }

    /// glibc iconv of a short byte string between two encodings, nil when it cannot be converted.
    static func convert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
        guard let cd = iconv_open(target, source), cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let written: Int? = input.withUnsafeMutableBytes { inBuf in
            output.withUnsafeMutableBytes { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                if Glibc.iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { return nil }
                if Glibc.iconv(cd, nil, nil, &outPtr, &outLeft) == -1 { return nil }
                return outBuf.count - outLeft
            }
        }
        return written.map { Array(output[..<$0]) }
    }

    @inline(__always)
    private func table(_ encoding: OutputEncoding, _ v: UInt32) -> [UInt8] {
        if v >= 0x80 && v < 0x200 { return encoding == .cp1258 ? cp1258Low[Int(v) - 0x80] : tcvnLow[Int(v) - 0x80] }
        if v >= 0x1E00 && v < 0x1F00 { return encoding == .cp1258 ? cp1258High[Int(v) - 0x1E00] : tcvnHigh[Int(v) - 0x1E00] }
        return []
    }

    /// Appends `utf8` (valid, NFC) in `encoding`; returns false if a character cannot be written.
    @discardableResult
    func append(_ utf8: [UInt8], _ encoding: OutputEncoding, to out: inout [UInt8]) -> Bool {
        switch encoding {
        case .utf8, .utf8BOM:
            out.append(contentsOf: utf8)
            return true
        case .utf16LE, .utf16BE:
            var ok = true
            Self.scalars(utf8) { v in
                if v >= 0x10000 {
                    let u = v - 0x10000
                    Self.unit(UInt16(0xD800 + (u >> 10)), encoding, &out)
                    Self.unit(UInt16(0xDC00 + (u & 0x3FF)), encoding, &out)
                } else if v == 0xFFFD {
                    ok = false
                } else {
                    Self.unit(UInt16(v), encoding, &out)
                }
            }
            return ok
        case .cp1258, .tcvn3:
            var ok = true
            var i = 0
            let n = utf8.count
            while i < n {
                let b = utf8[i]
                if b < 0x80 {
                    out.append(b)
                    i += 1
                    continue
                }
                let (v, len) = Self.decode(utf8, at: i)
                i += len
                let bytes = table(encoding, v)
                if bytes.isEmpty { ok = false; out.append(0x3F) } else { out.append(contentsOf: bytes) }
            }
            return ok
        }
    }

    @inline(__always)
    private static func unit(_ u: UInt16, _ encoding: OutputEncoding, _ out: inout [UInt8]) {
        if encoding == .utf16LE {
            out.append(UInt8(u & 0xFF)); out.append(UInt8(u >> 8))
        } else {
            out.append(UInt8(u >> 8)); out.append(UInt8(u & 0xFF))
        }
    }

    @inline(__always)
    static func decode(_ s: [UInt8], at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(s[i])
        if b0 < 0xE0, i + 1 < s.count { return ((b0 & 0x1F) << 6 | UInt32(s[i + 1] & 0x3F), 2) }
        if b0 < 0xF0, i + 2 < s.count {
            return ((b0 & 0x0F) << 12 | UInt32(s[i + 1] & 0x3F) << 6 | UInt32(s[i + 2] & 0x3F), 3)
        }
        if i + 3 < s.count {
            return ((b0 & 0x07) << 18 | UInt32(s[i + 1] & 0x3F) << 12 | UInt32(s[i + 2] & 0x3F) << 6
                    | UInt32(s[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    @inline(__always)
    static func scalars(_ s: [UInt8], _ body: (UInt32) -> Void) {
        var i = 0
        while i < s.count {
            if s[i] < 0x80 { body(UInt32(s[i])); i += 1; continue }
            let (v, len) = decode(s, at: i)
            body(v)
            i += len
        }
    }
}
