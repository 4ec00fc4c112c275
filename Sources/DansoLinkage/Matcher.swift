/// The whole run: block, compare, score, decide.
///
/// Names are worked out once per record and every field turned into numbers (interned ids),
/// so that comparing a pair touches no string; pairs are scored from a table of level
/// weights, and only those at or above the review threshold are kept, with their full
/// explanation. Blocks are shared among the machine's cores in fixed chunks, so a run's
/// output does not depend on scheduling. 1.2 million synthetic records (14 million
/// candidate pairs) take about 6 s of CPU and 0.5 GB beside the records themselves.
///
/// - Important: the calling thread waits while Dispatch's workers run (CPU-bound work).
public struct Matcher: Sendable {
    public var model: LinkageModel
    public var thresholds: MatchThresholds
    public var rules: [BlockingRule]
    /// Blocks larger than this are skipped (see ``CandidatePairs``).
    public var maxBlockSize: Int
    /// Whether agreeing names weigh by how common they are (``TermFrequencyAdjustment``,
    /// counted over the records of the run).
    public var useTermFrequency: Bool

    /// Whether links are made consistent where a record links to two others
    /// (``LinkConsistency``): a conflicting link goes to review, a triangle is closed.
    public var resolvesConflicts: Bool

    public init(model: LinkageModel, thresholds: MatchThresholds, rules: [BlockingRule] = BlockingRule.defaults,
                maxBlockSize: Int = 500, useTermFrequency: Bool = true, resolvesConflicts: Bool = true) {
        precondition(rules.dropLast().allSatisfy { $0.anchor == nil }, "an anchored blocking rule must come last")
        self.model = model
        self.thresholds = thresholds
        self.rules = rules
        self.maxBlockSize = maxBlockSize
        self.useTermFrequency = useTermFrequency
        self.resolvesConflicts = resolvesConflicts
    }

    /// Duplicates within one set of records.
    public func scoreAll(_ records: [PersonRecord]) -> LinkageResult {
        score(prepare(records, split: nil))
    }

    /// New records (a register just read, slips' subjects) against existing ones; pairs
    /// within either set are not made.
    public func score(new: [PersonRecord], against existing: [PersonRecord]) -> LinkageResult {
        score(prepare(new + existing, split: new.count))
    }

    /// Records with their names worked out, turned into numbers and blocked: what both
    /// counting patterns (to estimate a model) and scoring need, made once.
    public struct Prepared: Sendable {
        let records: [PersonRecord]
        let names: [NameForms]
        let compact: CompactRecords
        let termFrequency: TermFrequencyAdjustment?
        /// Per record, the term-frequency weight of its whole name (name levels `exactTone`,
        /// `exactFolded`) and of its given × family names (`sameGivenAndFamily`).
        let fullNameWeight: [Double]
        let termFrequencyWeight: [Double]
        let index: BlockIndex
        /// The number of records.
        public var count: Int { records.count }

        init(records: [PersonRecord], names: [NameForms], compact: CompactRecords,
             termFrequency tf: TermFrequencyAdjustment?, index: BlockIndex) {
            self.records = records
            self.names = names
            self.compact = compact
            termFrequency = tf
            termFrequencyWeight = tf.map { tf in Parallel.array(records.count) { tf.log2Adjustment(names[$0]) } } ?? []
            fullNameWeight = tf.map { tf in Parallel.array(records.count) { tf.log2FullNameAdjustment(names[$0]) } } ?? []
            self.index = index
        }
    }

    /// Prepares `records` for ``patternCounts(_:)`` and ``score(_:)``; with `split`, only
    /// pairs of one record below it and one at or above it are made.
    public func prepare(_ records: [PersonRecord], split: Int? = nil) -> Prepared {
        precondition(records.count < Int(Int32.max), "record indices are 32-bit")
        let names = Parallel.array(records.count) { NameForms(records[$0].fullName) }
        let compact = CompactRecords(records, names: names)
        let tf = useTermFrequency ? TermFrequencyAdjustment(names: names) : nil
        let index = BlockIndex(records: records, names: names, rules: rules, split: split, maxBlockSize: maxBlockSize)
        return Prepared(records: records, names: names, compact: compact, termFrequency: tf, index: index)
    }

