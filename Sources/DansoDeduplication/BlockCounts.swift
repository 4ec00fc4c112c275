import DansoLinkage
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The blocks each rule of a linkage run keeps, counted in the client as the blocking keys
/// are worked out (``RegisterBlocks``, steps 1 and 2): how many identities bear each key, how
/// many of them are new, how many are anchors, and which identities they are.
///
/// PostgreSQL grouped the run's whole `key` table once per rule for this: eight hash
/// aggregates of 1.2 million rows for a province, each spilling to disk, 8–10 s of statement
/// time on the run's two connections. Here each key is counted once, as it goes by.
///
/// Memory stays bounded whatever the register's size: the keys go to files partitioned by
/// their value (each keying connection writes its own, through one ``Spill``), and one
/// partition at a time is counted by each thread. The files are removed by ``remove()``; a
/// run that died leaves its folder (named after its process), which the next run removes.
/// The run's other working files (``RegisterBlocks``, ``WholeNameCounts``) go in the same
/// folder.
final class BlockCounts: @unchecked Sendable {  // each spill is written by one thread; partitions are read after
    /// One key as spilled: its value, its rule, whether its identity is new and an anchor,
    /// and which identity it is (its place among those its spill wrote).
    struct Mark {
        var key: Int64
        var ordinal: UInt32
        var rule: UInt8
        var isNew: UInt8
        var isAnchor: UInt8
        var spill: UInt8
    }

    /// One rule's kept block: its key, its identities and the pairs it makes (weighed
    /// against the cap here).
    struct Kept: Equatable {
        var rule: Int
        var key: Int64
        var members: Int
        var pairs: Int
    }

    /// What the rules are: whether each needs an anchor in a block, and the pair cap.
    let anchored: [Bool]
    let pairCap: Int
    let partitions: Int
    let directory: URL
    let spills: [Spill]

