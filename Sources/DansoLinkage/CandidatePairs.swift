/// Candidate pairs from blocking rules: the union of the rules, each pair once.
///
/// Blocks larger than `maxBlockSize` are skipped and counted: a key shared by thousands of
/// records (a missing-value placeholder, a very common name) would otherwise make the work
/// quadratic, and says too little to be worth it.
public struct CandidatePairs: Sendable {
    /// Pairs of indices into `records` (a < b), in rule order then block order.
    public static func generate(_ records: [PersonRecord], rules: [BlockingRule],
                                maxBlockSize: Int = 500) -> (pairs: [(Int32, Int32)], compared: Int, skippedBlocks: Int) {
        let names = Parallel.array(records.count) { NameForms(records[$0].fullName) }
        let index = BlockIndex(records: records, names: names, rules: rules, split: nil, maxBlockSize: maxBlockSize)
        return collect(index)
    }

    /// Pairs linking two sets: (index into `new`, index into `existing`). Pairs within one
    /// set are not made. A block is skipped when it would compare more pairs than a full
    /// block of `maxBlockSize` records.
    public static func generate(new: [PersonRecord], existing: [PersonRecord], rules: [BlockingRule],
                                maxBlockSize: Int = 500) -> (pairs: [(Int32, Int32)], compared: Int, skippedBlocks: Int) {
        let split = new.count
        let all = new + existing
        let names = Parallel.array(all.count) { NameForms(all[$0].fullName) }
        let index = BlockIndex(records: all, names: names, rules: rules, split: split, maxBlockSize: maxBlockSize)
        var result = collect(index)
        result.pairs = result.pairs.map { ($0.0, $0.1 - Int32(split)) }
        return result
    }

    private static func collect(_ index: BlockIndex) -> (pairs: [(Int32, Int32)], compared: Int, skippedBlocks: Int) {
        var pairs: [(Int32, Int32)] = []
        index.withView { view in
            for block in index.blocks {
                view.forEachPair(in: block) { a, b in pairs.append((a, b)) }
            }
        }
        return (pairs, pairs.count, index.skipped.reduce(0, +))
    }
}