    /// How many candidate pairs reach each comparison pattern (``ComparisonVector/packed``),
    /// counted on every core: what ``AnchoredEstimation`` estimates a model from.
    public func patternCounts(_ prepared: Prepared) -> [(levels: UInt64, count: Double)] {
        let records = prepared.records, names = prepared.names, index = prepared.index
        let chunks = Self.chunks(index)
        let counts = Parallel.map(chunks.count) { c -> [UInt64: Double] in
            var counts: [UInt64: Double] = [:]
            index.withView { view in
                CompactComparison.withTables(prepared.compact) { comparison in
                    for blockID in chunks[c] {
                        view.forEachPair(in: index.blocks[blockID]) { a, b in
                            let levels = comparison.isUnusual(Int(a), Int(b))
                                ? Comparisons.packedCompare(records[Int(a)], records[Int(b)], names[Int(a)], names[Int(b)])
                                : comparison.packed(Int(a), Int(b))
                            counts[levels, default: 0] += 1
                        }
                    }
                }
            }
            return counts
        }
        var total: [UInt64: Double] = [:]
        for chunk in counts { total.merge(chunk, uniquingKeysWith: +) }
        return total.sorted { $0.key < $1.key }.map { (levels: $0.key, count: $0.value) }
    }

    /// A kept pair before its score is written out.
    private struct Kept {
        var a: Int32, b: Int32, levels: UInt64
    }

    /// Blocks, compares and scores prepared records.
    public func score(_ prepared: Prepared) -> LinkageResult {
        let records = prepared.records, names = prepared.names, index = prepared.index
        let tfWeight = prepared.termFrequencyWeight, fullWeight = prepared.fullNameWeight
        let table = model.weightTable()
        let prior = model.priorWeight
        let review = thresholds.review
        let nameAgrees = UInt64(NameLevel.sameGivenAndFamily.rawValue)
        let wholeNameAgrees = UInt64(NameLevel.exactFolded.rawValue)
        let nameSimilar = UInt64(NameLevel.similar.rawValue)

        let chunks = Self.chunks(index)
        let outputs = Parallel.map(chunks.count) { c -> (kept: [Kept], compared: Int) in
            var kept: [Kept] = []
            var compared = 0
            index.withView { view in
                CompactComparison.withTables(prepared.compact) { comparison in
                    table.withUnsafeBufferPointer { table in
                        tfWeight.withUnsafeBufferPointer { tfWeight in fullWeight.withUnsafeBufferPointer { fullWeight in
                            for blockID in chunks[c] {
                                view.forEachPair(in: index.blocks[blockID]) { a, b in
                                    compared += 1
                                    let levels = comparison.isUnusual(Int(a), Int(b))
                                        ? Comparisons.packedCompare(records[Int(a)], records[Int(b)], names[Int(a)], names[Int(b)])
                                        : comparison.packed(Int(a), Int(b))
                                    // Summed in LinkageModel.weight's order, so both give the same number.
                                    var w = prior
                                    var nameWeight = table[Int(levels & 0xFF)]
                                    if !tfWeight.isEmpty, levels & 0xFF <= nameAgrees {
                                        nameWeight += levels & 0xFF <= wholeNameAgrees ? fullWeight[Int(a)] : tfWeight[Int(a)]
                                    } else if !tfWeight.isEmpty, levels & 0xFF == nameSimilar {
                                        nameWeight += min(0, max(fullWeight[Int(a)], fullWeight[Int(b)]))
                                    }
                                    if TwinRule.applies(levels) { nameWeight += TwinRule.weight }
                                    w += nameWeight
                                    for f in 1..<7 { w += table[8 * f + Int((levels >> (8 * UInt64(f))) & 0xFF)] }
                                    if w >= review { kept.append(Kept(a: a, b: b, levels: levels)) }
                                }
                            }
                        }}
                    }
                }
            }
            return (kept, compared)
        }

        var pairs: [ScoredPair] = []
        var indices: [LinkConsistency.Pair] = []
        for output in outputs {
            for k in output.kept {
                pairs.append(Self.scored(prepared, Int(k.a), Int(k.b), k.levels, model: model, thresholds: thresholds))
                indices.append(LinkConsistency.Pair(Int(k.a), Int(k.b)))
            }
        }
        if resolvesConflicts {
            makeConsistent(&pairs, indices: indices, prepared) { a, b in
                guard let split = index.split else { return true }
                return (a < split) != (b < split)
            }
        }
        pairs.sort(by: Self.strongestFirst)
        var byRule: [String: Int] = [:]
        for (r, count) in index.skipped.enumerated() where count > 0 { byRule[rules[r].name, default: 0] += count }
        return LinkageResult(pairs: pairs, compared: outputs.reduce(0) { $0 + $1.compared },
                             skippedBlocks: index.skipped.reduce(0, +), skippedBlocksByRule: byRule)
    }

