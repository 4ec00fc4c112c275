import DansoDomain
import DansoValidation
import Foundation

/// An event a new slip may repeat: recorded before the run, or applied earlier in it.
struct RecordedEvent {
    var rootSlipID: Int64
    /// ma_phieu of the slip that first reported it: what the officer knows it by.
    var slipCode: String
    var communeKey: Int
    var personID: Int64?
    /// When the subject left the register for good, if they did: an arrival after that is
    /// another arrival, not the same one again.
    var leftOn: CivilDate?
    var subject: EventSubject
}

/// A line not applied because it reports an event already recorded (E12).
struct DuplicateEventLine {
    var candidate: CandidateSlip
    var sameAs: RecordedEvent
    var match: EventMatch
}

/// What a run knows about repeated events: the scorer, the recorded events near its slips,
/// the events it applied itself, and what it found.
struct DuplicateEventSearch {
    /// Days either side of a slip's date within which an event of its type may be the same;
    /// wider for births of one mother, who has no second birth months apart (twins share a day).
    static let window = 7
    static let motherWindow = 180
    /// The event types reported twice in practice (issue 5): a birth, a death, an arrival.
    static let types: Set<EventType> = [.birth, .death, .moveIn]

    var scorer: (any DuplicateEventScorer)?
    private var byCommune: [Int: [RecordedEvent]] = [:]
    private var byMother: [String: [RecordedEvent]] = [:]
    var lines: [DuplicateEventLine] = []
    var review: [EventReviewPair] = []

    init(scorer: (any DuplicateEventScorer)? = nil, recorded: [RecordedEvent] = []) {
        self.scorer = scorer
        for e in recorded { add(e) }
    }

    /// Makes an event a candidate for the slips after it.
    mutating func add(_ e: RecordedEvent) {
        byCommune[e.communeKey, default: []].append(e)
        if e.subject.eventType == .birth, let mother = e.subject.motherKey { byMother[mother, default: []].append(e) }
    }

    /// The events near a slip's subject (same type; same commune and a close or day/month
    /// swapped date, or the same mother within months), each once.
    func near(_ s: EventSubject, communeKey: Int) -> [RecordedEvent] {
        let day = s.eventDate.daysSinceEpoch, swapped = Self.swapped(s.eventDate)
        var seen: Set<Int64> = []
        var found: [RecordedEvent] = []
        for e in byCommune[communeKey] ?? [] where e.subject.eventType == s.eventType {
            let gap = abs(e.subject.eventDate.daysSinceEpoch - day)
            if gap <= Self.window || e.subject.eventDate == swapped, seen.insert(e.rootSlipID).inserted { found.append(e) }
        }
        if s.eventType == .birth, let mother = s.motherKey {
            for e in byMother[mother] ?? [] where abs(e.subject.eventDate.daysSinceEpoch - day) <= Self.motherWindow {
                if seen.insert(e.rootSlipID).inserted { found.append(e) }
            }
        }
        if s.eventType == .moveIn {
            found.removeAll { e in e.leftOn.map { $0 <= s.eventDate } ?? false }
        }
        return found
    }

    /// The same date with day and month swapped (`05/03` for `03/05`), when that is a date.
    static func swapped(_ d: CivilDate) -> CivilDate? {
        d.day == d.month ? nil : CivilDate(year: d.year, month: d.day, day: d.month)
    }
}

extension SlipApplier {
    /// What a SINH, CHET or DEN slip is to the events before it.
    enum Repeat {
        /// Not compared (no check, another type, a subject without a name).
        case notCompared
        /// Compared with `subject`: nothing alike.
        case none(EventSubject)
        /// At or above the link threshold: the slip is not applied.
        case same(RecordedEvent, EventMatch)
        /// Between the thresholds: the slip is applied and the pair reviewed.
        case review(RecordedEvent, EventMatch, EventSubject)
    }

    /// The recorded (or earlier applied) event a slip most resembles, when the check says
    /// it is the same event or worth a look.
    func repeatedEvent(_ c: CandidateSlip) -> Repeat {
        guard let scorer = duplicateEvents.scorer, DuplicateEventSearch.types.contains(c.slip.eventType),
              let subject = describe(c) else { return .notCompared }
        var best: (event: RecordedEvent, match: EventMatch)?
        for e in duplicateEvents.near(subject, communeKey: c.communeKey) {
            if context.events[e.rootSlipID]?.cancelled == true { continue }   // withdrawn earlier in the run
            let match = scorer.compare(subject, e.subject)
            if match.verdict != .distinct, match.weight > best?.match.weight ?? -.infinity { best = (e, match) }
        }
        guard let best else { return .none(subject) }
        return best.match.verdict == .sameEvent ? .same(best.event, best.match) : .review(best.event, best.match, subject)
    }