    /// Counts for `rules` (whether each is anchored), about `marks` keys in all written by
    /// `spills` writers; about 500,000 keys per partition.
    init(anchored: [Bool], pairCap: Int, marks: Int, spills: Int) throws {
        self.anchored = anchored
        self.pairCap = pairCap
        partitions = max(1, min(1_024, (marks + 499_999) / 500_000))
        let temporary = FileManager.default.temporaryDirectory
        Self.removeLeftovers(in: temporary)
        directory = temporary.appendingPathComponent("\(Self.folderPrefix)\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let directory = directory, partitions = partitions
        // About 16 MB of buffers per writer, whatever the number of partitions.
        let capacity = max(1_024, 1_000_000 / partitions)
        self.spills = (0..<max(1, spills)).map { Spill(directory: directory, index: $0, partitions: partitions, capacity: capacity) }
    }

    /// Removes the spilled keys.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// `danso-blocks-<pid>-<uuid>`: a run's folder in the temporary folder.
    static let folderPrefix = "danso-blocks-"

    /// Removes the folders in `temporary` of runs whose process has ended (killed, or the
    /// machine stopped): a province's 7.9 million keys take 127 MB.
    static func removeLeftovers(in temporary: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        for name in names where name.hasPrefix(folderPrefix) {
            guard let pid = Int32(name.dropFirst(folderPrefix.count).prefix { $0 != "-" }),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }

    /// The file of partition `p` written by spill `s`.
    static func file(_ directory: URL, spill s: Int, partition p: Int) -> String {
        directory.appendingPathComponent("s\(s)-p\(p).keys").path
    }

    /// One keying connection's writer: marks buffered per partition, appended to the
    /// partition's file when its buffer is full.
    final class Spill: @unchecked Sendable {  // used by one thread at a time
        let directory: URL
        let index: Int
        private var buffers: [[Mark]]
        private let capacity: Int

        init(directory: URL, index: Int, partitions: Int, capacity: Int) {
            self.directory = directory
            self.index = index
            self.capacity = capacity
            buffers = Array(repeating: [], count: partitions)
        }

        /// Keeps rule `rule`'s key `key` of the identity `ordinal` (nil keys are not kept).
        func add(rule: Int, key: Int64?, isNew: Bool, isAnchor: Bool, ordinal: UInt32 = 0) throws {
            guard let key else { return }
            let p = Int(UInt64(bitPattern: key) % UInt64(buffers.count))
            buffers[p].append(Mark(key: key, ordinal: ordinal, rule: UInt8(rule), isNew: isNew ? 1 : 0,
                                   isAnchor: isAnchor ? 1 : 0, spill: UInt8(index)))
            if buffers[p].count >= capacity { try flush(p) }
        }

        /// Writes what every buffer holds.
        func finish() throws {
            for p in buffers.indices { try flush(p) }
        }

        private func flush(_ p: Int) throws {
            guard !buffers[p].isEmpty else { return }
            let path = BlockCounts.file(directory, spill: index, partition: p)
            try buffers[p].withUnsafeBytes { try ScratchFile.append($0, toFileAt: path) }
            buffers[p].removeAll(keepingCapacity: true)
        }
    }

    /// `marks` in order of key, then rule. The keys are hashes, spread evenly: a counting
    /// sort on the key's top 16 bits leaves buckets of a few marks each, sorted in place. The
    /// standard library's sort, comparing two fields through a closure, was about 5 % of the
    /// client's time in a province's linkage run.
    static func sortedByKeyAndRule(_ marks: [Mark]) -> [Mark] {
        let bucketBits = 16
        // The sign bit flipped: buckets in the order of the signed keys.
        func bucket(_ m: Mark) -> Int { Int((UInt64(bitPattern: m.key) ^ (1 << 63)) >> UInt64(64 - bucketBits)) }
        var starts = [Int](repeating: 0, count: (1 << bucketBits) + 1)
        for m in marks { starts[bucket(m) + 1] += 1 }
        for b in 0..<(1 << bucketBits) { starts[b + 1] += starts[b] }
        var next = starts
        let placeholder = Mark(key: 0, ordinal: 0, rule: 0, isNew: 0, isAnchor: 0, spill: 0)
        var out = [Mark](repeating: placeholder, count: marks.count)
        out.withUnsafeMutableBufferPointer { o in
            for m in marks {
                let b = bucket(m)
                o[next[b]] = m
                next[b] += 1
            }
            // Insertion sort within each bucket (a few marks each); a crowded bucket (keys
            // that are not spread) by the standard sort.
            for b in 0..<(1 << bucketBits) {
                let lo = starts[b], hi = starts[b + 1]
                guard hi - lo > 1 else { continue }
                guard hi - lo <= 64 else {
                    var crowded = UnsafeMutableBufferPointer(rebasing: o[lo..<hi])
                    crowded.sort { ($0.key, $0.rule) < ($1.key, $1.rule) }
                    continue
                }
                for i in (lo + 1)..<hi {
                    let m = o[i]
                    var j = i
                    while j > lo, (o[j - 1].key, o[j - 1].rule) > (m.key, m.rule) {
                        o[j] = o[j - 1]
                        j -= 1
                    }
                    o[j] = m
                }
            }
        }
        return out
    }

    /// Partition `p` counted: the blocks kept (in no particular order), and per rule the
    /// blocks left out for making more pairs than the cap; `member` is called with each mark
    /// of a kept block.
    func count(partition p: Int, member: (Mark) -> Void = { _ in }) throws -> (kept: [Kept], overCap: [Int]) {
        // The partition's marks sorted by key and rule, then counted run by run: a dictionary
        // of (key, rule) hashed every mark with SipHash, about twice the time. Holding a whole
        // partition's marks costs memory: the province's peak went from 164 to 175 MB (172 to
        // 198 MB at 10×).
        var marks: [Mark] = []
        for s in spills.indices {
            let path = Self.file(directory, spill: s, partition: p)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DeduplicationError.scratchFile(path: path, errno: errno)
            }
            marks.reserveCapacity(marks.count + data.count / MemoryLayout<Mark>.stride)
            data.withUnsafeBytes { raw in marks.append(contentsOf: raw.bindMemory(to: Mark.self)) }
        }
        marks = Self.sortedByKeyAndRule(marks)
        // Each run of one key under one rule is a block, weighed as it ends (no table of
        // every block's tallies held meanwhile).
        var kept: [Kept] = []
        var overCap = [Int](repeating: 0, count: anchored.count)
        var start = 0
        while start < marks.count {
            let first = marks[start]
            var end = start, new = 0, anchors = 0
            while end < marks.count, marks[end].key == first.key, marks[end].rule == first.rule {
                new += Int(marks[end].isNew)
                anchors += Int(marks[end].isAnchor)
                end += 1
            }
            let n = end - start, rule = Int(first.rule)
            start = end
            guard n > 1, new > 0, !anchored[rule] || anchors > 0 else { continue }
            let newPairs = Matcher.pairCount(count: n, part: new)
            let pairs = anchored[rule] ? min(newPairs, Matcher.pairCount(count: n, part: anchors)) : newPairs
            if pairs > pairCap {
                overCap[rule] += 1
            } else {
                kept.append(Kept(rule: rule, key: first.key, members: n, pairs: pairs))
                for m in marks[(end - n)..<end] { member(m) }
            }
        }
        return (kept, overCap)
    }
}
