/// Where match weights (log2 posterior odds) turn into decisions.
public struct MatchThresholds: Codable, Sendable, Equatable {
    /// At or above: the records are one person.
    public var link: Double
    /// At or above (and below `link`): a person should look.
    public var review: Double

    public init(link: Double, review: Double) {
        self.link = link
        self.review = review
    }

    /// link 0 (posterior odds 1 : 1: more likely one person than two), review −2 (odds 1 : 4,
    /// p = 0.2). Chosen on the synthetic province (`benchmarks/linkage.sh`) with a model
    /// estimated from the data (λ included), where F1 peaks between −1 and +1 at 100,000 and
    /// at 1.2 million people; a higher link threshold trades recall for little precision. The
    /// review band holds the pairs a person can settle: namesakes born the same year, a
    /// person listed twice with a partial birth date. Twins, siblings and common names in two
    /// communes stay below it (`DefaultModelTests`).
    public static let defaults = MatchThresholds(link: 0, review: -2)

    public func decide(_ weight: Double) -> MatchDecision {
        if weight >= link { return .link }
        if weight >= review { return .review }
        return .nonMatch
    }
}
