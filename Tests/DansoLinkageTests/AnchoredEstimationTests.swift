import DansoDomain
import Testing
@testable import DansoLinkage

@Suite("Anchored estimation")
struct AnchoredEstimationTests {
    /// Candidate pairs of a synthetic province with known duplicates, counted by pattern.
    struct Fixture {
        var province = SyntheticProvince(seed: 2025)
        var patterns: [(levels: UInt64, count: Double)] = []
        var truePairs = 0

        init() {
            province.addPeople(6000)
            var rng = SplitMix64(seed: 7)
            for _ in 0..<600 { province.addDuplicate(of: rng.below(6000)) }
            let records = province.records
            let names = records.map { NameForms($0.fullName) }
            var counts: [UInt64: Double] = [:]
            for (i, j) in CandidatePairs.generate(records, rules: BlockingRule.defaults).pairs {
                counts[Comparisons.packedCompare(records[Int(i)], records[Int(j)], names[Int(i)], names[Int(j)]), default: 0] += 1
            }
            patterns = counts.sorted { $0.key < $1.key }.map { (levels: $0.key, count: $0.value) }
            truePairs = province.truePairs.count
        }
    }

    static let fixture = Fixture()

    @Test func equalPersonalNumbersAnchorTheOtherFields() {
        let f = Self.fixture
        let u = ExpectationMaximisation.estimateU(f.province.records, samplePairs: 50_000, seed: 3)
        let model = AnchoredEstimation.estimate(patterns: f.patterns, u: u, start: .defaults)
        #expect(model.fitsComparisonLevels)
        for field in ComparisonField.allCases {
            #expect(abs(model.m[field]!.reduce(0, +) - 1) < 1e-9, "\(field)")
        }
        // One person's records agree on sex and mostly on name and birth date; a personal
        // number that is known twice is mostly equal.
        #expect(model.m[.sex]![0] > 0.95)
        #expect(model.m[.name]![NameLevel.exactTone.rawValue.asInt] > 0.4)
        #expect(model.m[.name]![NameLevel.different.rawValue.asInt] < 0.1)
        #expect(model.m[.birthDate]![BirthDateLevel.exact.rawValue.asInt] > 0.5)
        let number = model.m[.personalNumber]!
        let known = number[0...Int(PersonalNumberLevel.different.rawValue)].reduce(0, +)
        #expect(number[PersonalNumberLevel.equal.rawValue.asInt] > 0.5 * known)
        // Context fields never weigh more than the defaults allow.
        for field in AnchoredEstimation.contextFields {
            #expect(model.u[field]![0] >= LinkageModel.defaults.u[field]![0])
        }
        // Deterministic.
        #expect(AnchoredEstimation.estimate(patterns: f.patterns, u: u, start: .defaults) == model)
    }

    /// Levels packed a byte a field (name lowest), as ``ComparisonVector`` packs them.
    static func packed(_ levels: [UInt8]) -> UInt64 {
        levels.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    @Test func missingNumbersAreSharedOutByEM() {
        // 100 evident matches (name, date, sex, household, commune, mother all equal): 30 with
        // one number missing, 70 with equal numbers; a million evident non-matches, numbers
        // missing on both sides. The matches' shares: oneMissing 30/100, bothMissing about 0.
        let oneMissing = Self.packed([0, PersonalNumberLevel.oneMissing.rawValue, 0, 0, 0, 0, 0])
        let equal = Self.packed([0, 0, 0, 0, 0, 0, 0])
        let strangers = Self.packed([7, PersonalNumberLevel.bothMissing.rawValue, 6, 1, 1, 1, 2])
        let patterns: [(levels: UInt64, count: Double)] = [(equal, 70), (oneMissing, 30), (strangers, 1_000_000)]
        let start = LinkageModel.defaults
        let model = AnchoredEstimation.estimateMissingNumbers(patterns: patterns, model: start, recordCount: 2000)
        let m = model.m[.personalNumber]!, m0 = start.m[.personalNumber]!
        #expect(abs(m[PersonalNumberLevel.oneMissing.rawValue.asInt] - 0.3) < 1e-3)
        #expect(m[PersonalNumberLevel.bothMissing.rawValue.asInt] < 1e-3)
        #expect(abs(m.reduce(0, +) - 1) < 1e-9)
        // The levels with both numbers known keep their proportions.
        #expect(abs(m[1] / m[0] - m0[1] / m0[0]) < 1e-9)
        // Only the number's m moves.
        #expect(model.m[.name] == start.m[.name] && model.u == start.u)
    }

    @Test func priorIsTheShareOfAllPairsThatAreOnePerson() {
        let f = Self.fixture
        let u = ExpectationMaximisation.estimateU(f.province.records, samplePairs: 50_000, seed: 3)
        let model = AnchoredEstimation.estimate(patterns: f.patterns, u: u, start: .defaults)
        let n = Double(f.province.records.count)
        let truth = Double(f.truePairs) / (n * (n - 1) / 2)
        let estimated = AnchoredEstimation.estimatePrior(patterns: f.patterns, model: model, recordCount: f.province.records.count)
        #expect(estimated > truth / 2 && estimated < truth * 2, "λ \(estimated) vs \(truth)")
        // Whatever it starts from.
        var far = model
        far.prior = 1e-3
        let again = AnchoredEstimation.estimatePrior(patterns: f.patterns, model: far, recordCount: f.province.records.count)
        #expect(abs(again - estimated) < estimated * 0.01)
    }

    @Test func smoothingKeepsUnseenLevelsAboveZero() {
        let m = AnchoredEstimation.smoothed([(0, 90), (1, 10)], .sex, .defaults, 20)
        #expect(m.allSatisfy { $0 > 0 })
        #expect(abs(m[0] - (90 + 20 * 0.98) / 120) < 1e-12)
    }

    @Test func storedModelsOfOtherLevelsAreNotUsed() {
        var old = LinkageModel.defaults
        old.m[.name]!.removeLast()
        old.u[.name]!.removeLast()
        #expect(!old.fitsComparisonLevels)
        #expect(LinkageModel.defaults.fitsComparisonLevels)
    }
}
