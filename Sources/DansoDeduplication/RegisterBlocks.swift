import DansoLinkage
import DansoPostgres
import DansoWarehouse
import Foundation

/// The register's identities blocked in the client, for a matcher that holds one run of
/// blocks at a time: memory stays bounded whatever the register's size (reading the register
/// whole into the matcher took 1.2 GB for a province of 1.2 million people).
///
/// Each step is shared among the run's connections, a thread each:
/// 1. each connection reads the identities of one range of ids (sql/queries/link_people.sql,
///    through a cursor), works out their names and blocking keys, and writes them to its
///    identities file; the keys go to ``BlockCounts``, the whole names to ``WholeNameCounts``;
/// 2. the partitions of keys and of names are counted: in which rules' kept blocks each
///    identity is (a bit per rule), and the whole names borne by more than one;
/// 3. each connection's identities file is read back, and each identity of a kept block is
///    written to its rule's member files, partitioned by key;
/// 4. each partition of members is sorted by key and handed to the matcher, a run of whole
///    blocks at a time.
///
/// PostgreSQL did steps 2 to 4 before: the keys copied into a table, the identities of kept
/// blocks joined into another, sorted and read back once per rule. For a province's 1.19
/// million identities that was about 8.5 s of its time on the run's two connections.
final class RegisterBlocks: @unchecked Sendable {  // steps run one after another; a step's threads write apart
    let connections: [PostgresConnection]
    let matcher: Matcher
    /// Identities read at a time, shared by the connections (each reads its part, so that
    /// memory is the same whatever their number).
    var pieceSize = 50_000
    /// About how many bytes of members a partition of step 4 holds (read whole, then sorted).
    var memberPartitionBytes = 8 << 20

    private var piece: Int { max(1, pieceSize / connections.count) }
    var ruleCount: Int { matcher.rules.count }
    private var tasks: ConnectionTasks { ConnectionTasks(connections: connections) }

    /// What the steps leave for the next: the working files' folder (the keys'), the
    /// identities files (one per connection), the shared whole names, and the member
    /// partitions of each rule.
    private var counts: BlockCounts?
    private var identityFiles: [String] = []
    private var sharedNames = SharedNames()
    private var memberPartitions: [Int] = []

    init(connections: [PostgresConnection], matcher: Matcher) {
        precondition(matcher.rules.count <= 8, "an identity's kept blocks are a byte, a bit per rule")
        self.connections = connections
        self.matcher = matcher
    }

    /// Removes the working files.
    func remove() { counts?.remove() }

    /// What ``build(files:newFromBatches:)`` made: the identities matched, the new ones among
    /// them, blocks left out for their size by rule name, and the run's name counts.
    struct Built {
        var identities = 0
        var new = 0
        var skipped: [String: Int] = [:]
        var frequencies = NameFrequencies(given: [:], family: [:], fullNameTotal: 0, fullNameSquares: 0)
    }

