import DansoDomain
import DansoPostgres

/// The part of the register a batch of change slips touches, held in memory while the
/// slips are checked and applied in event-date order.
///
/// Every person is kept as facts (register listings, closures, events) and their states
/// are rebuilt with `PersonTimeline` whenever a fact is added, so a slip is always checked
/// against the register as it stands after the slips before it, late reports included.
final class RegisterContext {
    struct HouseholdKey: Hashable {
        var communeKey: Int
        var code: String
    }

    /// What the register knows of one slip (already stored or accepted in this run).
    struct SlipRecord {
        var slipID: Int64
        var code: String
        var communeKey: Int
        var contentHash: String
        var eventType: EventType
        /// The event the slip reports or acts on (root slip's event).
        var rootSlipID: Int64
        var cancelled: Bool
    }

    /// An event as it now stands (root slip, effective content, subject).
    struct EventRecord {
        var rootSlipID: Int64
        var effectiveSlipID: Int64
        var eventType: EventType
        var day: CivilDate
        var communeKey: Int
        var personID: Int64?
        var motherID: Int64?
        var cancelled: Bool
        var effect: TimelineEffect
        var source: FactSource
        var isNew: Bool
        var changed: Bool
        /// The versions of the event, oldest first (root, then SUA slips not withdrawn).
        var versions: [Int64]
    }

    var householdIDs: [HouseholdKey: Int64] = [:]
    var facts: [Int64: [TimelineFact]] = [:]
    /// Each person's states; set through `rebuild` and `startTimeline`, which keep the
    /// look-ups below current.
    private(set) var spans: [Int64: [StateSpan]] = [:]
    /// Everyone whose states ever named a household, and a personal number: the look-ups by
    /// household and number read these few people, not every state of the context (a group of
    /// files holds tens of thousands of people). Kept as supersets; the look-ups check the states.
    private var peopleByHousehold: [Int64: Set<Int64>] = [:]
    private var peopleByNumber: [String: Set<Int64>] = [:]
    var slipsByCode: [String: SlipRecord] = [:]   // key: "\(communeKey)/\(code)"
    var events: [Int64: EventRecord] = [:]       // by root slip id
    /// Children recorded by SINH events, by mother (child → birth day), for birth order checks (E10).
    var birthsByMother: [Int64: [Int64: CivilDate]] = [:]
    /// Persons whose facts changed in this run: their states are written back.
    var touched: Set<Int64> = []

    static func slipKey(_ communeKey: Int, _ code: String) -> String { "\(communeKey)/\(code)" }

    func rebuild(_ person: Int64) {
        let rebuilt = PersonTimeline.build(facts[person] ?? []).spans
        spans[person] = rebuilt
        for span in rebuilt {
            peopleByHousehold[span.attributes.householdID, default: []].insert(person)
            if let number = span.attributes.personalNumber { peopleByNumber[number, default: []].insert(person) }
        }
    }

    /// A newcomer with no states yet: the slip that brings them adds the first.
    func startTimeline(of person: Int64) {
        facts[person] = []
        spans[person] = []
    }

    /// Adds a fact to a person and rebuilds their states.
    func add(_ fact: TimelineFact, to person: Int64) {
        facts[person, default: []].append(fact)
        touched.insert(person)
        rebuild(person)
    }

    /// Replaces the facts an event contributed (after a SUA or HUY) and rebuilds.
    func replaceEventFacts(root: Int64, oldPerson: Int64?, newPerson: Int64?, fact: TimelineFact?) {
        for person in Set([oldPerson, newPerson].compactMap { $0 }) {
            let slipIDs = Set(events[root]?.versions ?? [root]).union([root])
            facts[person] = (facts[person] ?? []).filter {
                if case .event(_, _, let slip, _) = $0 { return !slipIDs.contains(slip) }
                return true
            }
            touched.insert(person)
        }
        if let newPerson, let fact { facts[newPerson, default: []].append(fact) }
        for person in Set([oldPerson, newPerson].compactMap { $0 }) { rebuild(person) }
    }

    /// People ever listed under a household and member number, by id.
    func people(household: Int64, memberNo: Int) -> [Int64] {
        (peopleByHousehold[household] ?? []).filter { person in
            (spans[person] ?? []).contains { $0.attributes.householdID == household && $0.attributes.memberNo == memberNo }
        }.sorted()
    }

    /// People ever in a household, by id.
    func members(of household: Int64) -> [Int64] {
        (peopleByHousehold[household] ?? []).filter { person in
            (spans[person] ?? []).contains { $0.attributes.householdID == household }
        }.sorted()
    }

    /// People present on `day` whose personal number is `number`, by id.
    func people(personalNumber number: String, on day: CivilDate) -> [Int64] {
        (peopleByNumber[number] ?? []).filter { person in
            PersonTimeline.state(on: day, in: spans[person] ?? [])?.attributes.personalNumber == number
        }.sorted()
    }

    func state(of person: Int64, on day: CivilDate) -> StateSpan? {
        PersonTimeline.state(on: day, in: spans[person] ?? [])
    }
}
