import DansoDomain

/// One person record as the matcher sees it (a register line, a person of the register, or a slip's subject).
///
/// Only what identifies a person is kept: everything else (ethnicity, education…) either
/// changes over a life or is shared by too many people to tell two of them apart.
public struct PersonRecord: Sendable, Hashable {
    /// The caller's id (a person id, or a record id): what ``ScoredPair`` reports.
    public var id: Int64
    /// The full name as written (NFC); ``NameForms`` normalises it.
    public var fullName: String
    /// 1 male, 2 female (code list S).
    public var sex: Int?
    /// Birth date parts; elderly people often know only their year (feeds.md §1).
    public var birthYear: Int?, birthMonth: Int?, birthDay: Int?
    /// The 12-digit personal number, or nil.
    public var personalNumber: String?
    /// Opaque household identity: commune code and household code.
    public var householdKey: String?
    /// The 5-digit commune code.
    public var communeCode: String?
    /// Opaque identity of the mother (e.g. her person id), nil when unknown.
    public var motherKey: String?
    /// The linkage area: the province the commune belongs to since 1 July 2025 (2-digit
    /// code), nil when unknown. Records of two areas are paired only by an equal personal
    /// number (``BlockingRule``): a warehouse holding several provinces links within each, as
    /// one province's would, so its work grows with the provinces, not with their square.
    public var area: String?

    public init(id: Int64, fullName: String, sex: Int? = nil,
                birthYear: Int? = nil, birthMonth: Int? = nil, birthDay: Int? = nil,
                personalNumber: String? = nil, householdKey: String? = nil,
                communeCode: String? = nil, motherKey: String? = nil, area: String? = nil) {
        self.id = id
        self.fullName = fullName
        self.sex = sex
        self.birthYear = birthYear
        self.birthMonth = birthMonth
        self.birthDay = birthDay
        self.personalNumber = personalNumber
        self.householdKey = householdKey
        self.communeCode = communeCode
        self.motherKey = motherKey
        self.area = area
    }

    /// A record whose birth date comes from a register cell (partial dates kept as they are).
    public init(id: Int64, fullName: String, sex: Int? = nil, birthDate: PartialDate?,
                personalNumber: String? = nil, householdKey: String? = nil,
                communeCode: String? = nil, motherKey: String? = nil, area: String? = nil) {
        self.init(id: id, fullName: fullName, sex: sex,
                  birthYear: birthDate?.year, birthMonth: birthDate?.month, birthDay: birthDate?.day,
                  personalNumber: personalNumber, householdKey: householdKey,
                  communeCode: communeCode, motherKey: motherKey, area: area)
    }

    /// The birth date as a ``PartialDate``, nil without a year (a day without a month is dropped).
    public var birthDate: PartialDate? {
        guard let birthYear else { return nil }
        guard let birthMonth else { return PartialDate(year: birthYear) }
        return PartialDate(year: birthYear, month: birthMonth, day: birthDay)
    }
}
