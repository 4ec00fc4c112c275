/// What the register says of a person while a state holds.
public struct PersonAttributes: Hashable, Sendable {
    public var communeKey: Int
    public var householdID: Int64
    public var memberNo: Int
    public var fullName: String
    public var sex: Sex
    public var birthDate: PartialDate
    public var ethnicity: String
    public var education: Education?
    public var maritalStatus: MaritalStatus?
    public var residence: ResidenceStatus
    public var method: ContraceptiveMethod?
    public var relationship: Relationship
    public var personalNumber: String?
    public var healthCard: String?

    public init(communeKey: Int, householdID: Int64, memberNo: Int, fullName: String, sex: Sex, birthDate: PartialDate,
                ethnicity: String, education: Education?, maritalStatus: MaritalStatus?, residence: ResidenceStatus,
                method: ContraceptiveMethod?, relationship: Relationship, personalNumber: String?, healthCard: String?) {
        self.communeKey = communeKey
        self.householdID = householdID
        self.memberNo = memberNo
        self.fullName = fullName
        self.sex = sex
        self.birthDate = birthDate
        self.ethnicity = ethnicity
        self.education = education
        self.maritalStatus = maritalStatus
        self.residence = residence
        self.method = method
        self.relationship = relationship
        self.personalNumber = personalNumber
        self.healthCard = healthCard
    }
}

/// Where a fact came from: a line of a batch (a register line or a change slip line).
public struct FactSource: Hashable, Sendable, Comparable {
    public var batchID: Int64
    public var lineNo: Int
    public init(batchID: Int64, lineNo: Int) {
        self.batchID = batchID
        self.lineNo = lineNo
    }
    public static func < (a: FactSource, b: FactSource) -> Bool { (a.batchID, a.lineNo) < (b.batchID, b.lineNo) }
}

/// What an event does to the person it is about.
public enum TimelineEffect: Hashable, Sendable {
    /// SINH, DEN: the person joins a household with these attributes.
    case joins(PersonAttributes)
    /// CHET.
    case dies
    /// DI.
    case leaves
    /// KET_HON, LY_HON.
    case maritalStatus(MaritalStatus)
    /// BPTT.
    case method(ContraceptiveMethod)
    /// MANG_THAI, SLTS, SLSS: recorded, no change of state.
    case none
}

/// One fact about a person, dated.
public enum TimelineFact: Hashable, Sendable {
    /// A register listed the person on this day (as of the end of the day).
    case listed(day: CivilDate, PersonAttributes, source: FactSource)
    /// A register covering the person's household no longer listed them on this day.
    case unlisted(day: CivilDate)
    /// A change slip (as last corrected, not withdrawn).
    case event(day: CivilDate, TimelineEffect, slipID: Int64, source: FactSource)

    public var day: CivilDate {
        switch self {
        case .listed(let d, _, _), .unlisted(let d), .event(let d, _, _, _): d
        }
    }

    /// Order within a day: events of the day first, then the register as of the end of the day.
    var rank: Int {
        switch self {
        case .event: 0
        case .listed, .unlisted: 1
        }
    }

    var sequence: FactSource {
        switch self {
        case .listed(_, _, let s), .event(_, _, _, let s): s
        case .unlisted: FactSource(batchID: .max, lineNo: 0)
        }
    }
}

/// A state of a person over `[validFrom, validTo)` (validTo nil: still holds).
public struct StateSpan: Hashable, Sendable {
    public enum EndReason: String, Sendable { case changed, reconciliation, death, movedOut = "moved_out" }

    public var validFrom: CivilDate
    public var validTo: CivilDate?
    public var attributes: PersonAttributes
    public var endReason: EndReason?
    /// The register line or slip line the state is based on.
    public var base: FactSource
    /// The slips applied on top of the base, oldest first.
    public var slipIDs: [Int64]
}

/// Rebuilds a person's states from every fact known about them.
///
/// The register is event-sourced: registers and slips are kept as facts, and states are
/// derived. So a late report, a correction (SUA) or a withdrawal (HUY) is handled by
/// replaying the person's facts, never by patching states in place.
public enum PersonTimeline {
    public struct Result: Sendable, Equatable {
        public var spans: [StateSpan]
        /// Events that found the person absent (e.g. after a withdrawn arrival): no effect.
        public var ignoredSlips: [Int64]
    }

    public static func build(_ facts: [TimelineFact]) -> Result {
        let ordered = facts.sorted { ($0.day, $0.rank, $0.sequence) < ($1.day, $1.rank, $1.sequence) }
        var spans: [StateSpan] = []
        var ignored: [Int64] = []
        var current: StateSpan?

        func close(_ day: CivilDate, _ reason: StateSpan.EndReason) {
            guard var c = current else { return }
            if c.validFrom < day {
                c.validTo = day
                c.endReason = reason
                spans.append(c)
            }
            current = nil
        }
        func become(_ day: CivilDate, _ attributes: PersonAttributes, base: FactSource, slips: [Int64]) {
            if let c = current {
                if c.attributes == attributes {
                    current!.slipIDs = slips
                    return
                }
                close(day, .changed)
            }
            current = StateSpan(validFrom: day, validTo: nil, attributes: attributes, endReason: nil, base: base, slipIDs: slips)
        }

        for fact in ordered {
            switch fact {
            case .listed(let day, let attributes, let source):
                if let c = current, c.attributes == attributes { continue }
                become(day, attributes, base: source, slips: [])
            case .unlisted(let day):
                close(day, .reconciliation)
            case .event(let day, let effect, let slip, let source):
                switch effect {
                case .joins(let attributes):
                    if current == nil {
                        current = StateSpan(validFrom: day, validTo: nil, attributes: attributes, endReason: nil,
                                            base: source, slipIDs: [slip])
                    } else {
                        ignored.append(slip)
                    }
                case .dies, .leaves:
                    guard current != nil else { ignored.append(slip); continue }
                    close(day, effect == .dies ? .death : .movedOut)
                case .maritalStatus(let status):
                    guard let c = current else { ignored.append(slip); continue }
                    var a = c.attributes
                    a.maritalStatus = status
                    become(day, a, base: c.base, slips: c.slipIDs + [slip])
                case .method(let method):
                    guard let c = current else { ignored.append(slip); continue }
                    var a = c.attributes
                    a.method = method
                    become(day, a, base: c.base, slips: c.slipIDs + [slip])
                case .none:
                    if current == nil { ignored.append(slip) }
                }
            }
        }
        if let c = current { spans.append(c) }
        return Result(spans: spans, ignoredSlips: ignored)
    }

    /// The state holding on `day` (end of the day), if any.
    public static func state(on day: CivilDate, in spans: [StateSpan]) -> StateSpan? {
        spans.first { $0.validFrom <= day && ($0.validTo.map { day < $0 } ?? true) }
    }
}
