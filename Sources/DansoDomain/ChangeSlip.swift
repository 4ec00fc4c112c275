/// One change slip (Phiếu thu tin) as a line describes it, after the line checks.
public struct ChangeSlip: Hashable, Sendable {
    public var line: Int
    public var reportMonth: CivilDate          // first day of the month
    public var communeCode: String
    public var area: Int?
    public var collaborator: String?
    public var channel: UpdateChannel?
    public var slipCode: String
    public var eventType: EventType
    public var eventDate: CivilDate
    public var householdCode: String
    public var memberNo: Int
    public var personalNumber: PersonalNumber?
    public var fullName: String?
    public var sex: Sex?
    public var birthDate: PartialDate?
    public var ethnicity: String?
    public var relationship: Relationship?
    public var maritalStatus: MaritalStatus?
    public var residence: ResidenceStatus?
    public var education: Education?
    public var motherMemberNo: Int?
    public var motherPersonalNumber: PersonalNumber?
    public var birthOrder: Int?
    public var birthPlace: PlaceOfBirth?
    public var place: PlaceCode?
    public var method: ContraceptiveMethod?
    public var spouseName: String?
    public var spouseBirthDate: PartialDate?
    public var spousePersonalNumber: PersonalNumber?
    public var originalSlip: String?
    public var note: String?
    /// Identifies the content: the same slip sent again has the same hash (E08 otherwise).
    public var contentHash: String

    public init(line: Int, reportMonth: CivilDate, communeCode: String, slipCode: String, eventType: EventType,
                eventDate: CivilDate, householdCode: String, memberNo: Int, contentHash: String) {
        self.line = line
        self.reportMonth = reportMonth
        self.communeCode = communeCode
        self.slipCode = slipCode
        self.eventType = eventType
        self.eventDate = eventDate
        self.householdCode = householdCode
        self.memberNo = memberNo
        self.contentHash = contentHash
    }

    /// The last day of the reporting month: events after it cannot have been reported (R04).
    public var reportMonthEnd: CivilDate { reportMonth.endOfMonth }
}
