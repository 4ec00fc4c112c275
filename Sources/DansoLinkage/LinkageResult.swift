/// What a matcher run found.
public struct LinkageResult: Sendable {
    /// The pairs at or above the review threshold, and those linked through a third record
    /// (``LinkConsistency``), strongest first (ties by `a`, then `b`).
    public var pairs: [ScoredPair]
    /// Candidate pairs compared.
    public var compared: Int
    /// Blocks over the size cap, not compared.
    public var skippedBlocks: Int
    /// `skippedBlocks` by rule name (rules that skipped none are left out).
    public var skippedBlocksByRule: [String: Int]

    public init(pairs: [ScoredPair], compared: Int, skippedBlocks: Int, skippedBlocksByRule: [String: Int] = [:]) {
        self.pairs = pairs
        self.compared = compared
        self.skippedBlocks = skippedBlocks
        self.skippedBlocksByRule = skippedBlocksByRule
    }

    /// The pairs decided `link`.
    public var links: [ScoredPair] { pairs.filter { $0.decision == .link } }
    /// The pairs decided `review`.
    public var reviews: [ScoredPair] { pairs.filter { $0.decision == .review } }
}
