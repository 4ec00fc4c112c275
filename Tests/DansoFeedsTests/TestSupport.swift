import Foundation
import Glibc
import Testing
@testable import DansoFeeds

/// Temp files and encodings for the feed tests.
enum Fixture {
    static let names = ["Nguyễn Thị Hồng Nhung", "Trần Văn Đức", "Lê Thị Ánh Tuyết", "Phạm Quốc Việt"]

    /// A realistic small register: ASCII header, Vietnamese names and addresses.
    static let registerCSV = """
        ma_xa,ma_ho,stt,ho_ten,gioi_tinh,ngay_sinh,dia_chi
        26734,H001,1,Nguyễn Thị Hồng Nhung,2,12/03/1985,Thôn Đông Hưng
        26734,H001,2,Trần Văn Đức,1,05/11/1982,Thôn Đông Hưng
        26734,H002,1,Lê Thị Ánh Tuyết,2,1950,Xóm Bến Đò
        26734,H003,1,Phạm Quốc Việt,1,21/07/2001,Khu phố Trường Chinh

        """

    /// The test process's own folder under the system's temporary directory, removed when the
    /// process exits: a run of the suite used to leave a folder behind for every file it wrote.
    static let root: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("danso-feeds-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Fixture.root) }
        return dir
    }()

    /// A fresh empty directory (inside ``root``).
    static func directory() -> String {
        let dir = root + "/" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes bytes to a new temp file; returns its path.
    static func file(_ bytes: [UInt8], name: String = "feed.csv") -> String {
        let path = directory() + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static func file(_ text: String, encoding: FeedEncoding, name: String = "feed.csv") -> String {
        file(encode(text, encoding), name: name)
    }

    /// The bytes of `text` in `encoding`, converted by glibc iconv (BOM added where needed).
    static func encode(_ text: String, _ encoding: FeedEncoding) -> [UInt8] {
        switch encoding {
        case .utf8: Array(text.utf8)
        case .utf8BOM: [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case .utf16LE: [0xFF, 0xFE] + iconv(text, to: "UTF-16LE")
        case .utf16BE: [0xFE, 0xFF] + iconv(text, to: "UTF-16BE")
        case .windows1258: iconv(text, to: "CP1258")
        case .tcvn3: iconv(text, to: "TCVN5712-1")
        }
    }

    static func iconv(_ text: String, to target: String) -> [UInt8] {
        let cd = iconv_open(target, "UTF-8")!
        defer { iconv_close(cd) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let written = input.withUnsafeMutableBytes { inBuf in
            output.withUnsafeMutableBytes { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                let r = Glibc.iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                precondition(r != -1, "iconv to \(target) failed")
                _ = Glibc.iconv(cd, nil, nil, &outPtr, &outLeft)
                return outBuf.count - outLeft
            }
        }
        return Array(output[..<written])
    }

    /// All events of a file, after fingerprinting it.
    static func events(_ path: String, chunkSize: Int = FileChunkReader.defaultChunkSize) throws -> [FeedEvent] {
        let fingerprint = try FeedReader.fingerprint(path: path, chunkSize: chunkSize)
        var events: [FeedEvent] = []
        try FeedReader.read(fingerprint, chunkSize: chunkSize) { events.append($0) }
        return events
    }

    static func events(csv text: String, chunkSize: Int = FileChunkReader.defaultChunkSize) throws -> [FeedEvent] {
        try events(file(text, encoding: .utf8), chunkSize: chunkSize)
    }

    /// The records (header first) as field lists with their start lines.
    static func records(_ events: [FeedEvent]) -> [FeedRecord] {
        events.compactMap { event in
            switch event {
            case .header(let record, _), .record(let record): record
            case .malformed: nil
            }
        }
    }

    /// The error `fingerprint` throws, if any.
    static func fingerprintError(_ path: String) -> FeedReadError? {
        do {
            _ = try FeedReader.fingerprint(path: path)
            return nil
        } catch {
            return error
        }
    }
}
