import Foundation

/// How many identities of a linkage run bear each folded whole name (those with a family
/// and a given name), counted in the client: the term-frequency weight of an agreeing whole
/// name (``NameFrequencies``). PostgreSQL grouped the run's `key` table by it before.
///
/// Memory stays bounded as for the blocks (``BlockCounts``): the names go to files
/// partitioned by a hash of their bytes, one writer per keying connection, and one
/// partition at a time is counted. Only the names borne by more than one identity are kept
/// (46,000 of a province's 1.2 million, 552,000 of ten provinces'); every other one counts 1.
final class WholeNameCounts: @unchecked Sendable {  // each writer is used by one thread; partitions are read after
    let partitions: Int
    let writers: [Writer]
    /// Partitions the names and keys ``SharedNames`` (FNV-1a unless a test says otherwise).
    let hash: @Sendable (String) -> UInt64
    private let directory: URL

    /// About `names` names in all, written by `writers` writers into `directory`.
    init(names: Int, writers: Int, directory: URL, hash: @escaping @Sendable (String) -> UInt64 = WholeNameCounts.fnv1a) {
        partitions = max(1, min(1_024, (names + 99_999) / 100_000))
        self.directory = directory
        self.hash = hash
        let partitions = partitions
        self.writers = (0..<max(1, writers)).map { Writer(directory: directory, index: $0, partitions: partitions, hash: hash) }
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
        private let hash: @Sendable (String) -> UInt64

        init(directory: URL, index: Int, partitions: Int, hash: @escaping @Sendable (String) -> UInt64) {
            self.directory = directory
            self.index = index
            self.hash = hash
            files = Array(repeating: nil, count: partitions)
        }

        func add(_ folded: String) throws {
            let p = Int(hash(folded) % UInt64(files.count))
            if files[p] == nil {
                files[p] = try ScratchWriter(path: WholeNameCounts.file(directory, writer: index, partition: p),
                                             capacity: ScratchWriter.capacity(files: files.count, budget: 4 << 20))
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
    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }

    /// Partition `p` counted: its shared names by hash (``SharedNames/add(_:)``), and Σ n²
    /// over every name of the partition (n identities bearing it).
    func count(partition p: Int) throws -> (shared: [UInt64: Int32], collided: [String: Int], squares: Int) {
        var counts: [String: Int] = [:]
        for w in writers.indices {
            try ScratchFile.forEachEntry(Self.file(directory, writer: w, partition: p)) { entry in
                var reader = ByteReader(entry)
                counts[reader.text() ?? "", default: 0] += 1
            }
        }
        // Names of equal hash share a partition: those are kept by name.
        var seen: [UInt64: String] = [:]
        var collided: [String: Int] = [:]
        var shared: [UInt64: Int32] = [:]
        var squares = 0
        for (name, n) in counts {
            squares += n * n
            let h = hash(name)
            if let other = seen.updateValue(name, forKey: h) {
                collided[name] = n
                collided[other] = counts[other]
            }
            if n > 1 { shared[h] = Int32(clamping: n) }
        }
        for name in collided.keys { shared[hash(name)] = nil }
        return (shared, collided, squares)
    }
}

/// The whole-name counts a linkage run looks up for every identity of a kept block, held by
/// a hash of the name rather than the name: ten provinces share 552,000 whole names, about
/// 45 MB as strings, 10 MB as hashes. Exact all the same: the few names whose hash another
/// name has are held by name.
struct SharedNames: Sendable {
    private var byHash: [UInt64: Int32] = [:]
    private var exact: [String: Int] = [:]
    private var collided: Set<UInt64> = []
    private let hash: @Sendable (String) -> UInt64

    init(hash: @escaping @Sendable (String) -> UInt64 = WholeNameCounts.fnv1a) { self.hash = hash }

    /// Adds a partition counted by ``WholeNameCounts/count(partition:)`` (partitions hold
    /// names of distinct hashes).
    mutating func add(_ part: (shared: [UInt64: Int32], collided: [String: Int], squares: Int)) {
        byHash.merge(part.shared) { a, _ in a }
        exact.merge(part.collided) { a, _ in a }
        for name in part.collided.keys { collided.insert(hash(name)) }
    }

    /// Identities bearing the whole name `folded` (1 for a name not among the shared ones).
    func count(_ folded: String) -> Int {
        let h = hash(folded)
        if collided.contains(h) { return exact[folded] ?? 1 }
        return byHash[h].map(Int.init) ?? 1
    }

    /// Σ (n / total)² over the whole names, from Σ n² (an exact sum, whatever the order the
    /// partitions were counted in).
    static func sumOfSquares(_ squares: Int, total: Int) -> Double {
        total > 0 ? Double(squares) / (Double(total) * Double(total)) : 0
    }
}
