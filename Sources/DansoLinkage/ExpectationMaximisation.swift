import DansoDomain
import Foundation

/// Estimating a ``LinkageModel`` from data, as Splink does: u from random pairs (almost all
/// of which are two different people), then m and λ by expectation–maximisation over the
/// comparison vectors of candidate pairs.
///
/// Deterministic: the same records, seed and vectors give the same model on every run.
public enum ExpectationMaximisation {
    /// u per field from `samplePairs` random pairs of distinct records (SplitMix64 from `seed`).
    ///
    /// A level never seen among the sample counts as half a pair, so that no u is 0 (which
    /// would weigh +∞); a field never known on both sides keeps the default u.
    public static func estimateU(_ records: [PersonRecord], samplePairs: Int, seed: UInt64) -> [ComparisonField: [Double]] {
        var cache: [Int: NameForms] = [:]
        return estimateU(records, samplePairs: samplePairs, seed: seed) { i in
            if let forms = cache[i] { return forms }
            let forms = NameForms(records[i].fullName)
            cache[i] = forms
            return forms
        }
    }

    /// The same with the names already worked out (`names[i]` for `records[i]`).
    public static func estimateU(_ records: [PersonRecord], names: [NameForms], samplePairs: Int,
                                 seed: UInt64) -> [ComparisonField: [Double]] {
        precondition(names.count == records.count, "one NameForms per record")
        return estimateU(records, samplePairs: samplePairs, seed: seed) { names[$0] }
    }

    private static func estimateU(_ records: [PersonRecord], samplePairs: Int, seed: UInt64,
                                  names: (Int) -> NameForms) -> [ComparisonField: [Double]] {
        estimateU(count: records.count, samplePairs: samplePairs, seed: seed) { i, j in
            Comparisons.packedCompare(records[i], records[j], names(i), names(j))
        }
    }

    /// The same from prepared records, compared on their interned tables (the same levels,
    /// without copying a record or a name per pair).
    static func estimateU(_ prepared: Matcher.Prepared, samplePairs: Int, seed: UInt64) -> [ComparisonField: [Double]] {
        CompactComparison.withTables(prepared.compact) { comparison in
            estimateU(count: prepared.count, samplePairs: samplePairs, seed: seed) { i, j in
                comparison.isUnusual(i, j)
                    ? Comparisons.packedCompare(prepared.records[i], prepared.records[j], prepared.names[i], prepared.names[j])
                    : comparison.packed(i, j)
            }
        }
    }

    private static func estimateU(count: Int, samplePairs: Int, seed: UInt64,
                                  packed compare: (Int, Int) -> UInt64) -> [ComparisonField: [Double]] {
        let fields = ComparisonField.allCases
        var counts = fields.map { [Double](repeating: 0, count: $0.weightedLevelCount) }
        if count >= 2 {
            var rng = SplitMix64(seed: seed)
            let n = UInt64(count)
            for _ in 0..<max(0, samplePairs) {
                let i = Int(rng.below(n))
                var j = Int(rng.below(n - 1))
                if j >= i { j += 1 }
                let packed = compare(i, j)
                for field in fields {
                    let level = Int(UInt8(truncatingIfNeeded: packed >> (8 * UInt64(field.index))))
                    if level < field.weightedLevelCount { counts[field.index][level] += 1 }
                }
            }
        }
        var u: [ComparisonField: [Double]] = [:]
        for field in fields {
            let seen = counts[field.index]
            guard seen.reduce(0, +) > 0 else {
                u[field] = LinkageModel.defaults.u[field]
                continue
            }
            let smoothed = seen.map { $0 == 0 ? 0.5 : $0 }
            let total = smoothed.reduce(0, +)
            u[field] = smoothed.map { $0 / total }
        }
        return u
    }

