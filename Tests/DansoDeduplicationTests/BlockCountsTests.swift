@testable import DansoDeduplication
import DansoPostgres
import DansoTestSupport
import Foundation
import Testing

/// The blocks a linkage run keeps are counted in the client (``BlockCounts``) where
/// PostgreSQL grouped the `key` table once per rule: the kept keys, their pairs and the blocks
/// over the cap must be those the former GROUP BY gave, whatever the partitions and writers.
@Suite struct BlockCountsTests {
    /// Keys of four rules (two of them anchored) for `count` identities, drawn from few values
    /// so that blocks form, some of them over a small cap; nil keys too.
    static func marks(count: Int, seed: UInt64) -> [(rule: Int, key: Int64?, isNew: Bool, isAnchor: Bool)] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        var out: [(rule: Int, key: Int64?, isNew: Bool, isAnchor: Bool)] = []
        for _ in 0..<count {
            let isNew = next() % 3 != 0, isAnchor = next() % 4 == 0
            for rule in 0..<4 {
                let key: Int64? = next() % 10 == 0 ? nil : Int64(bitPattern: (next() % 900) &* 0x9E3779B97F4A7C15) ^ Int64(rule)
                out.append((rule, key, isNew, isAnchor))
            }
        }
        return out
    }

    @Test(arguments: [(1, 1), (2, 3), (2, 1_500_000)])
    func theKeptBlocksAreThoseTheServerGroupedFor(spills: Int, marks estimate: Int) throws {
        let anchored = [false, true, false, true], cap = 6
        let marks = Self.marks(count: 2_000, seed: UInt64(spills * 31 + estimate))
        let counts = try BlockCounts(anchored: anchored, pairCap: cap, marks: estimate, spills: spills)
        defer { counts.remove() }
        #expect(counts.partitions == max(1, (estimate + 499_999) / 500_000))
        // Each mark knows its identity: its writer and its place among the writer's marks.
        for (i, mark) in marks.enumerated() {
            try counts.spills[i % spills].add(rule: mark.rule, key: mark.key, isNew: mark.isNew, isAnchor: mark.isAnchor,
                                              ordinal: UInt32(i / spills))
        }
        for spill in counts.spills { try spill.finish() }
        var kept: Set<String> = []
        var overCap = [Int](repeating: 0, count: anchored.count)
        var members: Set<Int> = []
        for p in 0..<counts.partitions {
            var marked: [BlockCounts.Mark] = []
            let part = try counts.count(partition: p) { marked.append($0) }
            for block in part.kept { kept.insert("\(block.rule) \(block.key) \(block.members) \(block.pairs)") }
            for (j, n) in part.overCap.enumerated() { overCap[j] += n }
            #expect(marked.count == part.kept.reduce(0) { $0 + $1.members })
            for m in marked {
                let i = Int(m.ordinal) * spills + Int(m.spill)
                #expect(marks[i].rule == Int(m.rule) && marks[i].key == m.key)
                #expect(members.insert(i * 8 + Int(m.rule)).inserted)
            }
        }

        // The former step 3, on the same keys.
        let database = try TestDatabase.fresh()
        let c = try database.connect()
        try c.execute(unsafeSQL: "create temp table key (rule integer, k bigint, is_new boolean, anchor boolean)")
        try c.copyIn("copy key from stdin") { writer in
            for mark in marks where mark.key != nil {
                try writer.writeRow([String(mark.rule), String(mark.key!), mark.isNew ? "t" : "f", mark.isAnchor ? "t" : "f"])
            }
        }
        var expected: Set<String> = []
        var expectedOver = [Int](repeating: 0, count: anchored.count)
        for j in anchored.indices {
            let pairs = { (part: String) in "\(part) * (n - \(part)) + \(part) * (\(part) - 1) / 2" }
            for row in try c.query(PostgresQuery(unsafeSQL: """
                select k::text as k, n::text as n, (\(anchored[j] ? "least(\(pairs("n_new")), \(pairs("n_anchor")))" : pairs("n_new")))::text as pairs
                from (select k, count(*) as n, count(*) filter (where is_new) as n_new, count(*) filter (where anchor) as n_anchor
                      from key where rule = \(j) and k is not null group by k having count(*) > 1) b
                where n_new > 0\(anchored[j] ? " and n_anchor > 0" : "")
                """)) {
                if Int(row["pairs"]!)! > cap { expectedOver[j] += 1 } else { expected.insert("\(j) \(row["k"]!) \(row["n"]!) \(row["pairs"]!)") }
            }
        }
        #expect(kept.count > 100)
        #expect(overCap.reduce(0, +) > 0)
        #expect(kept == expected)
        #expect(overCap == expectedOver)
    }

    /// The counting sort orders marks as the standard sort does: hashed keys of both signs,
    /// equal keys under several rules, and keys that are not spread (one crowded bucket).
    @Test(arguments: [true, false])
    func marksAreSortedByKeyThenRule(spread: Bool) {
        var state: UInt64 = spread ? 7 : 11
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
        let marks = (0..<20_000).map { _ in
            let value = next() % 5_000
            let key = spread ? Int64(bitPattern: value &* 0x9E3779B97F4A7C15) : Int64(value)
            return BlockCounts.Mark(key: key, ordinal: 0, rule: UInt8(next() % 3), isNew: UInt8(next() % 2), isAnchor: 0, spill: 0)
        }
        let sorted = BlockCounts.sortedByKeyAndRule(marks)
        let expected = marks.sorted { ($0.key, $0.rule) < ($1.key, $1.rule) }
        let order: [String] = sorted.map { "\($0.key) \($0.rule)" }
        let expectedOrder: [String] = expected.map { "\($0.key) \($0.rule)" }
        #expect(order == expectedOrder)
        let newMarks: Int = sorted.reduce(0) { $0 + Int($1.isNew) }
        let newBefore: Int = marks.reduce(0) { $0 + Int($1.isNew) }
        #expect(newMarks == newBefore)
        let distinctKeys = Set(sorted.map(\.key)).count
        #expect(distinctKeys > 4_000)
        #expect(sorted.contains { $0.key < 0 } == spread)
    }

    /// A folder left by a run whose process has ended goes when the next run starts; one of a
    /// running process stays.
    @Test func aDeadRunsFolderIsRemovedByTheNextRun() throws {
        let temporary = FileManager.default.temporaryDirectory
        // A process that has ended: a child reaped before the folder is made.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = temporary.appendingPathComponent("\(BlockCounts.folderPrefix)\(child.processIdentifier)-\(UUID().uuidString)")
        let alive = temporary.appendingPathComponent("\(BlockCounts.folderPrefix)\(getpid())-\(UUID().uuidString)")
        for folder in [dead, alive] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: alive) }
        let counts = try BlockCounts(anchored: [false], pairCap: 10, marks: 10, spills: 1)
        counts.remove()
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        #expect(FileManager.default.fileExists(atPath: alive.path))
    }

    @Test func theWorkingFilesGoWithRemove() throws {
        let counts = try BlockCounts(anchored: [false], pairCap: 10, marks: 10, spills: 2)
        try counts.spills[0].add(rule: 0, key: 42, isNew: true, isAnchor: false)
        try counts.spills[0].finish()
        #expect(FileManager.default.fileExists(atPath: counts.directory.path))
        counts.remove()
        #expect(!FileManager.default.fileExists(atPath: counts.directory.path))
    }
}
