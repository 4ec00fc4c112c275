/// The fields two person records are compared on, in the order of ``ComparisonVector/levels``.
///
/// Each field has levels ordered from the strongest agreement (0) down; the last is
/// `null` (either side unknown), which weighs nothing, as Splink's null level.
public enum ComparisonField: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
    case name, personalNumber, birthDate, sex, household, commune, mother

    /// The position of the field in a ``ComparisonVector``.
    public var index: Int {
        switch self {
        case .name: 0
        case .personalNumber: 1
        case .birthDate: 2
        case .sex: 3
        case .household: 4
        case .commune: 5
        case .mother: 6
        }
    }

    /// The names of the levels, strongest agreement first, `null` last.
    public var levelNames: [String] {
        switch self {
        case .name:
            ["exactTone", "exactFolded", "sameGivenAndFamily", "similar", "givenMissing", "givenOnly", "givenOneEdit", "different", "null"]
        case .personalNumber:
            ["equal", "oneDigitOff", "transposed", "different", "oneMissing", "bothMissing", "null"]
        case .birthDate:
            ["exact", "dayMonthSwapped", "yearMonth", "yearOnly", "monthDiffers", "yearOff", "different", "null"]
        case .sex, .household, .commune, .mother:
            ["equal", "different", "null"]
        }
    }

    /// The number of levels that carry a weight (all but `null`): the length of m and u.
    public var weightedLevelCount: Int { levelNames.count - 1 }

    /// The `null` level: either side unknown.
    public var nullLevel: UInt8 { UInt8(levelNames.count - 1) }
}
