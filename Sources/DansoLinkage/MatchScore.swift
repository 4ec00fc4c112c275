import Foundation

/// How strongly a pair looks like one person, and why.
public struct MatchScore: Sendable {
    /// log2 of the posterior odds: the prior's log2 odds plus every field's log2(m/u).
    public var weight: Double
    /// 2^weight / (1 + 2^weight).
    public var probability: Double
    /// Each field's level and weight ("which fields agreed, and by how much"), in field order.
    public var explanation: [FieldContribution]
    /// log2(λ / (1 − λ)): `weight` minus the sum of `explanation`.
    public var priorWeight: Double

    public init(weight: Double, probability: Double, explanation: [FieldContribution], priorWeight: Double) {
        self.weight = weight
        self.probability = probability
        self.explanation = explanation
        self.priorWeight = priorWeight
    }

    /// 2^w / (1 + 2^w), computed without overflow for large |w|.
    public static func probability(ofWeight w: Double) -> Double {
        w >= 0 ? 1 / (1 + pow(2, -w)) : pow(2, w) / (1 + pow(2, w))
    }
}
