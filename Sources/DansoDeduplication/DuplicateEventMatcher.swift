import DansoDomain
import DansoLinkage
import DansoPostgres
import DansoWarehouse

/// The warehouse's `DuplicateEventCheck` on the person matcher's terms: the subjects of two
/// reports of a birth, death or arrival are compared field by field (`Comparisons`, the
/// matcher's) and weighed by the linkage model in force (`LinkModelStore`), so a slip is
/// the same event as a recorded one exactly when the matcher would link their subjects.
///
/// - Important: the term-frequency adjustment of names is left out. It needs the name counts
///   of the whole register, which the person linker reads once per run; an ingest scores a
///   handful of pairs. Agreeing names then weigh what an average name weighs.
public struct DuplicateEventMatcher: DuplicateEventCheck {
    public init() {}

    public func scorer(_ conn: PostgresConnection) throws -> any DuplicateEventScorer {
        Scorer(connection: conn, stored: try LinkModelStore(connection: conn).current())
    }

    /// The model and thresholds of one run.
    struct Scorer: DuplicateEventScorer {
        let connection: PostgresConnection
        let stored: LinkModelStore.Stored

        func compare(_ new: EventSubject, _ recorded: EventSubject) -> EventMatch {
            let vector = Comparisons.compare(Self.record(new, id: 1), Self.record(recorded, id: 2))
            let score = stored.model.weight(vector)
            let verdict: EventMatch.Verdict = switch stored.thresholds.decide(score.weight) {
            case .link: .sameEvent
            case .review: .review
            case .nonMatch: .distinct
            }
            return EventMatch(verdict: verdict, weight: score.weight, probability: score.probability,
                              explanation: score.explanation.map {
                                  EventMatch.Field(field: $0.field.rawValue, level: $0.level, weight: $0.weight, rule: $0.rule)
                              },
                              modelID: stored.id)
        }

        /// The pairs go to the review queue as the person linker would put them there
        /// (`registry.person_link`, status review), found by `birth`, `arrival` or, for a
        /// death, `register` (two identities of the register).
        func recordForReview(_ pairs: [EventReviewPair], batchID: Int) throws {
            let found = pairs.map { p in
                FoundPair(a: min(p.newPerson, p.recordedPerson), b: max(p.newPerson, p.recordedPerson),
                          score: MatchScore(weight: p.match.weight, probability: p.match.probability,
                                            explanation: p.match.explanation.compactMap(Self.contribution),
                                            priorWeight: stored.model.priorWeight),
                          decision: .review,
                          foundBy: p.eventType == .birth ? "birth" : p.eventType == .moveIn ? "arrival" : "register")
            }
            try LinkLedger(connection: connection).record(found, modelID: stored.id, batchID: Int64(batchID))
        }

        static func contribution(_ f: EventMatch.Field) -> FieldContribution? {
            ComparisonField(rawValue: f.field).map { FieldContribution(field: $0, level: f.level, weight: f.weight, rule: f.rule) }
        }

        /// The subject as the matcher's record: the same fields the person linker reads from
        /// the register (household and mother as person-register ids).
        static func record(_ s: EventSubject, id: Int64) -> PersonRecord {
            PersonRecord(id: id, fullName: s.fullName, sex: s.sex, birthYear: s.birthYear, birthMonth: s.birthMonth,
                         birthDay: s.birthDay, personalNumber: s.personalNumber, householdKey: s.householdKey,
                         communeCode: s.communeCode, motherKey: s.motherKey)
        }
    }
}
