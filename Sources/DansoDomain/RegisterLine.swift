/// One person as a household register line describes them on the register's date.
///
/// Built only from a line that passed every error check, so every required field is here.
public struct RegisterLine: Hashable, Sendable {
    public var line: Int
    public var asOf: CivilDate
    public var communeCode: String
    public var provinceCode: String?
    public var districtCode: String?
    public var area: Int
    public var collaborator: String?
    public var householdCode: String
    public var address: String?
    public var memberNo: Int
    public var personalNumber: PersonalNumber?
    public var healthCard: String?
    public var fullName: String
    public var relationship: Relationship
    public var sex: Sex
    public var birthDate: PartialDate
    public var ethnicity: String
    public var education: Education?
    public var maritalStatus: MaritalStatus?
    public var residence: ResidenceStatus
    public var method: ContraceptiveMethod?
    public var updatedOn: CivilDate?

    public init(line: Int, asOf: CivilDate, communeCode: String, provinceCode: String?, districtCode: String?,
                area: Int, collaborator: String?, householdCode: String, address: String?, memberNo: Int,
                personalNumber: PersonalNumber?, healthCard: String?, fullName: String,
                relationship: Relationship, sex: Sex, birthDate: PartialDate, ethnicity: String,
                education: Education?, maritalStatus: MaritalStatus?, residence: ResidenceStatus,
                method: ContraceptiveMethod?, updatedOn: CivilDate?) {
        self.line = line
        self.asOf = asOf
        self.communeCode = communeCode
        self.provinceCode = provinceCode
        self.districtCode = districtCode
        self.area = area
        self.collaborator = collaborator
        self.householdCode = householdCode
        self.address = address
        self.memberNo = memberNo
        self.personalNumber = personalNumber
        self.healthCard = healthCard
        self.fullName = fullName
        self.relationship = relationship
        self.sex = sex
        self.birthDate = birthDate
        self.ethnicity = ethnicity
        self.education = education
        self.maritalStatus = maritalStatus
        self.residence = residence
        self.method = method
        self.updatedOn = updatedOn
    }

    /// The person's key within a file: (`ma_xa`, `ma_ho`, `stt`).
    public var personKey: PersonKey { PersonKey(communeCode: communeCode, householdCode: householdCode, memberNo: memberNo) }

    /// Completed age on the register's date (partial birth dates use their reference day, which
    /// may fall after the register's date for someone born in its month or year: age 0 then).
    public var age: Int { max(0, birthDate.referenceDay.completedYears(at: asOf)) }
}

/// A person's key within a file (feeds.md §2).
public struct PersonKey: Hashable, Sendable, CustomStringConvertible {
    public let communeCode: String
    public let householdCode: String
    public let memberNo: Int
    public init(communeCode: String, householdCode: String, memberNo: Int) {
        self.communeCode = communeCode
        self.householdCode = householdCode
        self.memberNo = memberNo
    }
    public var description: String { "\(communeCode)/\(householdCode)/\(memberNo)" }
}
