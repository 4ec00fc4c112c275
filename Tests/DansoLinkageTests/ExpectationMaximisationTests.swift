import DansoDomain
import Testing
import DansoLinkage

@Suite("Expectation–maximisation")
struct ExpectationMaximisationTests {
    /// A synthetic province with known duplicates, the vectors of every true pair and of
    /// random pairs of different people, and the true m (level shares among true pairs).
    struct Fixture {
        var province: SyntheticProvince
        var vectors: [ComparisonVector] = []
        var trueM: [ComparisonField: [Double]] = [:]
        var matches = 0

        init() {
            province = SyntheticProvince(seed: 2024)
            province.addPeople(4000)
            var rng = SplitMix64(seed: 99)
            for _ in 0..<800 { province.addDuplicate(of: rng.below(4000)) }
            let records = province.records
            let names = records.map { NameForms($0.fullName) }
            var counts: [ComparisonField: [Double]] = [:]
            for (a, b) in province.truePairs {
                let v = Comparisons.compare(records[a], records[b], names: (names[a], names[b]))
                vectors.append(v)
                for field in ComparisonField.allCases where !v.isNull(field) {
                    counts[field, default: [Double](repeating: 0, count: field.weightedLevelCount)][Int(v[field])] += 1
                }
            }
            matches = vectors.count
            for (field, c) in counts { trueM[field] = c.map { $0 / c.reduce(0, +) } }
            // Random pairs of different people: what blocking would add, without its bias.
            var added = 0
            while added < 30_000 {
                let a = rng.below(records.count), b = rng.below(records.count)
                guard province.person[a] != province.person[b] else { continue }
                vectors.append(Comparisons.compare(records[a], records[b], names: (names[a], names[b])))
                added += 1
            }
        }
    }

    static let fixture = Fixture()

    @Test func uFromRandomPairsIsDeterministicAndNormalised() {
        let records = Self.fixture.province.records
        let u = ExpectationMaximisation.estimateU(records, samplePairs: 20_000, seed: 11)
        #expect(u == ExpectationMaximisation.estimateU(records, samplePairs: 20_000, seed: 11))
        #expect(u != ExpectationMaximisation.estimateU(records, samplePairs: 20_000, seed: 12))
        let names = records.map { NameForms($0.fullName) }
        #expect(u == ExpectationMaximisation.estimateU(records, names: names, samplePairs: 20_000, seed: 11))
        for field in ComparisonField.allCases {
            let values = u[field]!
            #expect(values.count == field.weightedLevelCount)
            #expect(abs(values.reduce(0, +) - 1) < 1e-9)
            #expect(values.allSatisfy { $0 > 0 })   // never 0: no level weighs +∞
        }
        // Strangers mostly disagree; about half share a sex.
        #expect(u[.name]![NameLevel.different.rawValue.asInt] > 0.9)
        #expect(abs(u[.sex]![0] - 0.5) < 0.03)
        #expect(u[.personalNumber]![0] < 0.001)
    }

    @Test func emRecoversTrueM() {
        let f = Self.fixture
        let u = ExpectationMaximisation.estimateU(f.province.records, samplePairs: 60_000, seed: 5)
        // Start far from the truth: m halfway to uniform, the prior ten times too high.
        var start = LinkageModel(prior: 0.3, m: [:], u: u)
        for field in ComparisonField.allCases {
            let k = Double(field.weightedLevelCount)
            start.m[field] = f.trueM[field]!.map { 0.5 * $0 + 0.5 / k }
        }
        let model = ExpectationMaximisation.estimate(vectors: f.vectors, start: start, iterations: 50)
        #expect(model.u == u)   // fixU
        for field: ComparisonField in [.name, .personalNumber, .birthDate, .sex, .household, .commune, .mother] {
            let estimated = model.m[field]!, truth = f.trueM[field]!
            let worst = zip(estimated, truth).map { abs($0 - $1) }.max()!
            #expect(worst < 0.05, "\(field): \(estimated) vs \(truth)")
        }
        let trueLambda = Double(f.matches) / Double(f.vectors.count)
        #expect(abs(model.prior - trueLambda) < 0.01, "λ \(model.prior) vs \(trueLambda)")
        // Deterministic.
        #expect(ExpectationMaximisation.estimate(vectors: f.vectors, start: start, iterations: 50) == model)
    }

    @Test func countedPatternsGiveTheSameModel() {
        let f = Self.fixture
        var counts: [[UInt8]: Double] = [:]
        for v in f.vectors { counts[v.levels, default: 0] += 1 }
        let weighted = counts.map { (ComparisonVector(levels: $0.key), $0.value) }
        let start = LinkageModel.defaults
        #expect(ExpectationMaximisation.estimate(weighted: weighted, start: start)
                == ExpectationMaximisation.estimate(vectors: f.vectors, start: start))
    }

    @Test func emFromTheDefaultsAlsoConverges() {
        let f = Self.fixture
        var start = LinkageModel.defaults
        start.u = ExpectationMaximisation.estimateU(f.province.records, samplePairs: 60_000, seed: 5)
        start.prior = 0.01
        let model = ExpectationMaximisation.estimate(vectors: f.vectors, start: start, iterations: 100)
        for field: ComparisonField in [.name, .birthDate, .sex, .household] {
            let worst = zip(model.m[field]!, f.trueM[field]!).map { abs($0 - $1) }.max()!
            #expect(worst < 0.05, "\(field)")
        }
    }

    @Test func emWithFreeU() {
        let f = Self.fixture
        let start = LinkageModel.defaults
        let model = ExpectationMaximisation.estimate(vectors: f.vectors, start: start, iterations: 100, fixU: false)
        for field in ComparisonField.allCases {
            #expect(abs(model.u[field]!.reduce(0, +) - 1) < 1e-9)
            #expect(abs(model.m[field]!.reduce(0, +) - 1) < 1e-9)
        }
        // Strangers disagree on names; EM puts that in u, not m.
        #expect(model.u[.name]![NameLevel.different.rawValue.asInt] > 0.8)
        #expect(model.m[.name]![0] > 0.5)
    }

    @Test func emptyInputKeepsTheStart() {
        let model = ExpectationMaximisation.estimate(vectors: [], start: .defaults)
        #expect(model == .defaults)
    }
}

extension UInt8 {
    var asInt: Int { Int(self) }
}
