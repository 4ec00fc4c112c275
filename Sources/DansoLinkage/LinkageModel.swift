import Foundation

/// m and u probabilities per level, and the prior match probability (Fellegi–Sunter).
///
/// m is the chance a level is reached by two records of the same person, u by two records
/// of different people; a level weighs log2(m/u). Codable: the caller stores it as JSON
/// (`{"prior": …, "m": {"name": […], …}, "u": {…}}`).
public struct LinkageModel: Codable, Sendable, Equatable {
    /// λ: the probability that two records drawn at random are one person.
    public var prior: Double
    /// Per field, one value per level except `null` (``ComparisonField/weightedLevelCount``).
    public var m: [ComparisonField: [Double]]
    public var u: [ComparisonField: [Double]]

    public init(prior: Double, m: [ComparisonField: [Double]], u: [ComparisonField: [Double]]) {
        self.prior = prior
        self.m = m
        self.u = u
    }

    /// Whether every field has one m and one u per weighted level of this version's
    /// comparisons (a stored model from a version with other levels does not).
    public var fitsComparisonLevels: Bool {
        ComparisonField.allCases.allSatisfy { f in
            m[f]?.count == f.weightedLevelCount && u[f]?.count == f.weightedLevelCount
        }
    }

    /// Probabilities are kept in [`minimumProbability`, 1] so that no level weighs ±∞.
    public static let minimumProbability = 1e-12

    /// log2(λ / (1 − λ)).
    public var priorWeight: Double {
        let p = min(max(prior, Self.minimumProbability), 1 - Self.minimumProbability)
        return log2(p / (1 - p))
    }

    /// log2(m/u) of one level; 0 for `null` and for a level the model has no values for.
    public func levelWeight(_ field: ComparisonField, level: UInt8) -> Double {
        let l = Int(level)
        guard l < field.weightedLevelCount, let ms = m[field], let us = u[field], l < ms.count, l < us.count
        else { return 0 }
        let mv = min(max(ms[l], Self.minimumProbability), 1), uv = min(max(us[l], Self.minimumProbability), 1)
        return log2(mv / uv)
    }

    /// Scores a comparison: the prior's log2 odds plus each non-null level's log2(m/u).
    ///
    /// With `termFrequency`, a name that agrees (levels up to `sameGivenAndFamily`) weighs
    /// more when it is rare and less when common: the whole name when it agrees whole, else
    /// its given and family names; two spellings one edit apart (`similar`) weigh less
    /// when even the rarer of them is common (see ``TermFrequencyAdjustment``). ``TwinRule`` may lower
    /// the name's weight.
    public func weight(_ v: ComparisonVector, termFrequency: TermFrequencyAdjustment? = nil) -> MatchScore {
        let prior = priorWeight
        var total = prior
        var explanation: [FieldContribution] = []
        explanation.reserveCapacity(ComparisonField.allCases.count)
        let twins = TwinRule.applies(v.packed)
        for field in ComparisonField.allCases {
            let level = field.index < v.levels.count ? v.levels[field.index] : field.nullLevel
            var w = levelWeight(field, level: level)
            var tfWeight = 0.0
            if field == .name, let termFrequency, let agreed = v.agreedName,
               level <= NameLevel.sameGivenAndFamily.rawValue {
                if level <= NameLevel.exactFolded.rawValue, let full = agreed.full {
                    tfWeight = termFrequency.log2Adjustment(fullName: full, given: agreed.given, family: agreed.family)
                } else {
                    tfWeight = termFrequency.log2Adjustment(given: agreed.given, family: agreed.family)
                }
                w += tfWeight
            } else if field == .name, let termFrequency, level == NameLevel.similar.rawValue,
                      let spellings = v.agreedName?.spellings, spellings.count == 2 {
                tfWeight = termFrequency.log2Adjustment(similar: spellings[0], spellings[1])
                w += tfWeight
            }
            let rule = field == .name && twins ? TwinRule.note : nil
            if rule != nil { w += TwinRule.weight }
            total += w
            explanation.append(FieldContribution(field: field, level: v.levelName(field), weight: w,
                                                 termFrequencyWeight: tfWeight, rule: rule))
        }
        return MatchScore(weight: total, probability: MatchScore.probability(ofWeight: total),
                          explanation: explanation, priorWeight: prior)
    }

    /// The weight of a comparison pattern (``ComparisonVector/packed``) without the prior and
    /// the term-frequency adjustment: each field's log2(m/u), ``TwinRule`` included;
    /// `excluded` leaves one field out (to estimate that field's m from the others).
    public func evidence(_ packed: UInt64, without excluded: ComparisonField? = nil) -> Double {
        var w = TwinRule.applies(packed) ? TwinRule.weight : 0
        for field in ComparisonField.allCases where field != excluded {
            w += levelWeight(field, level: UInt8(truncatingIfNeeded: packed >> (8 * UInt64(field.index))))
        }
        return w
    }

    /// log2(m/u) of every field and level, `8 * field.index + level` (null and unused
    /// slots 0): the matcher's inner loop adds eight numbers from it.
    func weightTable() -> [Double] {
        var table = [Double](repeating: 0, count: 8 * ComparisonField.allCases.count)
        for field in ComparisonField.allCases {
            for level in 0..<field.weightedLevelCount {
                table[8 * field.index + level] = levelWeight(field, level: UInt8(level))
            }
        }
        return table
    }
}
