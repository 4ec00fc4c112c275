/// Name counts of a whole run, made where its records are (PostgreSQL), so that a run read
/// in pieces weighs names exactly as the same run read whole (``TermFrequencyAdjustment``).
public struct NameFrequencies: Sendable, Equatable {
    /// Records by folded given name, and by folded family name.
    public var given: [String: Int]
    public var family: [String: Int]
    /// Records with both a family and a given name (those counted by whole name).
    public var fullNameTotal: Int
    /// Σ (count / `fullNameTotal`)² over their folded full names (summed in another order
    /// than ``TermFrequencyAdjustment``'s own, it may differ from it in the last bits).
    public var fullNameSquares: Double

    public init(given: [String: Int], family: [String: Int], fullNameTotal: Int, fullNameSquares: Double) {
        self.given = given
        self.family = family
        self.fullNameTotal = fullNameTotal
        self.fullNameSquares = fullNameSquares
    }

    /// The counts of `names`, as ``TermFrequencyAdjustment/init(names:floorFraction:)`` makes them.
    public init(names: [NameForms]) {
        var given: [String: Int] = [:], family: [String: Int] = [:], full: [String: Int] = [:]
        for forms in names {
            if !forms.given.isEmpty { given[forms.given, default: 0] += 1 }
            if !forms.family.isEmpty { family[forms.family, default: 0] += 1 }
            if forms.countsByWholeName { full[forms.folded, default: 0] += 1 }
        }
        let total = full.values.reduce(0, +)
        self.init(given: given, family: family, fullNameTotal: total,
                  fullNameSquares: TermFrequencyAdjustment.sumOfSquares(full, total))
    }
}

extension NameForms {
    /// Whether the name is counted by its whole folded form (it has a family and a given name).
    public var countsByWholeName: Bool { !family.isEmpty && !given.isEmpty }
}

/// Consecutive whole blocks of one blocking rule, found where the records are kept (sorted
/// by key in PostgreSQL) rather than in memory: a register of any size is matched one run
/// of blocks at a time, in memory bounded by the run.
public struct BlockRun: Sendable {
    /// One record of a block.
    public struct Member: Sendable {
        public var record: PersonRecord
        /// Its name's forms, when kept with it (worked out again from the name otherwise).
        public var names: NameForms?
        /// Whether the record is new: pairs are made with at least one new record (every
        /// record is new when a set is deduplicated).
        public var isNew: Bool
        /// For each rule before this one, the record's key there when its block was kept
        /// (the pair is that rule's, not this one's), nil otherwise.
        public var earlierKeys: [Int64?]
        /// Records of the whole run sharing its folded full name (0 when not counted).
        public var fullNameCount: Int

        public init(record: PersonRecord, names: NameForms? = nil, isNew: Bool, earlierKeys: [Int64?], fullNameCount: Int) {
            self.record = record
            self.names = names
            self.isNew = isNew
            self.earlierKeys = earlierKeys
            self.fullNameCount = fullNameCount
        }
    }

    /// The rule's position in ``Matcher/rules``.
    public let rule: Int
    private(set) var members: [Member] = []
    private(set) var blockEnds: [Int] = []

    public init(rule: Int) { self.rule = rule }

    /// Adds a block (two records or more; a record sits in one block of a rule).
    public mutating func append(block: [Member]) {
        members += block
        blockEnds.append(members.count)
    }

    /// Records held.
    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
}

extension Matcher {
    /// The most pairs a kept block makes (a block of `maxBlockSize` records, all new):
    /// where the records are blocked, larger blocks are left out, as ``BlockIndex`` does.
    public var pairCap: Int { maxBlockSize * (maxBlockSize - 1) / 2 }

    /// The pairs of a block of `count` records with at least one of its `part` in each (its
    /// new records, or its anchors), pairs within the part included: what a store that counts
    /// blocks itself weighs against ``pairCap``.
    public static func pairCount(count: Int, part: Int) -> Int {
        BlockIndex.pairCount(count: count, newCount: part, linking: true, withinNew: true)
    }

    /// Each record's names, its key under each rule (``BlockingRule/hashedKey(_:_:)``) and
    /// whether it anchors the anchored rule's pairs (``BlockingRule/anchor``), worked out on
    /// every core: what a store that blocks records itself needs from them.
    public func blockingKeys(_ records: [PersonRecord]) -> [(names: NameForms, keys: [Int64?], isAnchor: Bool)] {
        let rules = rules
        let anchor = rules.last?.anchor
        return Parallel.array(records.count) { i in
            let names = NameForms(records[i].fullName)
            return (names, rules.map { $0.hashedKey(records[i], names) }, anchor?(records[i]) ?? false)
        }
    }

