import DansoDomain
import DansoLinkage
import Testing

/// Matching run by run, with the blocks found elsewhere (as PostgreSQL finds them for the
/// register), gives what matching the whole set in memory gives.
@Suite("Block runs")
struct BlockRunTests {
    /// What the database side of a streamed run does, here in memory: each rule's keys
    /// hashed, blocks without a new record or over the cap left out, records sorted by key
    /// then id, and cut into runs of about `runSize` records at block boundaries.
    static func runs(_ records: [PersonRecord], isNew: [Bool], matcher: Matcher, runSize: Int) -> [BlockRun] {
        let names = records.map { NameForms($0.fullName) }
        var counts: [String: Int] = [:]
        for forms in names where forms.countsByWholeName { counts[forms.folded, default: 0] += 1 }
        let keys = matcher.rules.map { rule in records.indices.map { rule.hashedKey(records[$0], names[$0]) } }
        let kept: [[Int64?]] = keys.map { ruleKeys in
            var members: [Int64: (count: Int, new: Int)] = [:]
            for (i, key) in ruleKeys.enumerated() {
                guard let key else { continue }
                members[key, default: (0, 0)].count += 1
                if isNew[i] { members[key]!.new += 1 }
            }
            return ruleKeys.map { key in
                guard let key, let m = members[key] else { return nil }
                let pairs = m.new * (m.count - m.new) + m.new * (m.new - 1) / 2
                return pairs > 0 && pairs <= matcher.pairCap ? key : nil
            }
        }
        var runs: [BlockRun] = []
        for rule in matcher.rules.indices {
            let sorted = records.indices.filter { kept[rule][$0] != nil }.sorted {
                (kept[rule][$0]!, isNew[$0] ? 0 : 1, records[$0].id) < (kept[rule][$1]!, isNew[$1] ? 0 : 1, records[$1].id)
            }
            var run = BlockRun(rule: rule)
            var start = 0
            while start < sorted.count {
                var end = start + 1
                while end < sorted.count, kept[rule][sorted[end]] == kept[rule][sorted[start]] { end += 1 }
                run.append(block: sorted[start..<end].map { i in
                    BlockRun.Member(record: records[i], isNew: isNew[i], earlierKeys: (0..<rule).map { kept[$0][i] },
                                    fullNameCount: names[i].countsByWholeName ? counts[names[i].folded]! : 0)
                })
                if run.count >= runSize {
                    runs.append(run)
                    run = BlockRun(rule: rule)
                }
                start = end
            }
            if !run.isEmpty { runs.append(run) }
        }
        return runs
    }

    /// Scores `runs`, then makes the links consistent over the records of the pairs found.
    static func streamed(_ records: [PersonRecord], isNew: [Bool], matcher: Matcher, runSize: Int) -> LinkageResult {
        let frequencies = NameFrequencies(names: records.map { NameForms($0.fullName) })
        var pairs: [ScoredPair] = []
        var compared = 0
        for run in runs(records, isNew: isNew, matcher: matcher, runSize: runSize) {
            let result = matcher.score(run, frequencies: frequencies)
            pairs += result.pairs
            compared += result.compared
        }
        let ids = Set(pairs.filter { $0.decision == .link }.flatMap { [$0.a, $0.b] })
        let involved = records.indices.filter { ids.contains(records[$0].id) }
        let names = records.map { NameForms($0.fullName) }
        var counts: [String: Int] = [:]
        for forms in names where forms.countsByWholeName { counts[forms.folded, default: 0] += 1 }
        pairs = matcher.makeConsistent(pairs, records: involved.map { records[$0] }, isNew: involved.map { isNew[$0] },
                                       fullNameCounts: involved.map { names[$0].countsByWholeName ? counts[names[$0].folded]! : 0 },
                                       frequencies: frequencies)
        return LinkageResult(pairs: pairs, compared: compared, skippedBlocks: 0)
    }

    static func province() -> [PersonRecord] {
        var province = SyntheticProvince(seed: 31)
        province.addPeople(6000)
        var rng = SplitMix64(seed: 4)
        for _ in 0..<300 { province.addDuplicate(of: rng.below(6000)) }
        return province.records
    }

    static func summary(_ result: LinkageResult) -> [String] {
        result.pairs.map { "\($0.a)-\($0.b) \($0.decision) \($0.rule ?? "") \(($0.score.weight * 1e9).rounded())" }
    }

    @Test(arguments: [50, 700, 100_000])
    func everyRecordNewGivesWhatTheWholeSetGives(runSize: Int) {
        let records = Self.province()
        let matcher = Matcher(model: .defaults, thresholds: .defaults, maxBlockSize: 3)
        let whole = matcher.scoreAll(records)
        let streamed = Self.streamed(records, isNew: records.map { _ in true }, matcher: matcher, runSize: runSize)
        #expect(whole.skippedBlocks > 0)   // the cap is reached, and left out the same way
        #expect(streamed.compared == whole.compared)
        #expect(Self.summary(streamed) == Self.summary(whole))
        #expect(whole.pairs.contains { $0.rule == LinkConsistency.transitiveNote || $0.rule == LinkConsistency.conflictNote })
    }

    /// New records against existing ones and each other: the pairs of the two in-memory
    /// passes (new × existing, new × new), as one.
    @Test func newRecordsMeetTheExistingAndEachOther() {
        let records = Self.province()
        let matcher = Matcher(model: .defaults, thresholds: .defaults, resolvesConflicts: false)
        let isNew = records.indices.map { $0 % 3 == 0 }
        let new = records.indices.filter { isNew[$0] }.map { records[$0] }
        let existing = records.indices.filter { !isNew[$0] }.map { records[$0] }
        var both = matcher.score(new: new, against: existing).pairs + matcher.scoreAll(new).pairs
        both.sort { ($0.a, $0.b) < ($1.a, $1.b) }
        var streamed = Self.streamed(records, isNew: isNew, matcher: matcher, runSize: 300).pairs
        streamed.sort { ($0.a, $0.b) < ($1.a, $1.b) }
        #expect(streamed.map { "\($0.a)-\($0.b) \($0.decision)" } == both.map { "\($0.a)-\($0.b) \($0.decision)" })
        let newIDs = Set(new.map(\.id))
        #expect(streamed.allSatisfy { newIDs.contains($0.a) })
    }
}
