import DansoDomain
import DansoPostgres

/// Tells whether a SINH, CHET or DEN slip reports an event already recorded under another
/// slip id: the same birth sent twice by two collaborators, a death reported by the family
/// and by the health station, an arrival entered on paper and on the app.
///
/// The warehouse finds the candidates (recorded events of the same type in the same commune
/// dated within a few days, or on the day/month-swapped date, or births of the same mother)
/// and describes each subject; the scoring is the person matcher's, so it lives with it
/// (DansoDeduplication's `DuplicateEventMatcher`, on the stored link model). The warehouse
/// does not depend on the matcher: an ingestor without a check applies every slip.
public protocol DuplicateEventCheck: Sendable {
    /// The scorer for one run of slips, inside the run's transaction (it reads the linkage
    /// model in force through `conn`, and writes review pairs through it).
    func scorer(_ conn: PostgresConnection) throws -> any DuplicateEventScorer
}

/// Scores the subjects of two reports of an event, for one run of slips.
public protocol DuplicateEventScorer {
    /// How alike the subject of a new slip and the subject of a recorded event are.
    func compare(_ new: EventSubject, _ recorded: EventSubject) -> EventMatch
    /// Records pairs scored between the thresholds for a person to review (the new slip was
    /// applied: until someone decides, both identities count). Called after the run's people
    /// are written, in its transaction.
    func recordForReview(_ pairs: [EventReviewPair], batchID: Int) throws
}

/// The subject of an event as its slip, or the register, describes it: what the person
/// matcher compares. Keys are opaque (household and mother are person-register ids).
public struct EventSubject: Sendable, Equatable {
    public var eventType: EventType
    public var eventDate: CivilDate
    public var fullName: String
    /// 1 male, 2 female.
    public var sex: Int?
    public var birthYear: Int?, birthMonth: Int?, birthDay: Int?
    public var personalNumber: String?
    /// registry.household.household_id, when the household is known.
    public var householdKey: String?
    /// The 5-digit commune code.
    public var communeCode: String
    /// The mother's person_id (SINH), when known.
    public var motherKey: String?

    public init(eventType: EventType, eventDate: CivilDate, fullName: String, sex: Int?, birthDate: PartialDate?,
                personalNumber: String?, householdKey: String?, communeCode: String, motherKey: String?) {
        self.eventType = eventType
        self.eventDate = eventDate
        self.fullName = fullName
        self.sex = sex
        self.birthYear = birthDate?.year
        self.birthMonth = birthDate?.month
        self.birthDay = birthDate?.day
        self.personalNumber = personalNumber
        self.householdKey = householdKey
        self.communeCode = communeCode
        self.motherKey = motherKey
    }
}

/// The scorer's verdict on two subjects.
public struct EventMatch: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        /// At or above the link threshold: one event, reported twice.
        case sameEvent
        /// Between the thresholds: applied, and the pair goes to the review queue.
        case review
        /// Below: two events.
        case distinct
    }

    /// One field's part in the weight: the level it reached and log2(m/u).
    public struct Field: Sendable, Equatable, Codable {
        public var field: String
        public var level: String
        public var weight: Double
        /// A rule that changed the weight (the twin rule), if any.
        public var rule: String?

        public init(field: String, level: String, weight: Double, rule: String? = nil) {
            self.field = field
            self.level = level
            self.weight = weight
            self.rule = rule
        }
    }

    public var verdict: Verdict
    /// log2 of the posterior odds, prior included.
    public var weight: Double
    public var probability: Double
    /// Per field, in the matcher's field order.
    public var explanation: [Field]
    /// The stored model that scored the pair (registry.link_model).
    public var modelID: Int64?

    public init(verdict: Verdict, weight: Double, probability: Double, explanation: [Field], modelID: Int64?) {
        self.verdict = verdict
        self.weight = weight
        self.probability = probability
        self.explanation = explanation
        self.modelID = modelID
    }

    /// The fields that spoke for one event (a positive weight), for messages.
    public var agreedFields: [String] { explanation.filter { $0.weight > 0 }.map(\.field) }
}

/// A new event applied although it resembles a recorded one (between the thresholds).
public struct EventReviewPair: Sendable {
    /// The subject of the new slip and of the recorded event (registry.person).
    public var newPerson: Int64
    public var recordedPerson: Int64
    public var eventType: EventType
    public var match: EventMatch

    public init(newPerson: Int64, recordedPerson: Int64, eventType: EventType, match: EventMatch) {
        self.newPerson = newPerson
        self.recordedPerson = recordedPerson
        self.eventType = eventType
        self.match = match
    }
}
