/// A pair of records scored and decided.
public struct ScoredPair: Sendable {
    /// Record ids (``PersonRecord/id``): deduplicating, `a` is the earlier record of the
    /// input; linking, `a` is the new record and `b` the existing one.
    public var a: Int64
    public var b: Int64
    public var score: MatchScore
    public var vector: ComparisonVector
    public var decision: MatchDecision
    /// Why the decision is not the one the weight gives (``LinkConsistency``), if it is not.
    public var rule: String?

    public init(a: Int64, b: Int64, score: MatchScore, vector: ComparisonVector, decision: MatchDecision,
                rule: String? = nil) {
        self.a = a
        self.b = b
        self.score = score
        self.vector = vector
        self.decision = decision
        self.rule = rule
    }
}
