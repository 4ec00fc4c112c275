import DansoDomain
import Testing
import DansoLinkage

@Suite("Scale")
struct ScaleTests {
    /// Blocking keeps the work near-linear: the number of candidate pairs of 100,000 people
    /// (with 2% entered twice) stays a small multiple of the number of records.
    @Test func candidatePairsOf100kRecordsAreNearLinear() {
        var province = SyntheticProvince(seed: 100)
        province.addPeople(98_000)
        var rng = SplitMix64(seed: 8)
        for _ in 0..<2_000 { province.addDuplicate(of: rng.below(98_000)) }
        let records = province.records
        #expect(records.count == 100_000)
        let result = CandidatePairs.generate(records, rules: BlockingRule.defaults)
        #expect(result.pairs.count == result.compared)
        #expect(result.pairs.count < 20 * records.count, "\(result.pairs.count) pairs")
        #expect(result.skippedBlocks == 0)
        // Blocking loses few true pairs.
        let candidates = Set(result.pairs.map { Int64($0.0) << 32 | Int64($0.1) })
        let truth = province.truePairs
        let caught = truth.filter { candidates.contains(Int64($0.0) << 32 | Int64($0.1)) }.count
        #expect(Double(caught) > 0.95 * Double(truth.count), "\(caught) of \(truth.count)")
    }
}
