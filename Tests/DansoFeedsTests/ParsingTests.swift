import Foundation
import Testing
@testable import DansoFeeds

@Suite("Parsing: quoting, delimiters, line numbers")
struct ParsingTests {
    @Test("Commas, doubled quotes and line breaks inside quotes; later records keep their start lines")
    func quoting() throws {
        let csv = #"""
            ma_ho,ho_ten,ghi_chu
            H001,"Trần, Văn Đức","nói ""xin chào"""
            H002,Lê Thị Ánh Tuyết,"dòng một
            dòng hai
            dòng ba"
            H003,Phạm Quốc Việt,"a\#r\#nb"
            H004,  có khoảng trắng  ,x

            """#
        let events = try Fixture.events(csv: csv)
        let records = Fixture.records(events)
        #expect(records.map(\.line) == [1, 2, 3, 6, 8])  // the CRLF inside H003 is a physical line break
        #expect(records[1].fields == ["H001", "Trần, Văn Đức", "nói \"xin chào\""])
        #expect(records[2].fields[2] == "dòng một\ndòng hai\ndòng ba")
        #expect(records[3].fields[2] == "a\nb")
        #expect(records[4].fields[1] == "  có khoảng trắng  ")
    }

    @Test("The delimiter is the most frequent of comma, semicolon, tab outside quotes",
          arguments: [(",", FeedDelimiter.comma), (";", .semicolon), ("\t", .tab)])
    func delimiters(separator: String, expected: FeedDelimiter) throws {
        let header = ["ma_ho", "ho_ten", "\"ghi, chú; x\"", "stt"].joined(separator: separator)
        let row = ["H1", "Trần Văn Đức", "\"a,b;c\"", "1"].joined(separator: separator)
        let events = try Fixture.events(csv: header + "\n" + row + "\n")
        guard case .header(let record, let delimiter) = events.first else {
            Issue.record("no header")
            return
        }
        #expect(delimiter == expected)
        #expect(record.fields == ["ma_ho", "ho_ten", "ghi, chú; x", "stt"])
        #expect(Fixture.records(events)[1].fields == ["H1", "Trần Văn Đức", "a,b;c", "1"])
    }

    @Test("Delimiter detection on its own")
    func detectDelimiter() {
        func detect(_ s: String) -> FeedDelimiter {
            Array(s.utf8).withUnsafeBytes { FeedDelimiter.detect(inHeader: $0) }
        }
        #expect(detect("a;b;c,d") == .semicolon)
        #expect(detect("\"a;b;c\",d") == .comma)
        #expect(detect("a\tb\tc;d") == .tab)
        #expect(detect("onecolumn") == .comma)
        #expect(detect("a;b,c") == .comma)
    }

    @Test("CRLF line ends stay out of the last field; blank lines are skipped")
    func crlfAndBlankLines() throws {
        let csv = "\r\n\r\nma_ho;ho_ten;stt\r\nH1;Trần Văn Đức;1\r\n\r\n   \r\n;;\r\nH2;Lê Thị Ánh Tuyết;2\r\nH3;x;3"
        let records = Fixture.records(try Fixture.events(csv: csv))
        #expect(records.map(\.line) == [3, 4, 8, 9])
        #expect(records.map { $0.fields.last! } == ["stt", "1", "2", "3"])
    }

    @Test("An unbalanced quote is one malformed record; the following good lines come through")
    func unbalancedQuote() throws {
        let csv = """
            ma_ho,ho_ten,stt
            H1,"Nguyễn Thị Hồng Nhung,1
            H2,Trần Văn Đức,2
            H3,"Lê Thị Ánh Tuyết",3
            H4,Phạm Quốc Việt,4

            """
        let events = try Fixture.events(csv: csv)
        #expect(events.count == 5)
        #expect(events[1] == .malformed(line: 2, detail: "unbalanced quote: quoted field opened here is not closed properly"))
        #expect(events[2] == .record(FeedRecord(line: 3, fields: ["H2", "Trần Văn Đức", "2"])))
        #expect(events[3] == .record(FeedRecord(line: 4, fields: ["H3", "Lê Thị Ánh Tuyết", "3"])))
        #expect(events[4] == .record(FeedRecord(line: 5, fields: ["H4", "Phạm Quốc Việt", "4"])))
    }

    @Test("A stray quote is malformed at its line; an unclosed quote at end of file at its start line")
    func strayAndUnclosed() throws {
        let csv = "a,b\n1,x\"y\n2,\"z\"w\n3,ok\n4,\"open\n5,rest\n6,last"
        let events = try Fixture.events(csv: csv)
        #expect(events == [
            .header(FeedRecord(line: 1, fields: ["a", "b"]), .comma),
            .malformed(line: 2, detail: "stray quote, or text after a closing quote"),
            .malformed(line: 3, detail: "stray quote, or text after a closing quote"),
            .record(FeedRecord(line: 4, fields: ["3", "ok"])),
            .malformed(line: 5, detail: "unbalanced quote: quoted field not closed before end of file"),
            .record(FeedRecord(line: 6, fields: ["5", "rest"])),
            .record(FeedRecord(line: 7, fields: ["6", "last"])),
        ])
    }

    @Test("A quote left open for too many lines is cut off so memory stays flat")
    func longOpenQuote() throws {
        var csv = "a,b\n1,\"never closed\n"
        for i in 0..<(CSVRecordParser.maxRecordLines + 20) { csv += "\(i),v\n" }
        let events = try Fixture.events(csv: csv)
        #expect(events[1] == .malformed(line: 2, detail: "unbalanced quote: quoted field still open after \(CSVRecordParser.maxRecordLines + 1) lines"))
        let records = Fixture.records(events)
        #expect(records.count == 1 + CSVRecordParser.maxRecordLines + 20)
        #expect(records.last?.line == 2 + CSVRecordParser.maxRecordLines + 20)
    }

    @Test("A malformed header rejects the file")
    func malformedHeader() throws {
        let path = Fixture.file(Array("a,\"b\"x,c\n1,2,3\n".utf8))
        let fingerprint = try FeedReader.fingerprint(path: path)
        #expect(throws: FeedReadError.self) { try FeedReader.read(fingerprint) { _ in } }
    }

    @Test("Line numbers hold whatever the chunk size", arguments: [1, 5, 13])
    func chunkBoundaries(chunkSize: Int) throws {
        let csv = "h1;h2\r\n\r\nx;\"multi\r\nline\"\r\n\"y\";Trần Văn Đức\r\n"
        let records = Fixture.records(try Fixture.events(csv: csv, chunkSize: chunkSize))
        #expect(records == [
            FeedRecord(line: 1, fields: ["h1", "h2"]),
            FeedRecord(line: 3, fields: ["x", "multi\nline"]),
            FeedRecord(line: 5, fields: ["y", "Trần Văn Đức"]),
        ])
    }

    @Test("Fields keep empty cells and the header can be preceded by blank lines")
    func emptyCells() throws {
        let records = Fixture.records(try Fixture.events(csv: "\n\nA,B,C\n,,x\n1,,\n"))
        #expect(records == [
            FeedRecord(line: 3, fields: ["A", "B", "C"]),
            FeedRecord(line: 4, fields: ["", "", "x"]),
            FeedRecord(line: 5, fields: ["1", "", ""]),
        ])
    }

    @Test("The handler's error stops reading and comes out unchanged")
    func handlerThrows() throws {
        struct Stop: Error {}
        let path = Fixture.file(Fixture.registerCSV, encoding: .utf8)
        let fingerprint = try FeedReader.fingerprint(path: path)
        var seen = 0
        #expect(throws: Stop.self) {
            try FeedReader.read(fingerprint) { _ in
                seen += 1
                if seen == 2 { throw Stop() }
            }
        }
        #expect(seen == 2)
    }

    @Test("A 200,000-line file streams through", arguments: [FeedEncoding.utf8, .windows1258])
    func largeFile(encoding: FeedEncoding) throws {
        let dir = Fixture.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/large.csv"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let lines = 200_000
        var block = "ma_xa;ma_ho;stt;ho_ten;ngay_sinh;ghi_chu\n"
        for i in 1...lines {
            block += "26734;H\(i / 4);\(i % 4 + 1);\(Fixture.names[i % 4]);01/01/19\(50 + i % 50);\"ghi chú; số \(i)\"\n"
            if i % 10_000 == 0 {
                try handle.write(contentsOf: Fixture.encode(block, encoding))
                block = ""
            }
        }
        try handle.close()
        let fingerprint = try FeedReader.fingerprint(path: path)
        #expect(fingerprint.encoding == encoding)
        var count = 0
        var lastLine = 0
        var sample = ""
        try FeedReader.read(fingerprint) { event in
            if case .record(let record) = event {
                count += 1
                lastLine = record.line
                if count == 3 { sample = record.fields[3] }
            }
        }
        #expect(count == lines)
        #expect(lastLine == lines + 1)
        #expect(sample == Fixture.names[3])
    }
}
