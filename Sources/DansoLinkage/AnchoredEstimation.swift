import Foundation

/// m estimated from pairs that another field vouches for, as Splink's "EM with blocking
/// rules" does, in one pass each.
///
/// Plain EM over all candidate pairs of a register finds the wrong class: blocks are full
/// of people who share a household, a mother and a family name, and since those fields
/// agree far more often among them than among random pairs (from which u comes), EM takes
/// "lives together" for "is the same person" (on the synthetic province it set m of an equal
/// personal number to 0.02). Anchoring avoids that:
/// - pairs whose personal numbers are equal are one person whatever else they say, so the
///   levels of every other field among them are those fields' m;
/// - the personal number's own m comes from pairs of one household that agree on name,
///   birth date and sex, each counted by how likely it is one person from its other fields.
/// Each level is smoothed toward `start.m` with `smoothing` pseudo-pairs, so a level no
/// anchor pair reached keeps a small share. Fields and levels never seen keep `start`.
public enum AnchoredEstimation {
    /// Household, commune and mother restate one another (and the birth date among twins);
    /// their u from random pairs weighs them as if independent (+17, +6, +19 bits). Their
    /// estimated u is therefore never below the defaults', which allow for that.
    public static let contextFields: [ComparisonField] = [.household, .commune, .mother]

    /// The whole estimate over prepared records: u from `randomPairs` random pairs, m from
    /// the candidate pairs' patterns (counted on every core), λ over all pairs. Returns the
    /// model and the number of candidate pairs.
    public static func estimate(_ prepared: Matcher.Prepared, using matcher: Matcher, start: LinkageModel,
                                randomPairs: Int, seed: UInt64) -> (model: LinkageModel, pairs: Int) {
        let u = ExpectationMaximisation.estimateU(prepared, samplePairs: randomPairs, seed: seed)
        let patterns = matcher.patternCounts(prepared)
        var model = estimate(patterns: patterns, u: u, start: start)
        model.prior = estimatePrior(patterns: patterns, model: model, recordCount: prepared.count)
        model = estimateMissingNumbers(patterns: patterns, model: model, recordCount: prepared.count)
        return (model, Int(patterns.reduce(0) { $0 + $1.count }))
    }

    /// m from `patterns` (levels, number of pairs), u from `u`, λ from `start`.
    public static func estimate(patterns: [(levels: UInt64, count: Double)], u: [ComparisonField: [Double]],
                                start: LinkageModel, smoothing: Double = 20) -> LinkageModel {
        var model = start
        model.u = u
        for field in contextFields {
            guard let estimated = u[field], let floor = LinkageModel.defaults.u[field],
                  estimated.count == floor.count else { continue }
            var adjusted = estimated
            adjusted[0] = max(estimated[0], floor[0])
            adjusted[1] = 1 - adjusted[0]
            model.u[field] = adjusted
        }
        func level(_ packed: UInt64, _ field: ComparisonField) -> Int {
            Int(UInt8(truncatingIfNeeded: packed >> (8 * UInt64(field.index))))
        }
        // Every field but the personal number, from pairs with equal personal numbers.
        let numberEqual = patterns.filter { level($0.levels, .personalNumber) == Int(PersonalNumberLevel.equal.rawValue) }
        for field in ComparisonField.allCases where field != .personalNumber {
            model.m[field] = smoothed(numberEqual.map { (level($0.levels, field), $0.count) }, field, start, smoothing)
        }
        // The personal number, from pairs of one household (or one mother) agreeing on name,
        // birth date and sex, each counted by its probability of being one person from its
        // other fields: outside a household, namesakes born the same day (with two numbers)
        // would make "different numbers" look common among true pairs.
        var numberPairs: [(Int, Double)] = []
        for p in patterns where level(p.levels, .name) <= Int(NameLevel.exactFolded.rawValue)
            && level(p.levels, .birthDate) == Int(BirthDateLevel.exact.rawValue)
            && level(p.levels, .sex) == Int(EqualityLevel.equal.rawValue)
            && (level(p.levels, .household) == Int(EqualityLevel.equal.rawValue)
                || level(p.levels, .mother) == Int(EqualityLevel.equal.rawValue))
            && !TwinRule.applies(p.levels) {
            let w = model.priorWeight + model.evidence(p.levels, without: .personalNumber)
            numberPairs.append((level(p.levels, .personalNumber), p.count * MatchScore.probability(ofWeight: w)))
        }
        model.m[.personalNumber] = smoothed(numberPairs, .personalNumber, start, smoothing)
        return model
    }

