import Foundation
import Testing
@testable import DansoFeeds

@Suite("Encodings: detection and decoding")
struct EncodingTests {
    @Test("Each encoding is detected and the names read back as the same NFC strings",
          arguments: FeedEncoding.allCases)
    func roundTrip(encoding: FeedEncoding) throws {
        let path = Fixture.file(Fixture.registerCSV, encoding: encoding)
        let fingerprint = try FeedReader.fingerprint(path: path)
        #expect(fingerprint.encoding == encoding)
        var events: [FeedEvent] = []
        try FeedReader.read(fingerprint) { events.append($0) }
        let records = Fixture.records(events)
        try #require(records.count == 5)
        #expect(records[0].fields == ["ma_xa", "ma_ho", "stt", "ho_ten", "gioi_tinh", "ngay_sinh", "dia_chi"])
        #expect(records.dropFirst().map { $0.fields[3] } == Fixture.names)
        #expect(records.dropFirst().map { $0.line } == [2, 3, 4, 5])
        for name in records.dropFirst().map({ $0.fields[3] }) + [records[4].fields[6]] {
            #expect(Array(name.unicodeScalars) == Array(name.precomposedStringWithCanonicalMapping.unicodeScalars))
        }
        #expect(records[4].fields[6] == "Khu phố Trường Chinh")
        if case .header(_, let delimiter) = events[0] { #expect(delimiter == .comma) } else { Issue.record("no header") }
    }

    @Test("Windows-1258 bytes hold combining tone marks; they come out precomposed")
    func windows1258Composes() throws {
        let bytes = Fixture.encode("ho_ten\nNguyễn Thị Hồng Nhung\nTrần Văn Đức\nLê Thị Ánh Tuyết\nPhạm Quốc Việt\n", .windows1258)
        #expect(bytes.contains(0xDE))  // U+0303 combining tilde: "ễ" is stored decomposed
        let records = Fixture.records(try Fixture.events(Fixture.file(bytes)))
        #expect(records.dropFirst().map { $0.fields[0] } == Fixture.names)
        #expect(records[1].fields[0].unicodeScalars.count == "Nguyễn Thị Hồng Nhung".unicodeScalars.count)
    }

    @Test("Decoding survives chunk boundaries inside multibyte sequences", arguments: [1, 2, 3, 7, 64])
    func tinyChunks(chunkSize: Int) throws {
        for encoding in FeedEncoding.allCases {
            let path = Fixture.file(Fixture.registerCSV, encoding: encoding)
            let records = Fixture.records(try Fixture.events(path, chunkSize: chunkSize))
            #expect(records.dropFirst().map { $0.fields[3] } == Fixture.names, "\(encoding) at chunk size \(chunkSize)")
        }
    }

    @Test("Latin-1 text that is neither Windows-1258 nor TCVN3 Vietnamese is rejected")
    func latin1Rejected() {
        let latin1 = Fixture.iconv("name;street\nMüller;Straße\nGößner;Königsallee\nJürgen;Übergasse\n", to: "LATIN1")
        let error = Fixture.fingerprintError(Fixture.file(latin1))
        guard case .undeterminedEncoding(_, let detail)? = error else {
            Issue.record("expected undeterminedEncoding, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("not plausible"))
        #expect(error!.messageVI.contains("bảng mã"))
        #expect(error!.messageEN.contains("feed.csv"))
    }

    @Test("Short Latin-1 sample from the brief is rejected too")
    func latin1Short() {
        let error = Fixture.fingerprintError(Fixture.file(Fixture.iconv("Müller;Straße\n", to: "LATIN1")))
        #expect(error.map { if case .undeterminedEncoding = $0 { true } else { false } } == true)
    }

    @Test("NUL bytes or binary junk are not tabular text")
    func binary() {
        var generator = SystemRandomNumberGenerator()
        let junk = (0..<5000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for bytes in [junk, Array("a,b\n1,2\n".utf8) + [0, 0, 0], [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0]] {
            let error = Fixture.fingerprintError(Fixture.file(bytes))
            #expect(error.map { if case .notTabularText = $0 { true } else { false } } == true, "\(String(describing: error))")
        }
        // Control bytes without NUL, valid UTF-8: still binary.
        let controls = (0..<400).map { UInt8(1 + $0 % 8) }
        let error = Fixture.fingerprintError(Fixture.file(controls))
        #expect(error.map { if case .notTabularText = $0 { true } else { false } } == true)
    }

    @Test("UTF-16 without a byte order mark is rejected, not guessed")
    func utf16WithoutBOM() {
        let bytes = Fixture.iconv(Fixture.registerCSV, to: "UTF-16LE")
        let error = Fixture.fingerprintError(Fixture.file(bytes))
        #expect(error.map { if case .notTabularText = $0 { true } else { false } } == true)
    }

    @Test("Empty files, blank-only files and files that cannot be opened")
    func emptyAndMissing() throws {
        for bytes: [UInt8] in [[], Array("\n\r\n  \n".utf8), [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFF, 0xFE, 0x0A, 0x00]] {
            let error = Fixture.fingerprintError(Fixture.file(bytes))
            #expect(error.map { if case .notTabularText = $0 { true } else { false } } == true, "\(bytes)")
        }
        let missing = Fixture.fingerprintError("/nonexistent/dir/x.csv")
        #expect(missing == .cannotOpen(path: "/nonexistent/dir/x.csv", reason: "No such file or directory"))
        // Only delimiters: passes pass 1 but has no header.
        let path = Fixture.file(Array(";;;\n,,\n".utf8))
        let fingerprint = try FeedReader.fingerprint(path: path)
        #expect(throws: FeedReadError.notTabularText(path: path, detail: "no header line")) {
            try FeedReader.read(fingerprint) { _ in }
        }
    }

    @Test("Broken UTF-8 after a UTF-8 byte order mark is undetermined")
    func brokenUTF8WithBOM() {
        let error = Fixture.fingerprintError(Fixture.file([0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8) + [0xC3, 0x28, 0x0A]))
        #expect(error.map { if case .undeterminedEncoding = $0 { true } else { false } } == true)
    }

    @Test("Truncated UTF-16 is undetermined")
    func brokenUTF16() {
        let bytes = Fixture.encode("ho_ten\nTrần Văn Đức\n", .utf16LE) + [0x41]
        let error = Fixture.fingerprintError(Fixture.file(bytes))
        #expect(error.map { if case .undeterminedEncoding = $0 { true } else { false } } == true)
    }

    @Test("The digest is sha256sum's and the fingerprint names the file")
    func sha256() throws {
        let path = Fixture.file(Fixture.registerCSV, encoding: .tcvn3, name: "so_A0_xa_26734.csv")
        let fingerprint = try FeedReader.fingerprint(path: path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(fingerprint.sha256 == String(output.prefix(64)))
        #expect(fingerprint.fileName == "so_A0_xa_26734.csv")
        #expect(fingerprint.byteCount == Fixture.encode(Fixture.registerCSV, .tcvn3).count)
    }

    @Test("A file changed between the passes is refused")
    func changedFile() throws {
        let path = Fixture.file(Fixture.registerCSV, encoding: .utf8)
        let fingerprint = try FeedReader.fingerprint(path: path)
        _ = FileManager.default.createFile(atPath: path, contents: Data((Fixture.registerCSV + "x,y\n").utf8))
        #expect(throws: FeedReadError.self) { try FeedReader.read(fingerprint) { _ in } }
    }
}
