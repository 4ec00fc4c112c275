/// One field's part in a ``MatchScore``: its level and log2(m/u).
public struct FieldContribution: Sendable, Codable, Hashable {
    public var field: ComparisonField
    /// The level's name (`"exactTone"`, `"null"`…).
    public var level: String
    /// log2(m/u) for the level, the term-frequency adjustment included; 0 for `null`.
    public var weight: Double
    /// The part of `weight` due to the term-frequency adjustment (name only, else 0).
    public var termFrequencyWeight: Double
    /// A rule that changed the weight beyond the level's (``TwinRule/note``), if any.
    public var rule: String?

    public init(field: ComparisonField, level: String, weight: Double, termFrequencyWeight: Double = 0,
                rule: String? = nil) {
        self.field = field
        self.level = level
        self.weight = weight
        self.termFrequencyWeight = termFrequencyWeight
        self.rule = rule
    }
}