    /// λ: the share of all `recordCount × (recordCount − 1) / 2` pairs that are one person,
    /// found by EM on λ alone with m and u held: each round counts the candidate pairs'
    /// expected matches under the last λ. Pairs outside the blocks are taken to be
    /// non-matches (blocking misses few true pairs).
    public static func estimatePrior(patterns: [(levels: UInt64, count: Double)], model: LinkageModel,
                                     recordCount: Int, iterations: Int = 50) -> Double {
        let allPairs = Double(recordCount) * Double(max(recordCount - 1, 0)) / 2
        guard allPairs > 0 else { return model.prior }
        let evidence = patterns.map { (model.evidence($0.levels), $0.count) }
        var prior = model.prior
        for _ in 0..<iterations {
            let priorWeight = log2(prior / (1 - prior))
            let expected = evidence.reduce(0.0) { $0 + $1.1 * MatchScore.probability(ofWeight: $1.0 + priorWeight) }
            let next = min(max(expected / allPairs, LinkageModel.minimumProbability), 0.5)
            if abs(next - prior) <= prior * 1e-6 { return next }
            prior = next
        }
        return prior
    }

    /// The share of one person's record pairs in which one or both personal numbers are
    /// missing, by EM over all candidate pairs with every other m and u held (λ re-estimated
    /// each round); the shares of the levels with both numbers known keep their proportions.
    ///
    /// The household anchors of the number's m over-count a missing number (a birth reported
    /// twice mostly lacks one) and would count one missing as nearly neutral; over all
    /// candidate pairs, namesakes with two numbers are already told apart by `different`, so
    /// the estimate does not take them for matches (on the synthetic province it came within
    /// 0.01 of the true shares, 0.17 and 0.24).
    public static func estimateMissingNumbers(patterns: [(levels: UInt64, count: Double)], model start: LinkageModel,
                                              recordCount: Int, iterations: Int = 10) -> LinkageModel {
        let one = Int(PersonalNumberLevel.oneMissing.rawValue), both = Int(PersonalNumberLevel.bothMissing.rawValue)
        guard var m = start.m[.personalNumber], m.count == ComparisonField.personalNumber.weightedLevelCount
        else { return start }
        var model = start
        for _ in 0..<iterations {
            model.prior = estimatePrior(patterns: patterns, model: model, recordCount: recordCount)
            var matches = [Double](repeating: 0, count: m.count)
            for p in patterns {
                let level = Int(UInt8(truncatingIfNeeded: p.levels >> 8))
                guard level < m.count else { continue }
                matches[level] += p.count * MatchScore.probability(ofWeight: model.priorWeight + model.evidence(p.levels))
            }
            let total = matches.reduce(0, +)
            guard total > 0 else { return start }
            let known = m.indices.filter { $0 != one && $0 != both }.reduce(0) { $0 + m[$1] }
            let missing = (matches[one] + matches[both]) / total
            guard known > 0, missing < 1 else { return start }
            for l in m.indices where l != one && l != both { m[l] *= (1 - missing) / known }
            m[one] = matches[one] / total
            m[both] = matches[both] / total
            model.m[.personalNumber] = m
        }
        model.prior = estimatePrior(patterns: patterns, model: model, recordCount: recordCount)
        return model
    }

    /// Level shares of `seen` (level, weight; `null` ignored), smoothed toward `start`'s m.
    static func smoothed(_ seen: [(Int, Double)], _ field: ComparisonField, _ start: LinkageModel,
                         _ smoothing: Double) -> [Double] {
        let k = field.weightedLevelCount
        let prior = start.m[field].flatMap { $0.count == k ? $0 : nil } ?? [Double](repeating: 1 / Double(k), count: k)
        var counts = [Double](repeating: 0, count: k)
        for (level, weight) in seen where level < k { counts[level] += weight }
        let total = counts.reduce(0, +)
        return (0..<k).map { (counts[$0] + smoothing * prior[$0]) / (total + smoothing) }
    }
}