    /// Remembers an applied SINH, CHET or DEN so that later slips of the run can repeat it,
    /// and the pair to review when it resembled an event before it.
    mutating func noteApplied(_ c: CandidateSlip, subject person: Int64?, resembling: Repeat) {
        var subject: EventSubject
        switch resembling {
        case .none(let s), .review(_, _, let s): subject = s
        case .notCompared, .same: return
        }
        // A household the slip itself opened (an arrival's, a birth's) is known now.
        subject.householdKey = subject.householdKey ?? context.householdIDs[
            RegisterContext.HouseholdKey(communeKey: c.communeKey, code: c.slip.householdCode)].map(String.init)
        duplicateEvents.add(RecordedEvent(rootSlipID: c.slipID, slipCode: c.slip.slipCode, communeKey: c.communeKey,
                                          personID: person, leftOn: nil, subject: subject))
        if case .review(let event, let match, _) = resembling, let person, let other = event.personID, person != other {
            duplicateEvents.review.append(EventReviewPair(newPerson: person, recordedPerson: other,
                                                          eventType: c.slip.eventType, match: match))
        }
    }

    /// The subject of a slip as the matcher compares it: what the slip says, completed from
    /// the register for a death (whose slip names the subject by household and member).
    func describe(_ c: CandidateSlip) -> EventSubject? {
        let slip = c.slip
        let household = context.householdIDs[RegisterContext.HouseholdKey(communeKey: c.communeKey, code: slip.householdCode)]
        switch slip.eventType {
        case .birth, .moveIn:
            guard let name = slip.fullName, !name.isEmpty else { return nil }
            let mother = slip.eventType == .birth ? context.mother(of: slip, household: household) : nil
            return EventSubject(eventType: slip.eventType, eventDate: slip.eventDate, fullName: name, sex: slip.sex?.rawValue,
                                birthDate: slip.birthDate, personalNumber: slip.personalNumber?.digits,
                                householdKey: household.map(String.init), communeCode: slip.communeCode,
                                motherKey: mother.map(String.init))
        case .death:
            let person = context.subject(of: slip, household: household)
            let spans = person.flatMap { context.spans[$0] } ?? []
            let a = (spans.last { $0.validFrom <= slip.eventDate } ?? spans.first)?.attributes
            guard let name = slip.fullName ?? a?.fullName, !name.isEmpty else { return nil }
            return EventSubject(eventType: .death, eventDate: slip.eventDate, fullName: name,
                                sex: (slip.sex ?? a?.sex)?.rawValue, birthDate: slip.birthDate ?? a?.birthDate,
                                personalNumber: slip.personalNumber?.digits ?? a?.personalNumber,
                                householdKey: (a?.householdID ?? household).map(String.init), communeCode: slip.communeCode,
                                motherKey: nil)
        default:
            return nil
        }
    }

    /// The E12 finding of a line not applied, Vietnamese first.
    static func repeatFinding(_ line: DuplicateEventLine) -> Finding {
        let e = line.sameAs, m = line.match
        let weight = String(format: "%.1f", m.weight)
        let agreedVI = m.agreedFields.map(Self.fieldLabelVI).joined(separator: ", ")
        let agreedEN = m.agreedFields.map(Self.fieldLabelEN).joined(separator: ", ")
        let type = e.subject.eventType
        return Finding(line: line.candidate.slip.line, rule: .E12, column: ChangeColumn.slipCode.machineName,
                       value: line.candidate.slip.slipCode,
            vi: "Biến động trùng với phiếu \(e.slipCode) (\(type.rawValue) ngày \(PartialDate(e.subject.eventDate))): trọng số \(weight), khớp \(agreedVI.isEmpty ? "—" : agreedVI); phiếu này không được áp dụng lại.",
            en: "Same event as slip \(e.slipCode) (\(type.rawValue) on \(e.subject.eventDate.iso)): weight \(weight), agreed on \(agreedEN.isEmpty ? "—" : agreedEN); this slip is not applied again.")
    }

    static func fieldLabelVI(_ field: String) -> String {
        switch field {
        case "name": "họ tên"
        case "personalNumber": "số định danh"
        case "birthDate": "ngày sinh"
        case "sex": "giới tính"
        case "household": "hộ"
        case "commune": "xã"
        case "mother": "mẹ"
        default: field
        }
    }

    static func fieldLabelEN(_ field: String) -> String {
        switch field {
        case "personalNumber": "personal number"
        case "birthDate": "birth date"
        default: field
        }
    }
}

extension RegisterContext {
    /// The mother a birth slip names (member of the household on the day, or her personal
    /// number), without the checks of E04.
    func mother(of slip: ChangeSlip, household: Int64?) -> Int64? {
        if let no = slip.motherMemberNo, let household,
           let mother = people(household: household, memberNo: no).first(where: { state(of: $0, on: slip.eventDate) != nil }) {
            return mother
        }
        return slip.motherPersonalNumber.flatMap { people(personalNumber: $0.digits, on: slip.eventDate).first }
    }

    /// The person a slip about someone in the register names: present on the day, else the
    /// last one listed under that member number before it (a death reported again finds the
    /// person dead), else by personal number.
    func subject(of slip: ChangeSlip, household: Int64?) -> Int64? {
        let holders = household.map { people(household: $0, memberNo: slip.memberNo) } ?? []
        if let present = holders.first(where: { state(of: $0, on: slip.eventDate) != nil }) { return present }
        let earlier = holders.filter { (spans[$0] ?? []).contains { $0.validFrom <= slip.eventDate } }
        if let last = earlier.max(by: { (spans[$0]?.last?.validFrom ?? slip.eventDate) < (spans[$1]?.last?.validFrom ?? slip.eventDate) }) {
            return last
        }
        return slip.personalNumber.flatMap { people(personalNumber: $0.digits, on: slip.eventDate).first }
    }
}
