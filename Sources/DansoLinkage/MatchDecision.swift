/// What to do with a scored pair.
public enum MatchDecision: String, Codable, Sendable {
    case link, review
    case nonMatch = "non_match"
}
