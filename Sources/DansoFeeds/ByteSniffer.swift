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
/// Runs over every byte of every file, so runs of printable ASCII are skipped eight bytes at a time.
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
            if need == 0 && i + 8 <= n {
                let word = (base + i).loadUnaligned(as: UInt64.self)
                let high = word & 0x8080_8080_8080_8080
                let belowSpace = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
                if high == 0 && belowSpace == 0 {
                    if stats.nonWhitespaceCount < 16 {
                        for k in 0..<8 where base.load(fromByteOffset: i + k, as: UInt8.self) != 0x20 {
                            stats.nonWhitespaceCount += 1
                        }
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
