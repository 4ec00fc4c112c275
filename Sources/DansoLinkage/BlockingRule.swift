/// A blocking rule: two records whose keys are equal (and not nil) make a candidate pair.
///
/// Only candidate pairs are compared: comparing all pairs of 1.2 million records is 7×10¹¹
/// comparisons. A pair missed by every rule is never linked, so the rules together must
/// catch each kind of duplicate with at least one field intact.
public struct BlockingRule: Sendable {
    /// Shown when the rule's blocks are skipped.
    public let name: String
    /// The record's key for the rule, nil when the fields it needs are missing.
    public let key: @Sendable (PersonRecord, NameForms) -> String?

    public init(name: String, key: @escaping @Sendable (PersonRecord, NameForms) -> String?) {
        self.name = name
        self.key = key
    }

    /// The record's key as a 64-bit number (``StableHash``): what a store that blocks
    /// records itself sorts them by. Two keys with one number merge their blocks, which costs
    /// comparisons, not links; for a rule's 1.2 million keys on a province the chance of any
    /// such pair is about n² / 2⁶⁵ ≈ 4 in 10⁸.
    public func hashedKey(_ record: PersonRecord, _ names: NameForms) -> Int64? {
        key(record, names).map { Int64(bitPattern: StableHash.of($0)) }
    }

    /// Separates the parts of a key (a control character no field holds).
    static let separator = "\u{1F}"

    /// Equal personal numbers, whatever else differs: a person who moved, was renamed, or
    /// whose birth date was mistyped.
    public static let personalNumber = BlockingRule(name: "personal_number") { record, _ in
        guard let number = record.personalNumber, !number.isEmpty else { return nil }
        return number
    }

    /// Full birth date and given name: catches family and middle name variants anywhere
    /// in the province; blocks stay small (a day's births × a given name).
    public static let birthDateGiven = BlockingRule(name: "birth_date+given") { record, names in
        guard let y = record.birthYear, let m = record.birthMonth, let d = record.birthDay, !names.given.isEmpty
        else { return nil }
        return "\(y)-\(m)-\(d)" + separator + names.given
    }

    /// Birth year, family and given name: catches partial or mistyped day and month. The
    /// largest blocks (Nguyễn + a common given name + a year) hold a few hundred people in
    /// a province of a million.
    public static let birthYearFamilyGiven = BlockingRule(name: "birth_year+family+given") { record, names in
        guard let y = record.birthYear, !names.given.isEmpty, !names.family.isEmpty else { return nil }
        return String(y) + separator + names.family + separator + names.given
    }

    /// Full birth date, family and middle names: catches a typo in the given name of someone
    /// listed in another household or commune (`Trần Thị Mỹ Yên`, `Trần Thị Mỹ Yêl`), whom the
    /// rules on the given name miss. Blocks stay small (a day's births × a family and
    /// middle name); a one-word name has no key.
    public static let birthDateFamilyMiddle = BlockingRule(name: "birth_date+family+middle") { record, names in
        guard let y = record.birthYear, let m = record.birthMonth, let d = record.birthDay, !names.familyAndMiddle.isEmpty
        else { return nil }
        return "\(y)-\(m)-\(d)" + separator + names.familyAndMiddle
    }

    /// Mother and birth year: a child entered twice with a misspelt name (and, unavoidably,
    /// twins, which the comparison then tells apart by name).
    public static let motherBirthYear = BlockingRule(name: "mother+birth_year") { record, _ in
        guard let mother = record.motherKey, !mother.isEmpty, let y = record.birthYear else { return nil }
        return mother + separator + String(y)
    }

    /// Household and given name: someone entered twice in one household with a different
    /// birth date or family name.
    public static let householdGiven = BlockingRule(name: "household+given") { record, names in
        guard let household = record.householdKey, !household.isEmpty, !names.given.isEmpty else { return nil }
        return household + separator + names.given
    }

    /// Household and birth year: someone entered twice in one household with a misspelt
    /// given name (an adult, whose mother is not recorded). Household blocks are tiny.
    public static let householdBirthYear = BlockingRule(name: "household+birth_year") { record, _ in
        guard let household = record.householdKey, !household.isEmpty, let y = record.birthYear else { return nil }
        return household + separator + String(y)
    }

    /// The rules above. Without an equal personal number, a duplicate is missed only when,
    /// in its own household, its given name and birth year both differ; elsewhere, when its
    /// birth year differs (unless its mother is recorded and the year agrees), when its given
    /// name and its birth day or month both differ, or its family name and its birth day or
    /// month, or its given name and its family or middle name.
    public static let defaults: [BlockingRule] = [
        personalNumber, birthDateGiven, birthYearFamilyGiven, birthDateFamilyMiddle, motherBirthYear, householdGiven,
        householdBirthYear,
    ]
}
