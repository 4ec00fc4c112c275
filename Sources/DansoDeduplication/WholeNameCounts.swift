import Foundation

/// How many identities of a linkage run bear each folded whole name (those with a family
/// and a given name), counted in the client: the term-frequency weight of an agreeing whole
/// name (``NameFrequencies``). PostgreSQL grouped the run's `key` table by it before.
///
/// Memory stays bounded as for the blocks (``BlockCounts``): the names go to files
/// partitioned by a hash of their bytes, one writer per keying connection, and one
/// partition at a time is counted. Only the names borne by more than one identity are kept
/// (46,000 of a province's 1.2 million); every other one counts 1.
final class WholeNameCounts: @unchecked Sendable {  // each writer is used by one thread; partitions are read after
    let partitions: Int
    let writers: [Writer]
    private let directory: URL

    /// About `names` names in all, written by `writers` writers into `directory`.
    init(names: Int, writers: Int, directory: URL) {
        partitions = max(1, min(1_024, (names + 249_999) / 250_000))
        self.directory = directory
        let partitions = partitions
        self.writers = (0..<max(1, writers)).map { Writer(directory: directory, index: $0, partitions: partitions) }
    }

    static func file(_ directory: URL, writer w: Int, partition p: Int) -> String {
        directory.appendingPathComponent("n\(w)-p\(p).names").path
    }

    /// One keying connection's names, a file per partition.
    final class Writer: @unchecked Sendable {  // used by one thread at a time
        private var entry = ByteWriter()
        private var files: [ScratchWriter?]
        private let directory: URL
        private let index: Int

        init(directory: URL, index: Int, partitions: Int) {
            self.directory = directory
            self.index = index
            files = Array(repeating: nil, count: partitions)
        }

        func add(_ folded: String) throws {
            let p = Int(WholeNameCounts.hash(folded) % UInt64(files.count))
            if files[p] == nil {
                files[p] = try ScratchWriter(path: WholeNameCounts.file(directory, writer: index, partition: p), capacity: 1 << 18)
            }
            entry.append(folded)
            try files[p]!.append(entry)
            entry.removeAll()
        }

        func finish() throws {
            for file in files { try file?.flush() }
        }
    }

    /// FNV-1a of the name's bytes: the same partition on every writer and every run.
    static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }

    /// The names of partition `p` borne by more than one identity, with their counts.
    func shared(partition p: Int) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for w in writers.indices {
            try ScratchFile.forEachEntry(Self.file(directory, writer: w, partition: p)) { entry in
                var reader = ByteReader(entry)
                counts[reader.text() ?? "", default: 0] += 1
            }
        }
        return counts.filter { $0.value > 1 }
    }

    /// Σ (n / total)² over the whole names: the shared ones added in byte order, then the
    /// names borne once, as PostgreSQL summed them (the same weights to the last bit).
    static func sumOfSquares(shared: [String: Int], total: Int) -> Double {
        guard total > 0 else { return 0 }
        let names = shared.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var squares = 0.0
        for name in names { squares += pow(Double(shared[name]!) / Double(total), 2) }
        let once = total - shared.values.reduce(0, +)
        return squares + Double(once) * pow(1 / Double(total), 2)
    }
}
