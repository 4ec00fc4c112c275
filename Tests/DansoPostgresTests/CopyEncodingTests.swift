@testable import DansoPostgres
import Testing

/// The word-at-a-time escape test and the one-copy path give what byte-by-byte encoding gives.
@Suite struct CopyEncodingTests {
    /// COPY text format, one byte at a time, as first written.
    static func reference(_ fields: [String?]) -> [UInt8]? {
        var buffer: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(0x09) }
            guard let field else {
                buffer += [0x5C, 0x4E]
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case 0x5C: buffer += [0x5C, 0x5C]
                case 0x09: buffer += [0x5C, 0x74]
                case 0x0A: buffer += [0x5C, 0x6E]
                case 0x0D: buffer += [0x5C, 0x72]
                case 0x00: return nil
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(0x0A)
        return buffer
    }

    @Test func encodingMatchesTheByteByByteForm() {
        let pieces: [String] = ["", "a", "Nguyễn Văn Ánh", "\\", "\t", "\n", "\r", "\u{0}", "\u{1}", "\u{0B}", "\u{0C}", "\u{0E}",
                                "\\N", "12345678", "1234567", "2023-12-31", "👨‍👩‍👧", "\u{7F}", "\u{80}", "ÿ", "\\\\."]
        var state: UInt64 = 17
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<3000 {
            let fields: [String?] = (0..<(1 + next(5))).map { _ in
                next(8) == 0 ? nil : (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined()
            }
            var buffer: [UInt8] = [0x41]
            let ok = PostgresCopyWriter.encode(fields, into: &buffer)
            let expected = Self.reference(fields)
            #expect(ok == (expected != nil))
            if let expected { #expect(buffer == [0x41] + expected) }
        }
    }

    @Test func integersAreWrittenAsTheirDecimalText() {
        let numbers: [Int64?] = [nil, 0, 7, -7, 10, -10, 1_000_000, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1]
        var state: UInt64 = 23
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<2000 {
            let fields: [String?] = (0..<next(3)).map { _ in next(4) == 0 ? nil : ["", "a\tb", "Lê"][next(3)] }
            let integers: [Int64?] = (0..<next(9)).map { _ in
                next(3) == 0 ? Int64(bitPattern: UInt64(next(Int.max)) &* 0x9E37_79B9_7F4A_7C15) : numbers[next(numbers.count)]
            }
            let buffer = CopyBuffer(capacity: 8)
            #expect(buffer.append(row: fields, integers: integers))
            #expect(Array(buffer.bytes) == Self.reference(fields + integers.map { $0.map(String.init) }))
        }
    }

    @Test func refusedRowsLeaveTheBufferAsItWas() {
        let buffer = CopyBuffer(capacity: 8)
        #expect(buffer.append(row: ["ok", nil]))
        let before = Array(buffer.bytes)
        #expect(!buffer.append(row: ["fine", "tab\tthen nul\u{0}"]))
        #expect(Array(buffer.bytes) == before)
        // Growing past the first capacity keeps what was written.
        let long = String(repeating: "Số 8 đường Cách Mạng Tháng Tám\t", count: 20)
        #expect(buffer.append(row: [long]))
        #expect(Array(buffer.bytes) == before + Self.reference([long])!)
    }
}