    /// Steps 1 to 3, each spread over the connections.
    func build(files: ProjectFiles, newFromBatches batches: [Int64]?) throws -> Built {
        let people = try files.query("link_people")
        let ranges = try IdentityRanges(connections[0], parts: connections.count)
        let spills = ranges.bounds.count
        let counts = try BlockCounts(anchored: matcher.rules.map { $0.anchor != nil }, pairCap: matcher.pairCap,
                                     marks: ranges.all.count * ruleCount, spills: spills)
        self.counts = counts
        let names = WholeNameCounts(names: ranges.all.count, writers: spills, directory: counts.directory)
        identityFiles = (0..<spills).map { counts.directory.appendingPathComponent("i\($0).identities").path }

        // 1. Keyed.
        let keyed = Locked([Keyed](repeating: Keyed(), count: spills))
        try tasks.run((0..<spills).map { s in { c in
            let made = try self.key(c, query: people, batches: batches, range: ranges.bounds[s], spill: counts.spills[s],
                                    names: names.writers[s], file: self.identityFiles[s])
            keyed.update { $0[s] = made }
        } })
        FreedMemory.giveBack()
        var built = Built()
        for k in keyed.value {
            built.identities += k.identities
            built.new += k.new
            built.frequencies.given.merge(k.given, uniquingKeysWith: +)
            built.frequencies.family.merge(k.family, uniquingKeysWith: +)
            built.frequencies.fullNameTotal += k.whole
        }

        // 2. Counted: each thread takes the next partition of keys or names; the identities of
        // a partition's kept blocks are marked once it is counted (two partitions may hold
        // keys of one identity, so the marks are set under the lock).
        let next = Locked(0)
        let work = counts.partitions + names.partitions
        let counted = Locked(Counted(sizes: keyed.value.map(\.identities), rules: ruleCount, hash: names.hash))
        try tasks.run(connections.indices.map { _ in { _ in
            while let w = next.update({ (n: inout Int) -> Int? in
                guard n < work else { return nil }
                n += 1
                return n - 1
            }) {
                if w < counts.partitions {
                    var marked: [(spill: UInt8, ordinal: UInt32, rule: UInt8)] = []
                    let (kept, overCap) = try counts.count(partition: w) { marked.append(($0.spill, $0.ordinal, $0.rule)) }
                    counted.update { total in
                        for m in marked { total.kept[Int(m.spill)][Int(m.ordinal)] |= 1 << m.rule }
                        for block in kept { total.members[block.rule] += block.members }
                        for (j, over) in overCap.enumerated() { total.overCap[j] += over }
                    }
                } else {
                    let part = try names.count(partition: w - counts.partitions)
                    counted.update {
                        $0.names.add(part)
                        $0.squares += part.squares
                    }
                }
            }
        } })
        let total = counted.value
        FreedMemory.giveBack()
        for (j, over) in total.overCap.enumerated() where over > 0 { built.skipped[matcher.rules[j].name, default: 0] += over }
        built.frequencies.fullNameSquares = SharedNames.sumOfSquares(total.squares, total: built.frequencies.fullNameTotal)
        sharedNames = total.names

        // 3. Members written out, rule by rule, partitioned by key.
        let bytesPerMember = keyed.value.map(\.bytes).reduce(0, +) / max(1, built.identities) + 20
        memberPartitions = total.members.map { max(1, ($0 * bytesPerMember + memberPartitionBytes - 1) / memberPartitionBytes) }
        try tasks.run((0..<spills).map { s in { _ in try self.writeMembers(spill: s, kept: total.kept[s]) } })
        FreedMemory.giveBack()
        return built
    }

    /// What step 1 made of one range.
    private struct Keyed {
        var identities = 0
        var new = 0
        /// Bytes of its identities file.
        var bytes = 0
        /// Identities counted by whole name.
        var whole = 0
        var given: [String: Int] = [:]
        var family: [String: Int] = [:]
    }

    /// What step 2 counted: per identity (by spill, then place) the rules whose block kept
    /// it, per rule the identities of kept blocks and the blocks over the cap, and the
    /// shared whole names with Σ n² over every whole name.
    private struct Counted {
        var kept: [[UInt8]]
        var members: [Int]
        var overCap: [Int]
        var names: SharedNames
        var squares = 0

        init(sizes: [Int], rules: Int, hash: @escaping @Sendable (String) -> UInt64) {
            names = SharedNames(hash: hash)
            kept = sizes.map { [UInt8](repeating: 0, count: $0) }
            members = [Int](repeating: 0, count: rules)
            overCap = members
        }
    }

