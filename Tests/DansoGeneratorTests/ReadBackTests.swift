import DansoFeeds
import DansoGenerator
import Foundation
import Testing

/// Every file a generation writes reads back through danso's own reader (encoding detection,
/// delimiter detection, libcsv, NFC) as exactly the records the generator meant.
@Suite struct ReadBackTests {
    static let encodings: [String: FeedEncoding] = [
        "UTF-8": .utf8, "UTF-8-BOM": .utf8BOM, "UTF-16LE": .utf16LE, "UTF-16BE": .utf16BE,
        "CP1258": .windows1258, "TCVN3": .tcvn3,
    ]
    static let delimiters: [String: FeedDelimiter] = ["comma": .comma, "semicolon": .semicolon, "tab": .tab]

    static func readAll(_ g: GeneratorFixture.Generated) throws -> [String: Int] {
        var seen: [String: Int] = [:]
        for row in try g.manifest() {
            let relative = row["path"]!
            let print = try FeedReader.fingerprint(path: g.path(relative))
            #expect(print.encoding == encodings[row["encoding"]!], "\(relative)")
            var records: [[String]] = []
            var delimiter: FeedDelimiter?
            try FeedReader.read(print) { event in
                switch event {
                case .header(let r, let d): records.append(r.fields); delimiter = d
                case .record(let r): records.append(r.fields)
                case .malformed(let line, let detail): Issue.record("\(relative):\(line) \(detail)")
                }
            }
            #expect(delimiter == delimiters[row["delimiter"]!], "\(relative)")
            #expect(records.count == Int(row["lines"]!)! + 1, "\(relative)")
            let meant = try #require(g.records[relative], "\(relative)")
            #expect(records == meant, "\(relative)")
            if records != meant {
                for (a, b) in zip(records, meant) where a != b { Issue.record("\(relative): read \(a)\n meant \(b)"); break }
            }
            seen[row["encoding"]!, default: 0] += 1
        }
        return seen
    }

    @Test func everyFileReadsAsMeantInEveryEncoding() throws {
        let g = try GeneratorFixture.generate(GeneratorFixture.options(households: 400, months: 2, seed: 3,
                                                                       errors: 0.02, duplicates: 0.02), keepRecords: true)
        let seen = try Self.readAll(g)
        #expect(seen.values.reduce(0, +) == 94 * 3)
        for name in Self.encodings.keys.sorted() { #expect((seen[name] ?? 0) > 0, "no \(name) file") }
    }

    @Test func simpleFilesAreUTF8CommaMachineNames() throws {
        let g = try GeneratorFixture.generate(GeneratorFixture.options(households: 200, months: 1, seed: 2, encodings: .utf8),
                                              keepRecords: true)
        let seen = try Self.readAll(g)
        #expect(seen == ["UTF-8": 94 * 2])
        for row in try g.manifest() {
            #expect(row["delimiter"] == "comma" && row["header_style"] == "machine")
        }
        let header = try #require(g.records["a0/25489.csv"]?.first)
        #expect(header.first == "ngay_chot" && header.count == 21)
    }

    @Test func manifestSummaryAndTruthAgree() throws {
        let g = try GeneratorFixture.generate(GeneratorFixture.options(households: 500, months: 3, seed: 9,
                                                                       errors: 0.03, duplicates: 0.01))
        let manifest = try g.manifest()
        #expect(manifest.count == 94 * 4)
        #expect(manifest.filter { $0["kind"] == "a0" }.allSatisfy { $0["period"] == "2023-12-31" })
        #expect(Set(manifest.filter { $0["kind"] == "changes" }.map { $0["period"]! }) == ["2024-01", "2024-02", "2024-03"])
        let summary = try g.summary()
        let totals = try #require(summary["totals"] as? [String: Any])
        #expect(totals["households"] as? Int == 500)
        let lines = try #require(totals["lines"] as? [String: Int])
        #expect(lines["a0"] == manifest.filter { $0["kind"] == "a0" }.reduce(0) { $0 + Int($1["lines"]!)! })
        let truth = try g.truth()
        let paths = Set(manifest.map { $0["path"]! })
        #expect(truth.allSatisfy { paths.contains($0["path"]!) && Int($0["line"]!)! >= 2 })
        #expect(totals["injected_lines"] as? Int == truth.filter { $0["rule"] != "DUP" }.count)
    }
}
