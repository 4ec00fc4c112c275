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

    /// link 10 (posterior odds 1024 : 1, p ≈ 0.999), review 4 (16 : 1, p ≈ 0.94) with
    /// ``LinkageModel/defaults``, tuned on the cases of `DefaultModelTests`: a child entered
    /// twice with a one-letter typo (+20) and one person with an equal personal number and a
    /// tone typo (+19) link; twins (+7.4) go to review; siblings (−12) and two women named
    /// Nguyễn Thị Lan born the same year in two communes (−11) are not matches. The same
    /// name and birth date in two communes without a personal number (+1) stays below
    /// review: in a province of a million people thousands of such pairs are strangers.
    public static let defaults = MatchThresholds(link: 10, review: 4)

    public func decide(_ weight: Double) -> MatchDecision {
        if weight >= link { return .link }
        if weight >= review { return .review }
        return .nonMatch
    }
}
