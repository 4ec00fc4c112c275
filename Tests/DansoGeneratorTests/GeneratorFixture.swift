import DansoGenerator
import Foundation
import Testing

/// Small generations in temporary folders, with the records the generator meant to write.
enum GeneratorFixture {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let reference = "\(repository)/sample-feeds/reference"
    static let sql = "\(repository)/sql"

    /// A fresh empty directory, removed when the test process exits.
    static func directory() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("danso-gen-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        TemporaryDirectories.shared.add(dir)
        return dir
    }

    /// The directories tests made, deleted at exit (tests run in parallel: behind a lock).
    final class TemporaryDirectories: @unchecked Sendable {
        static let shared = TemporaryDirectories()
        private let lock = NSLock()
        private var paths: [String] = []
        private var registered = false

        func add(_ path: String) {
            lock.lock()
            defer { lock.unlock() }
            paths.append(path)
            if !registered {
                registered = true
                atexit { TemporaryDirectories.shared.removeAll() }
            }
        }

        func removeAll() {
            lock.lock()
            defer { lock.unlock() }
            for path in paths { try? FileManager.default.removeItem(atPath: path) }
            paths.removeAll()
        }
    }

    static func options(households: Int, months: Int, seed: UInt64 = 7, communes: [String]? = nil,
                        errors: Double = 0, duplicates: Double = 0,
                        encodings: GeneratorOptions.EncodingMix = .mix) -> GeneratorOptions {
        var o = GeneratorOptions(outputDirectory: directory(), referenceDirectory: reference)
        o.households = households
        o.months = months
        o.seed = seed
        o.communeCodes = communes
        o.errorRate = errors
        o.duplicateRate = duplicates
        o.encodings = encodings
        return o
    }

    struct Generated {
        let options: GeneratorOptions
        let result: GenerationResult
        /// Records (header first) as meant, by relative path.
        let records: [String: [[String]]]
        var directory: String { options.outputDirectory }

        func path(_ relative: String) -> String { "\(directory)/\(relative)" }

        /// manifest.csv rows as dictionaries.
        func manifest() throws -> [[String: String]] { try table("manifest.csv") }
        func truth() throws -> [[String: String]] { try table("truth.csv") }

        /// summary.json as a dictionary.
        func summary() throws -> [String: Any] {
            let data = try Data(contentsOf: URL(fileURLWithPath: path("summary.json")))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }

        /// summary.json's figures by commune code.
        func peoplePerCommune() throws -> [String: [String: Any]] {
            try #require(try summary()["people_per_commune"] as? [String: [String: Any]])
        }

        func table(_ name: String) throws -> [[String: String]] {
            let text = try String(contentsOfFile: path(name), encoding: .utf8)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            let header = lines.removeFirst().split(separator: ",").map(String.init)
            return lines.map { line in
                let cells = splitCSV(line)
                return Dictionary(uniqueKeysWithValues: zip(header, cells))
            }
        }
    }

    static func generate(_ options: GeneratorOptions, keepRecords: Bool = false) throws -> Generated {
        let generator = ProvinceGenerator(options: options)
        let box = RecordBox()
        if keepRecords { generator.sink = { path, fields in box.records[path, default: []].append(fields) } }
        let result = try generator.run()
        return Generated(options: options, result: result, records: box.records)
    }

    final class RecordBox: @unchecked Sendable { var records: [String: [[String]]] = [:] }

    /// The bytes of every file under a directory, by relative path.
    static func digests(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let fm = FileManager.default
        for case let relative as String in fm.enumerator(atPath: dir)! {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: "\(dir)/\(relative)", isDirectory: &isDir), !isDir.boolValue else { continue }
            out[relative] = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(relative)"))
        }
        return out
    }

    /// Splits one line of the generator's own UTF-8 CSV (manifest, truth): quotes, no line breaks.
    static func splitCSV(_ line: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { cell.append("\""); i += 1 } else { quoted = false }
                } else { cell.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { cells.append(cell); cell = "" } else { cell.append(c) }
            i += 1
        }
        cells.append(cell)
        chars.removeAll()
        return cells
    }
}