    /// m (and, unless `fixU`, u) and λ by EM, from `start`, over comparison vectors.
    ///
    /// Vectors are grouped by their levels first (a few thousand patterns however many
    /// pairs), and iteration stops early once no probability moves by more than 10⁻⁹.
    ///
    /// - Important: the returned `prior` is the match rate among `vectors`. Vectors of
    ///   blocked pairs are far likelier matches than random pairs: to score with λ over all
    ///   pairs, keep `start.prior` (`model.prior = start.prior`). Fields that a blocking rule
    ///   makes agree in every pair say nothing about m there; Splink estimates each field's
    ///   m from the pairs of rules that do not block on it.
    public static func estimate(vectors: [ComparisonVector], start: LinkageModel, iterations: Int = 25,
                                fixU: Bool = true) -> LinkageModel {
        estimate(weighted: vectors.map { ($0, 1) }, start: start, iterations: iterations, fixU: fixU)
    }

    /// The same over vectors already counted (one entry per pattern, with its number of
    /// pairs), as a caller streaming pairs from a database keeps them.
    public static func estimate(weighted: [(ComparisonVector, Double)], start: LinkageModel, iterations: Int = 25,
                                fixU: Bool = true) -> LinkageModel {
        var counts: [UInt64: Double] = [:]
        for (v, count) in weighted { counts[v.packed, default: 0] += count }
        let patterns = counts.sorted { $0.key < $1.key }
        return estimate(patterns: patterns.map { ($0.key, $0.value) }, start: start, iterations: iterations, fixU: fixU)
    }

    /// EM over (levels, count) patterns.
    static func estimate(patterns: [(levels: UInt64, count: Double)], start: LinkageModel, iterations: Int,
                         fixU: Bool) -> LinkageModel {
        let fields = ComparisonField.allCases
        let floor = LinkageModel.minimumProbability
        var model = start
        for field in fields {
            let k = field.weightedLevelCount
            if model.m[field]?.count != k { model.m[field] = [Double](repeating: 1 / Double(k), count: k) }
            if model.u[field]?.count != k { model.u[field] = LinkageModel.defaults.u[field] }
        }
        let total = patterns.reduce(0) { $0 + $1.count }
        guard total > 0 else { return model }
        // Levels unpacked once.
        let levels: [[Int]] = patterns.map { p in
            fields.map { Int(UInt8(truncatingIfNeeded: p.levels >> (8 * UInt64($0.index)))) }
        }
        for _ in 0..<max(0, iterations) {
            let lambda = min(max(model.prior, floor), 1 - floor)
            let logRatio: [[Double]] = fields.map { field in
                zip(model.m[field]!, model.u[field]!).map { log(max($0, floor)) - log(max($1, floor)) }
            }
            var mSum = fields.map { [Double](repeating: 0, count: $0.weightedLevelCount) }
            var uSum = mSum
            var matchSum = 0.0
            for (p, pattern) in patterns.enumerated() {
                var logit = log(lambda) - log(1 - lambda)
                for f in fields.indices where levels[p][f] < logRatio[f].count {
                    logit += logRatio[f][levels[p][f]]
                }
                let match = 1 / (1 + exp(-logit))
                let matches = pattern.count * match, nonMatches = pattern.count - matches
                matchSum += matches
                for f in fields.indices where levels[p][f] < mSum[f].count {
                    mSum[f][levels[p][f]] += matches
                    uSum[f][levels[p][f]] += nonMatches
                }
            }
            var change = abs(matchSum / total - model.prior)
            model.prior = min(max(matchSum / total, floor), 1 - floor)
            for field in fields {
                let f = field.index
                if let updated = normalised(mSum[f]) {
                    change = max(change, zip(updated, model.m[field]!).map { abs($0 - $1) }.max() ?? 0)
                    model.m[field] = updated
                }
                if !fixU, let updated = normalised(uSum[f]) {
                    change = max(change, zip(updated, model.u[field]!).map { abs($0 - $1) }.max() ?? 0)
                    model.u[field] = updated
                }
            }
            if change < 1e-9 { break }
        }
        return model
    }

    /// The values divided by their sum, nil when the sum is 0 (the field never known).
    private static func normalised(_ values: [Double]) -> [Double]? {
        let sum = values.reduce(0, +)
        guard sum > 0 else { return nil }
        return values.map { $0 / sum }
    }
}