    /// Step 1 for the identities of `range`.
    private func key(_ c: PostgresConnection, query: String, batches: [Int64]?, range: Range<Int64>,
                     spill: BlockCounts.Spill, names: WholeNameCounts.Writer, file: String) throws -> Keyed {
        try c.transaction { c in
            // A cursor is planned for its first tenth unless told otherwise: this one is read
            // to the end. The setting is put back after (inside a caller's transaction a SET
            // LOCAL would outlive this).
            let before = try c.query("select current_setting('cursor_tuple_fraction') as v").first?["v"]
            try c.execute("set local cursor_tuple_fraction = 1")
            try c.execute(PostgresQuery(unsafeSQL: """
                declare link_people no scroll cursor for
                select \(Self.identityColumns.joined(separator: ", ")) from (
                \(query)
                ) people
                """, binds: [batches.map { $0.postgresText }, String(range.lowerBound), String(range.upperBound)]))
            let writer = try ScratchWriter(path: file)
            var entry = ByteWriter()
            var made = Keyed()
            var ordinal: UInt32 = 0
            while true {
                let rows = try c.query(PostgresQuery(unsafeSQL: "fetch forward \(piece) from link_people"))
                if rows.isEmpty { break }
                let records = rows.map(IdentityRow.recordByPosition)
                for (row, (record, (forms, keys, isAnchor))) in zip(rows, zip(records, matcher.blockingKeys(records))) {
                    let isNew = row[1] == "t"
                    for (j, key) in keys.enumerated() { try spill.add(rule: j, key: key, isNew: isNew, isAnchor: isAnchor, ordinal: ordinal) }
                    if forms.countsByWholeName {
                        try names.add(forms.folded)
                        made.whole += 1
                    }
                    if !forms.given.isEmpty { made.given[forms.given, default: 0] += 1 }
                    if !forms.family.isEmpty { made.family[forms.family, default: 0] += 1 }
                    BlockedIdentity(record: record, isNew: isNew, origin: row[2], names: forms, keys: keys).write(to: &entry)
                    try writer.append(entry)
                    entry.removeAll()
                    ordinal += 1
                    if isNew { made.new += 1 }
                }
                made.identities += rows.count
            }
            try c.execute("close link_people")
            if let before { try c.execute("select set_config('cursor_tuple_fraction', \(before), true)") }
            try spill.finish()
            try names.finish()
            try writer.flush()
            made.bytes = writer.size
            return made
        }
    }

    /// The member file of rule `rule`'s partition `partition` written by spill `spill`.
    private func memberFile(rule: Int, partition: Int, spill: Int) -> String {
        counts!.directory.appendingPathComponent("m\(rule)-p\(partition)-s\(spill).members").path
    }

    /// Step 3 for one identities file: each identity of a kept block, once per rule that kept
    /// it, with its key there, the earlier rules that kept it, and its whole-name count.
    private func writeMembers(spill s: Int, kept: [UInt8]) throws {
        var writers: [[ScratchWriter?]] = memberPartitions.map { Array(repeating: nil, count: $0) }
        // About 8 MB of buffers, however many partitions (a province has a few dozen, ten
        // provinces a few hundred).
        let capacity = ScratchWriter.capacity(files: memberPartitions.reduce(0, +), budget: 8 << 20)
        var entry = ByteWriter()
        var ordinal = 0
        try ScratchFile.forEachEntry(identityFiles[s]) { raw in
            defer { ordinal += 1 }
            let bits = kept[ordinal]
            guard bits != 0 else { return }
            let fullCount = BlockedIdentity.wholeName(raw).map(sharedNames.count) ?? 0
            for j in 0..<ruleCount where bits & (1 << UInt8(j)) != 0 {
                guard let key = BlockedIdentity.key(raw, rule: j) else { continue }
                let q = Int(UInt64(bitPattern: key) % UInt64(memberPartitions[j]))
                if writers[j][q] == nil {
                    writers[j][q] = try ScratchWriter(path: memberFile(rule: j, partition: q, spill: s), capacity: capacity)
                }
                entry.append(key)
                entry.append(UInt32(bits & ((1 << UInt8(j)) - 1)))
                entry.append(Int32(clamping: fullCount))
                entry.append(raw: raw)
                try writers[j][q]!.append(entry)
                entry.removeAll()
            }
        }
        for rule in writers { for writer in rule { try writer?.flush() } }
    }

    /// Identities sharing the folded whole name of `names` (0 when not counted by it).
    private func fullNameCount(_ names: NameForms) -> Int {
        names.countsByWholeName ? sharedNames.count(names.folded) : 0
    }

