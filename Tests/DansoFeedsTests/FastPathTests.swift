import Testing
@testable import DansoFeeds

/// The fast paths of reading give what the byte-by-byte paths give.
@Suite("Reading fast paths agree with the slow ones")
struct ReadingFastPathTests {
    struct Lcg {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Byte pieces: text, Vietnamese UTF-8, delimiters, quotes, controls, invalid UTF-8, NUL.
    static let pieces: [[UInt8]] = [
        Array("Nguyễn Thị Ánh".utf8), Array("abc".utf8), Array("1234567890".utf8), [0x20], [0x09], [0x0A], [0x0D],
        [0x0D, 0x0A], [0x2C], [0x3B], [0x22], [0x22, 0x22], [0x00], [0x01], [0x1A], [0x0B], [0x7F], [0xC3], [0xA9],
        [0xE1, 0xBB], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE0, 0x80, 0x80],
        [0xC0, 0xAF], [0xFF], [0xEF, 0xBB, 0xBF], Array("đường Cách Mạng Tháng Tám, Khu phố 1".utf8),
    ]

    static func randomBytes(_ rng: inout Lcg, pieces count: Int) -> [UInt8] {
        (0..<count).flatMap { _ in pieces[rng.next(pieces.count)] }
    }

    /// Stats from feeding `bytes` in chunks of `size`.
    static func stats(_ bytes: [UInt8], chunk size: Int) -> (fast: ByteStats, reference: ByteStats) {
        var sniffer = ByteSniffer()
        var reference = ReferenceSniffer()
        bytes.withUnsafeBytes { all in
            var offset = 0
            while offset < all.count {
                let chunk = UnsafeRawBufferPointer(rebasing: all[offset..<min(offset + size, all.count)])
                sniffer.consume(chunk)
                reference.consume(chunk)
                offset += size
            }
        }
        return (sniffer.finish(), reference.finish())
    }

    @Test func snifferGivesTheStatsOfTheByteByByteSniffer() {
        var rng = Lcg(state: 3)
        var samples: [[UInt8]] = [Array(Fixture.registerCSV.utf8), Array(String(repeating: "Trần Văn Đức\t1\r\n", count: 50).utf8)]
        for _ in 0..<400 { samples.append(Self.randomBytes(&rng, pieces: 1 + rng.next(80))) }
        // Mostly clean text with one fault somewhere, past the first 16 non-blank bytes.
        for _ in 0..<200 {
            var text = Array(String(repeating: "Lê Thị Ánh Tuyết,72,\t\"Số 8\"\r\n", count: 1 + rng.next(6)).utf8)
            let fault = Self.pieces[rng.next(Self.pieces.count)]
            text.insert(contentsOf: fault, at: rng.next(text.count + 1))
            samples.append(text)
        }
        for bytes in samples {
            for size in [1, 3, 8, 13, 64, 65536] {
                let (fast, reference) = Self.stats(bytes, chunk: size)
                #expect(fast == reference, "\(bytes) in chunks of \(size)")
            }
        }
    }

    /// Everything a parser emits for these lines, fed one by one.
    static func outputs(_ lines: [[UInt8]], _ delimiter: FeedDelimiter, simple: Bool) throws -> [CSVRecordParser.Output] {
        let parser = CSVRecordParser(delimiter: delimiter, linesBefore: 0, splitsSimpleLines: simple)
        var out: [CSVRecordParser.Output] = []
        for line in lines {
            try line.withUnsafeBytes { try parser.feed(line: $0) { out.append($0) } }
        }
        try parser.finish { out.append($0) }
        return out
    }

    @Test func simpleLinesGiveTheirFields() throws {
        let lines = ["a,\"b,c\",,\"\",d\r\n", "\"Số 8, Khu phố 1\",x\n", ",\n", "\n", "\r\n", " , \n", "x,\"y\"\n"]
        let bytes = lines.map { Array($0.utf8) }
        for simple in [true, false] {
            let out = try Self.outputs(bytes, .comma, simple: simple)
            #expect(out == [
                .record(FeedRecord(line: 1, fields: ["a", "b,c", "", "", "d"])),
                .record(FeedRecord(line: 2, fields: ["Số 8, Khu phố 1", "x"])),
                .record(FeedRecord(line: 7, fields: ["x", "y"])),
            ])
        }
    }

    @Test func simpleLinesSplitAsLibcsvSplitsThem() throws {
        let fieldPieces: [String] = ["", "a", "Trần Văn Đức", " x ", "\"q\"", "\"a,b;c\td\"", "\"\"", "\"a\"\"b\"", "a\"b", "\"open",
                                     "\"x\"y", "\r", "1", "  ", "\"Số 8, Khu phố 1\"", "\u{00A0}"]
        var rng = Lcg(state: 5)
        for delimiter in [FeedDelimiter.comma, .semicolon, .tab] {
            let separator = String(UnicodeScalar(delimiter.byte))
            var lines: [[UInt8]] = []
            for _ in 0..<600 {
                let fields = (0..<(1 + rng.next(6))).map { _ in fieldPieces[rng.next(fieldPieces.count)] }
                let ending = ["\n", "\r\n", "\n", ""][rng.next(4)]
                lines.append(Array((fields.joined(separator: separator) + (rng.next(5) == 0 ? separator : "") + ending).utf8))
                if rng.next(10) == 0 { lines.append(Array("\n".utf8)) }
            }
            // Lines as LineSplitter hands them on: each ends with its LF, only the last may not.
            let text = lines.flatMap { $0 }
            var split: [[UInt8]] = []
            var current: [UInt8] = []
            for byte in text {
                current.append(byte)
                if byte == 0x0A { split.append(current); current = [] }
            }
            if !current.isEmpty { split.append(current) }
            // Feed in slices, so parse errors in one do not hide the rest.
            for start in stride(from: 0, to: split.count, by: 25) {
                let slice = Array(split[start..<min(start + 25, split.count)])
                #expect(try Self.outputs(slice, delimiter, simple: true) == Self.outputs(slice, delimiter, simple: false),
                        "\(slice.map { String(decoding: $0, as: UTF8.self) })")
            }
        }
    }
}

/// The sniffer as first written (every byte through `step` but for runs of printable
/// ASCII), the definition `ByteSniffer` keeps to.
struct ReferenceSniffer {
    private(set) var stats = ByteStats()
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

    mutating func finish() -> ByteStats {
        if need > 0 { markInvalid(at: stats.byteCount) }
        need = 0
        return stats
    }

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