    /// Compares and scores the pairs of a run of blocks that hold at least one new record,
    /// with names weighed by the whole run's counts: with every record new, the same pairs,
    /// weights and decisions as ``scoreAll(_:)`` on the whole set. Conflicting links are not
    /// resolved here (they may span runs): see ``makeConsistent(_:records:isNew:fullNameCounts:frequencies:)``.
    public func score(_ run: BlockRun, frequencies: NameFrequencies) -> LinkageResult {
        // Records of a block ascend with their index, the new ones first (BlockIndex's order).
        let order = run.members.indices.filter { run.members[$0].isNew } + run.members.indices.filter { !run.members[$0].isNew }
        var position = [Int32](repeating: 0, count: order.count)
        for (i, m) in order.enumerated() { position[m] = Int32(i) }
        var groups: [[Int32]] = []
        var start = 0
        for end in run.blockEnds {
            groups.append((start..<end).map { position[$0] }.sorted())
            start = end
        }
        let members = order.map { run.members[$0] }
        let earlier = (0..<run.rule).map { j in members.map { $0.earlierKeys[j] } }
        let anchor = rules[run.rule].anchor
        let index = BlockIndex(rule: run.rule, count: members.count, groups: groups, earlierKeys: earlier,
                               split: members.count { $0.isNew }, withinNew: true,
                               anchors: anchor.map { anchor in members.map { anchor($0.record) } })
        let prepared = prepare(members.map(\.record), names: members.map(\.names), index: index, frequencies: frequencies,
                               fullNameCounts: members.map(\.fullNameCount))
        var piece = self
        piece.resolvesConflicts = false
        return piece.score(prepared)
    }

    /// Makes the links of pairs scored run by run consistent (``LinkConsistency``), over
    /// `records`: every record of a linked pair, with whether it is new and its whole-name
    /// count. Returns the pairs, strongest first.
    public func makeConsistent(_ pairs: [ScoredPair], records: [PersonRecord], isNew: [Bool], fullNameCounts: [Int],
                               frequencies: NameFrequencies) -> [ScoredPair] {
        var pairs = pairs
        if resolvesConflicts {
            let links = pairs.filter { $0.decision == .link }.map { (a: $0.a, b: $0.b, weight: $0.score.weight) }
            let changes = consistencyChanges(links: links, records: records, isNew: isNew, fullNameCounts: fullNameCounts,
                                             frequencies: frequencies)
            Self.apply(demoted: changes.demoted, added: changes.added.map { (pair: LinkChanges.Key($0.a, $0.b), scored: $0) },
                       to: &pairs, keys: pairs.map { LinkChanges.Key($0.a, $0.b) })
        }
        return pairs.sorted(by: Self.strongestFirst)
    }

    /// What making `links` consistent changes (``LinkConsistency``), over `records`: every
    /// record of a link, with whether it is new and its whole-name count. Only the links
    /// are needed, not every pair kept, so a caller may keep the others out of memory.
    public func consistencyChanges(links: [(a: Int64, b: Int64, weight: Double)], records: [PersonRecord], isNew: [Bool],
                                   fullNameCounts: [Int], frequencies: NameFrequencies) -> LinkChanges {
        guard resolvesConflicts, !links.isEmpty else { return LinkChanges(demoted: [], added: []) }
        // Visited in the order a whole run would index them: new records first, then by id.
        let order = records.indices.sorted {
            (isNew[$0] ? 0 : 1, records[$0].id) < (isNew[$1] ? 0 : 1, records[$1].id)
        }
        let sortedRecords = order.map { records[$0] }, sortedNew = order.map { isNew[$0] }
        var position: [Int64: Int] = [:]
        for (i, r) in sortedRecords.enumerated() { position[r.id] = i }
        let index = BlockIndex(rule: 0, count: sortedRecords.count, groups: [], earlierKeys: [], split: nil,
                               withinNew: false)
        let prepared = prepare(sortedRecords, names: nil, index: index, frequencies: frequencies,
                               fullNameCounts: order.map { fullNameCounts[$0] })
        let indexed = links.map { (pair: LinkConsistency.Pair(position[$0.a]!, position[$0.b]!), weight: $0.weight) }
        let changes = consistencyChanges(links: indexed, prepared) { a, b in sortedNew[a] || sortedNew[b] }
        return LinkChanges(demoted: changes.demoted.map { LinkChanges.Key(sortedRecords[$0.a].id, sortedRecords[$0.b].id) },
                           added: changes.added.map(\.scored))
    }

    /// Records prepared with a given index and the run's name counts; names worked out
    /// where not given.
    func prepare(_ records: [PersonRecord], names known: [NameForms?]?, index: BlockIndex, frequencies: NameFrequencies,
                 fullNameCounts: [Int]) -> Prepared {
        let names = Parallel.array(records.count) { known?[$0] ?? NameForms(records[$0].fullName) }
        var counts: [String: Int] = [:]
        for (i, forms) in names.enumerated() where fullNameCounts[i] > 0 { counts[forms.folded] = fullNameCounts[i] }
        let tf = useTermFrequency ? TermFrequencyAdjustment(frequencies: frequencies, fullNameCounts: counts) : nil
        return Prepared(records: records, names: names, compact: CompactRecords(records, names: names), termFrequency: tf,
                        index: index)
    }
}

/// Links made consistent: which links go to review and which pairs are linked through a
/// third record (``Matcher/consistencyChanges(links:records:isNew:fullNameCounts:frequencies:)``).
public struct LinkChanges: Sendable {
    /// Two record ids, the smaller first: a pair whichever way it was scored.
    public struct Key: Hashable, Sendable {
        public let a: Int64, b: Int64
        public init(_ x: Int64, _ y: Int64) { (a, b) = (min(x, y), max(x, y)) }
    }

    /// Links sent to review (``LinkConsistency/conflictNote``).
    public var demoted: [Key]
    /// Pairs linked through a third record, scored in full (decision link,
    /// ``LinkConsistency/transitiveNote``); some may be among the pairs kept for review.
    public var added: [ScoredPair]

    public init(demoted: [Key], added: [ScoredPair]) {
        self.demoted = demoted
        self.added = added
    }
}
