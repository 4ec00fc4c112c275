/// Byte-level facts about a file, gathered in one streaming pass (pass 1).
struct ByteStats: Equatable, Sendable {
    var byteCount = 0
    /// The first bytes of the file (up to 4), for the byte order mark.
    var leadingBytes: [UInt8] = []
    var nulCount = 0
    /// C0 control bytes other than TAB, LF, VT, FF, CR and SUB (DOS end of file).
    var controlCount = 0
    /// Bytes other than space, TAB, CR, LF, VT, FF; counting stops at 16.
    var nonWhitespaceCount = 0
    var isValidUTF8 = true
    var firstInvalidUTF8Offset: Int?

    /// The encoding a byte order mark at the start announces, if any.
    var byteOrderMark: FeedEncoding? {
        if leadingBytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
        if leadingBytes.starts(with: [0xFF, 0xFE]) { return .utf16LE }
        if leadingBytes.starts(with: [0xFE, 0xFF]) { return .utf16BE }
        return nil
    }

    /// More than 1% control bytes: binary data rather than text.
    var looksBinary: Bool { controlCount * 100 > byteCount }
}

/// Gathers `ByteStats` chunk by chunk, validating UTF-8 across chunk boundaries.
///
/// Runs over every byte of every file, so runs of printable ASCII are skipped eight bytes at
/// a time, and once the non-blank count is settled, text is skipped a word or a letter at a time.
struct ByteSniffer {
    private(set) var stats = ByteStats()
    /// Continuation bytes still expected, and the allowed range of the next one.
    private var need = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    mutating func consume(_ chunk: UnsafeRawBufferPointer) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        let n = chunk.count
        if stats.leadingBytes.count < 4 {
            stats.leadingBytes.append(contentsOf: chunk.prefix(4 - stats.leadingBytes.count))
        }
        var i = 0
        while i < n {
            if stats.nonWhitespaceCount >= 16 {
                consumeCounted(base + i, n - i, offset: stats.byteCount + i)
                break
            }
            if need == 0 && i + 8 <= n {
                let word = (base + i).loadUnaligned(as: UInt64.self)
                let high = word & 0x8080_8080_8080_8080
                let belowSpace = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
                if high == 0 && belowSpace == 0 {
                    for k in 0..<8 where base.load(fromByteOffset: i + k, as: UInt8.self) != 0x20 {
                        stats.nonWhitespaceCount += 1
                    }
                    i += 8
                    continue
                }
            }
            step(base.load(fromByteOffset: i, as: UInt8.self), at: stats.byteCount + i)
            i += 1
        }
        stats.byteCount += n
    }

    /// The rest of a chunk once 16 non-blank bytes are counted, when only the NUL and
    /// control counts and the UTF-8 state can still change: text bytes are skipped eight at a
    /// time, and whole UTF-8 sequences at once, rather than each going through `step`.
    private mutating func consumeCounted(_ base: UnsafeRawPointer, _ n: Int, offset: Int) {
        var i = 0
        while i < n {
            if need == 0 {
                if i + 8 <= n {
                    // Skip to the first byte of the word that is not text: non-ASCII, or a
                    // control other than TAB, LF and CR.
                    let word = UInt64(littleEndian: (base + i).loadUnaligned(as: UInt64.self))
                    let other = Self.otherThanText(word)
                    if other == 0 {
                        i += 8
                        continue
                    }
                    i += other.trailingZeroBitCount / 8
                }
                let b = base.load(fromByteOffset: i, as: UInt8.self)
                if b >= 0x20 && b < 0x80 {
                    i += 1
                    continue
                }
                if b >= 0xC2 && stats.isValidUTF8, let length = Self.sequenceLength(base + i, lead: b, available: n - i) {
                    i += length
                    continue
                }
            }
            step(base.load(fromByteOffset: i, as: UInt8.self), at: offset + i)
            i += 1
        }
    }

    /// The high bit of each byte of `word` (first byte lowest) that is not ASCII text: at or
    /// above 0x80, or below 0x20 and not TAB, LF or CR.
    @inline(__always)
    static func otherThanText(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs = 0x80 * ones
        /// High bit set exactly in the zero bytes of `x` (no carry runs between bytes).
        func zeroBytes(_ x: UInt64) -> UInt64 {
            let low7 = 0x7F * ones
            return ~(((x & low7) &+ low7) | x | low7)
        }
        let below = zeroBytes(word & (0x60 * ones))   // an ASCII byte is below 0x20 when b & 0x60 == 0
        let allowed = zeroBytes(word ^ (0x09 * ones)) | zeroBytes(word ^ (0x0A * ones)) | zeroBytes(word ^ (0x0D * ones))
        return (word & highs) | (below & ~allowed)
    }

    /// The length of the valid UTF-8 sequence that `lead` starts at `p`, if it is whole
    /// within `available` bytes; nil to leave it to `step` byte by byte.
    @inline(__always)
    static func sequenceLength(_ p: UnsafeRawPointer, lead: UInt8, available: Int) -> Int? {
        @inline(__always) func byte(_ k: Int) -> UInt8 { p.load(fromByteOffset: k, as: UInt8.self) }
        @inline(__always) func continuation(_ k: Int) -> Bool { byte(k) & 0xC0 == 0x80 }
        switch lead {
        case 0xC2...0xDF:
            return available >= 2 && continuation(1) ? 2 : nil
        case 0xE1...0xEC, 0xEE, 0xEF:
            return available >= 3 && continuation(1) && continuation(2) ? 3 : nil
        default:
            return nil   // E0, ED, F0–F4 have narrower second bytes; the rest are invalid
        }
    }

    /// Ends the stream; a sequence cut off at the end makes the file invalid UTF-8.
    mutating func finish() -> ByteStats {
        if need > 0 { markInvalid(at: stats.byteCount) }
        need = 0
        return stats
    }

    @inline(__always)
    private mutating func step(_ b: UInt8, at offset: Int) {
        if need > 0 {
            if b >= lower && b <= upper {
                need -= 1
                lower = 0x80
                upper = 0xBF
                return
            }
            markInvalid(at: offset)
        }
        if b < 0x80 {
            switch b {
            case 0x00: stats.nulCount += 1
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20: break
            case 0x1A: break
            case 0x01...0x1F: stats.controlCount += 1
            default: if stats.nonWhitespaceCount < 16 { stats.nonWhitespaceCount += 1 }
            }
            return
        }
        if stats.nonWhitespaceCount < 16 { stats.nonWhitespaceCount += 1 }
        guard stats.isValidUTF8 else { return }
        switch b {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; lower = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: need = 2
        case 0xED: need = 2; upper = 0x9F
        case 0xF0: need = 3; lower = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; upper = 0x8F
        default: markInvalid(at: offset)
        }
    }

    private mutating func markInvalid(at offset: Int) {
        if stats.isValidUTF8 {
            stats.isValidUTF8 = false
            stats.firstInvalidUTF8Offset = offset
        }
        need = 0
        lower = 0x80
        upper = 0xBF
    }
}
