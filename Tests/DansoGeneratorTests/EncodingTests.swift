import DansoFeeds
@testable import DansoGenerator
import Foundation
import Testing

/// The 8-bit encoders write what danso's reader decodes back, for every Vietnamese letter.
@Suite struct EncodingTests {
    /// Every precomposed Vietnamese letter, both cases, every tone, and đ/Đ.
    static let letters: String = {
        var out = ""
        for v in Array(0xC0...0x1B0) + Array(0x1EA0...0x1EF9) {
            guard let s = Unicode.Scalar(v) else { continue }
            let nfd = String(Character(s)).decomposedStringWithCanonicalMapping.unicodeScalars
            guard let base = nfd.first, base.isASCII, base.properties.isAlphabetic else { continue }
            let marks = nfd.dropFirst().map(\.value)
            let lower = Character(base).lowercased()
            let modifiers = marks.filter { [0x302, 0x306, 0x31B].contains($0) }
            let allowed = modifiers.isEmpty
                || (modifiers == [0x302] && "aeo".contains(lower)) || (modifiers == [0x306] && lower == "a")
                || (modifiers == [0x31B] && "ou".contains(lower))
            if allowed, marks.allSatisfy({ [0x300, 0x301, 0x303, 0x309, 0x323, 0x302, 0x306, 0x31B].contains($0) }),
               "aeiouy".contains(lower) {
                if !out.isEmpty { out += " " }
                out.unicodeScalars.append(s)
            }
        }
        return out
    }()

    @Test(arguments: [OutputEncoding.cp1258, .tcvn3, .utf16LE, .utf16BE, .utf8BOM])
    func everyLetterRoundTrips(_ encoding: OutputEncoding) throws {
        let dir = GeneratorFixture.directory()
        let path = "\(dir)/letters.csv"
        let file = try CSVFile(path: path, format: FileFormat(encoding: encoding, delimiter: 0x3B, crlf: true))
        let rows = [["ho_ten", "dia_chi"], ["Nguyễn Thị Út", "Ấp Tân Hòa, Tổ 3"], ["Ý Ụ Ừ Ứ Ử Ữ Ự Ỳ Ỷ Ỹ Ỵ Ú Ý", Self.letters],
                    ["Đặng Văn Tám", "Số 12 \"Ba Lượm\"\ncạnh chợ Đồng Khởi"]]
        for row in rows {
            for cell in row { file.field(cell) }
            try file.endRecord()
        }
        try file.close()
        #expect(!file.unencodable)
        let print = try FeedReader.fingerprint(path: path)
        let expected: FeedEncoding = switch encoding {
        case .cp1258: .windows1258
        case .tcvn3: .tcvn3
        case .utf16LE: .utf16LE
        case .utf16BE: .utf16BE
        case .utf8BOM: .utf8BOM
        case .utf8: .utf8
        }
        #expect(print.encoding == expected)
        var read: [[String]] = []
        try FeedReader.read(print) { event in
            switch event {
            case .header(let r, _), .record(let r): read.append(r.fields)
            case .malformed(let line, let detail): Issue.record("line \(line): \(detail)")
            }
        }
        #expect(read == rows)
        if encoding == .tcvn3 {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(!bytes.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }, "TCVN3 control bytes")
        }
    }

    /// Windows-1258 keeps tone marks as combining characters after a precomposed base.
    @Test func windows1258WritesTonesAsCombiningMarks() throws {
        var out: [UInt8] = []
        TextEncoder.shared.append(Array("ế".utf8), .cp1258, to: &out)
        #expect(out == [0xEA, 0xEC])
        out = []
        TextEncoder.shared.append(Array("Đặng".utf8), .cp1258, to: &out)
        #expect(out == [0xD0, 0xE3, 0xF2, 0x6E, 0x67])   // Đ, ă + dot below, n, g
    }

    @Test func personalNumbersAgreeWithSexAndYearAndNeverRepeat() {
        var numbers = NumberAllocator(seed: 1)
        var seen = Set<String>()
        for k in 0..<20000 {
            let sex = k % 2 + 1, year = 1930 + k % 95
            let text = NumberAllocator.text(numbers.personal(province: 72, sex: sex, year: year), sex: sex, year: year)
            #expect(text.count == 12 && text.hasPrefix("072"))
            #expect(Int(String(Array(text)[3]))! == (year >= 2000 ? 2 : 0) + (sex == 2 ? 1 : 0))
            #expect(String(Array(text)[4...5]) == String(String(year).suffix(2)))
            #expect(seen.insert(text).inserted)
        }
    }
}
