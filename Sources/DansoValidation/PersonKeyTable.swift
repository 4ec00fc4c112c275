/// The person keys (household, `stt`) of one file with what rule R11 needs of each: the
/// hash of the content first given, and the line it was on.
///
/// Every line leaves an entry, so entries are packed: member number (1 byte), content hash
/// (8) and line (4) in dense arrays, 13 bytes where a `[PersonKey: KeyState]` bucket took
/// 72 (and, sized ahead for the file, most buckets stayed empty). Entries are not hashed:
/// a household's members come one after another, so its entries form a run, and a key is
/// found by scanning the few members of its household's runs (8 bytes a run, 5 a household,
/// some 16 bytes a line in all). Members out of order only make more, shorter runs; a
/// household of more than `scanLimit` entries (a malformed file) gets an index of its own.
/// Keys are compared exactly, never by a hash.
struct PersonKeyTable: Sendable {
    /// Entries, in the order their keys were first seen.
    private var members = CompactColumn<UInt8>()
    private var contentHashes: [Int] = []
    private var firstLines = LineNumbers()
    /// Runs of entries of one household: where each starts (it ends where the next starts),
    /// and the household's previous run + 1 (0: none).
    private var runStarts: [UInt32] = []
    private var runPrevious: [UInt32] = []
    /// The household of the last run, the only one that can grow.
    private var lastRunHousehold = -1
    /// For each household number: its last run + 1 (0: none), and its entries (up to 255).
    private var lastRun: [UInt32] = []
    private var sizes: [UInt8] = []
    /// Member → entry, for households of more than `scanLimit` entries.
    private var large: [Int: [Int: Int]] = [:]
    /// Entries whose key was given again with other content (rare: a few a file).
    private var conflicted: Set<Int> = []

    /// Entries a household may have before its runs are no longer scanned.
    static let scanLimit = 32

    mutating func reserveCapacity(_ n: Int) {
        members.reserveCapacity(n)
        contentHashes.reserveCapacity(n)
        firstLines.reserveCapacity(n)
    }

    /// Decides on a line of member `member` of household `household` (its number in the
    /// `HouseholdTable`) with content `hash`, remembering the key if new.
    mutating func admit(household: Int, member: Int, hash: Int, line: Int) -> RegisterFileChecks.Admission {
        if household >= lastRun.count {
            lastRun.append(contentsOf: repeatElement(0, count: household + 1 - lastRun.count))
            sizes.append(contentsOf: repeatElement(0, count: household + 1 - sizes.count))
        }
        guard let position = entry(household: household, member: member) else {
            add(household: household, member: member, hash: hash, line: line)
            return .new
        }
        if conflicted.contains(position) { return .conflict(earlierLines: []) }
        if contentHashes[position] == hash { return .duplicate }
        conflicted.insert(position)
        return .conflict(earlierLines: [firstLines[position]])
    }

    /// The entry of a key, if seen.
    private func entry(household: Int, member: Int) -> Int? {
        if Int(sizes[household]) > Self.scanLimit { return large[household]![member] }
        var run = Int(lastRun[household])
        while run != 0 {
            for position in entries(ofRun: run - 1) where members[position] == member { return position }
            run = Int(runPrevious[run - 1])
        }
        return nil
    }

    private func entries(ofRun run: Int) -> Range<Int> {
        Int(runStarts[run])..<(run + 1 < runStarts.count ? Int(runStarts[run + 1]) : members.count)
    }

    private mutating func add(household: Int, member: Int, hash: Int, line: Int) {
        let position = members.count
        precondition(position < Int(UInt32.max), "more than 4 billion person keys in one file")
        members.append(member)
        contentHashes.append(hash)
        firstLines.append(line)
        if household != lastRunHousehold {
            runStarts.append(UInt32(position))
            runPrevious.append(lastRun[household])
            lastRun[household] = UInt32(runStarts.count)
            lastRunHousehold = household
        }
        let size = Int(sizes[household]) + 1
        if size <= Int(UInt8.max) { sizes[household] = UInt8(size) }
        if size == Self.scanLimit + 1 {
            var index: [Int: Int] = [:]
            var run = Int(lastRun[household])
            while run != 0 {
                for p in entries(ofRun: run - 1) { index[members[p]] = p }
                run = Int(runPrevious[run - 1])
            }
            large[household] = index
        } else if size > Self.scanLimit + 1 {
            large[household]![member] = position
        }
    }

    /// Bytes the table holds, for tests and measurements.
    var byteCount: Int {
        members.count + contentHashes.count * 8 + firstLines.count * 4 + runStarts.count * 8 + lastRun.count * 5
    }
}