    /// Step 4: calls `body` with runs of whole blocks, about `runSize` records each, and the
    /// connection of the thread that made them: the partitions are shared among the
    /// connections' threads, rule by rule, so `body` is called from as many threads at once.
    func forEachRun(runSize: Int = 50_000, _ body: @escaping (BlockRun, PostgresConnection) throws -> Void) throws {
        let spills = identityFiles.count
        let parts = memberPartitions.enumerated().flatMap { j, count in (0..<count).map { (rule: j, q: $0) } }
        try tasks.run(parts.map { part in { c in
            let paths = (0..<spills).map { self.memberFile(rule: part.rule, partition: part.q, spill: $0) }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(paths.reduce(0) { $0 + ScratchFile.size($1) })
            for s in 0..<spills {
                try ScratchFile.append(contentsOf: paths[s], to: &bytes)
            }
            try bytes.withUnsafeBytes { all in
                var order: [(key: Int64, notNew: UInt8, id: Int64, at: Int)] = []
                _ = ScratchFile.entries(all) { e in
                    let identity = UnsafeRawBufferPointer(rebasing: e[Self.memberHeader...])
                    order.append((key: e.loadUnaligned(fromByteOffset: 0, as: Int64.self),
                                  notNew: BlockedIdentity.isNew(identity) ? 0 : 1,
                                  id: BlockedIdentity.id(identity), at: e.baseAddress! - all.baseAddress!))
                }
                // A block's new identities first, then by id (the order the matcher indexes).
                order.sort { ($0.key, $0.notNew, $0.id) < ($1.key, $1.notNew, $1.id) }
                var run = BlockRun(rule: part.rule)
                var block: [BlockRun.Member] = []
                var blockKey: Int64?
                for m in order {
                    if m.key != blockKey, !block.isEmpty {
                        run.append(block: block)
                        block.removeAll(keepingCapacity: true)
                        if run.count >= runSize {
                            try body(run, c)
                            run = BlockRun(rule: part.rule)
                        }
                    }
                    blockKey = m.key
                    block.append(self.member(all, at: m.at, rule: part.rule))
                }
                if !block.isEmpty { run.append(block: block) }
                if !run.isEmpty { try body(run, c) }
            }
        } })
    }

    /// The bytes before the identity in a member entry: its block's key (8), the earlier
    /// rules that kept it (4) and its whole-name count (4), as ``writeMembers(spill:kept:)``
    /// writes them.
    static let memberHeader = 16

    /// The member entry at `offset` of `bytes` as the matcher reads it (the name as its NFC
    /// form, no linkage area: the blocks are made).
    private func member(_ bytes: UnsafeRawBufferPointer, at offset: Int, rule: Int) -> BlockRun.Member {
        var reader = ByteReader(bytes, at: offset)
        _ = reader.read(Int64.self)
        let earlier = reader.read(UInt32.self)
        let fullCount = Int(reader.read(Int32.self))
        let identity = BlockedIdentity(&reader, rules: ruleCount)
        var record = identity.record
        record.fullName = identity.names.nfc
        record.area = nil
        return BlockRun.Member(record: record, names: identity.names, isNew: identity.isNew,
                               earlierKeys: (0..<rule).map { earlier & (1 << UInt32($0)) != 0 ? identity.keys[$0] : nil },
                               fullNameCount: fullCount)
    }

    /// link_person's columns as the matcher reads them, in order.
    static let identityColumns = [
        "person_id", "is_new", "origin", "full_name", "sex", "birth_year", "birth_month", "birth_day", "personal_number",
        "household_id", "commune_code", "mother_id", "area_code",
    ]

    /// The identities `ids` (of kept blocks) as the matcher reads them, by id, with whether
    /// they are new and their whole-name counts.
    func identities(_ ids: [Int64]) throws -> (records: [PersonRecord], isNew: [Bool], fullNameCounts: [Int]) {
        let found = try lookUp(Set(ids)).sorted { $0.record.id < $1.record.id }
        return (found.map(\.record), found.map(\.isNew), found.map { fullNameCount($0.names) })
    }

    /// How the identities `ids` came to the register (``FoundPairs/setFoundBy(origins:)``).
    func origins(_ ids: [Int64]) throws -> [Int64: String] {
        var origins: [Int64: String] = [:]
        for identity in try lookUp(Set(ids)) { origins[identity.record.id] = identity.origin }
        return origins
    }

    /// The identities `ids` from the identities files (one pass over each).
    private func lookUp(_ ids: Set<Int64>) throws -> [BlockedIdentity] {
        var found: [BlockedIdentity] = []
        guard !ids.isEmpty else { return found }
        for file in identityFiles {
            try ScratchFile.forEachEntry(file) { raw in
                if ids.contains(BlockedIdentity.id(raw)) { found.append(BlockedIdentity(raw, rules: ruleCount)) }
            }
        }
        return found
    }
}