    /// A kept pair of prepared records scored in full, with its explanation.
    static func scored(_ prepared: Prepared, _ a: Int, _ b: Int, _ levels: UInt64, model: LinkageModel,
                       thresholds: MatchThresholds) -> ScoredPair {
        let agreed = AgreedName.agreed(prepared.names[a], prepared.names[b], level: UInt8(truncatingIfNeeded: levels))
        let vector = ComparisonVector(packed: levels, agreedName: agreed)
        let score = model.weight(vector, termFrequency: prepared.termFrequency)
        return ScoredPair(a: prepared.records[a].id, b: prepared.records[b].id, score: score, vector: vector,
                          decision: thresholds.decide(score.weight))
    }

    /// Applies ``LinkConsistency`` to `pairs` (prepared record indices in `indices`): a
    /// conflicting link goes to review, a pair linked through a third record is linked
    /// (and joins the pairs when it was below the review threshold).
    func makeConsistent(_ pairs: inout [ScoredPair], indices: [LinkConsistency.Pair], _ prepared: Prepared,
                        mayLink: (Int, Int) -> Bool) {
        let links = pairs.indices.filter { pairs[$0].decision == .link }.map { (pair: indices[$0], weight: pairs[$0].score.weight) }
        let changes = consistencyChanges(links: links, prepared, mayLink: mayLink)
        Self.apply(demoted: changes.demoted, added: changes.added, to: &pairs, keys: indices)
    }

    /// Applies consistency changes to `pairs`, whose keys are `keys` (one per pair): a
    /// conflicting link goes to review; a pair linked through a third record is linked when
    /// kept (for review), and joins the pairs, as scored, when it was below the threshold.
    static func apply<Key: Hashable>(demoted: [Key], added: [(pair: Key, scored: ScoredPair)], to pairs: inout [ScoredPair],
                                     keys: [Key]) {
        var position: [Key: Int] = [:]
        for (i, key) in keys.enumerated() { position[key] = i }
        for key in demoted {
            pairs[position[key]!].decision = .review
            pairs[position[key]!].rule = LinkConsistency.conflictNote
        }
        for a in added {
            if let i = position[a.pair] {
                pairs[i].decision = .link
                pairs[i].rule = LinkConsistency.transitiveNote
            } else {
                pairs.append(a.scored)
            }
        }
    }

    /// What ``LinkConsistency`` changes among `links` (prepared record indices and weights):
    /// the links sent to review, and the pairs linked through a third record, scored in
    /// full (decision link, rule ``LinkConsistency/transitiveNote``).
    func consistencyChanges(links: [(pair: LinkConsistency.Pair, weight: Double)], _ prepared: Prepared,
                            mayLink: (Int, Int) -> Bool) -> (demoted: [LinkConsistency.Pair],
                                                            added: [(pair: LinkConsistency.Pair, scored: ScoredPair)]) {
        let records = prepared.records, names = prepared.names
        let model = model, thresholds = thresholds
        return CompactComparison.withTables(prepared.compact) { comparison in
            func scored(_ a: Int, _ b: Int) -> ScoredPair {
                let levels = comparison.isUnusual(a, b) ? Comparisons.packedCompare(records[a], records[b], names[a], names[b])
                    : comparison.packed(a, b)
                return Self.scored(prepared, a, b, levels, model: model, thresholds: thresholds)
            }
            let changes = LinkConsistency.resolve(links: links, mayLink: mayLink) { a, b in scored(a, b).score.weight }
            return (changes.demoted, changes.added.map { p in
                var pair = scored(p.a, p.b)
                pair.decision = .link
                pair.rule = LinkConsistency.transitiveNote
                return (p, pair)
            })
        }
    }

    /// Strongest first, ties by `a`, then `b`: the order of ``LinkageResult/pairs``.
    static func strongestFirst(_ x: ScoredPair, _ y: ScoredPair) -> Bool {
        if x.score.weight != y.score.weight { return x.score.weight > y.score.weight }
        return x.a != y.a ? x.a < y.a : x.b < y.b
    }

    /// Blocks cut into runs of about equal work, several per core so that a slow run
    /// does not leave a core idle.
    private static func chunks(_ index: BlockIndex) -> [[Int]] {
        let total = index.blocks.reduce(0) { $0 + index.pairCount($1) }
        let target = max(20_000, total / 32)
        var chunks: [[Int]] = []
        var current: [Int] = []
        var work = 0
        for (b, block) in index.blocks.enumerated() {
            current.append(b)
            work += index.pairCount(block)
            if work >= target {
                chunks.append(current)
                current = []
                work = 0
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }
}
