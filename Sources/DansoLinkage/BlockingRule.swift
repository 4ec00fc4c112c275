/// A blocking rule: two records whose keys are equal (and not nil) make a candidate pair.
///
/// Only candidate pairs are compared: comparing all pairs of 1.2 million records is 7×10¹¹
/// comparisons. A pair missed by every rule is never linked, so the rules together must
/// catch each kind of duplicate with at least one field intact.
public struct BlockingRule: Sendable {
    /// Shown when the rule's blocks are skipped.
    public let name: String
    /// Writes the record's key for the rule into a ``BlockingKey``; false when the fields it
    /// needs are missing (the record then has no key).
    let write: @Sendable (PersonRecord, NameForms, inout BlockingKey) -> Bool
    /// When set, a block's pairs are made only where one of the two records is an anchor:
    /// a wide key (a name and a year across the province) kept for the few records that need
    /// it (those without a full birth date), so that its work grows with those records, not
    /// with the square of the block. Such a rule must come last (``Matcher``): a later rule
    /// could not tell which of its pairs this one made.
    public let anchor: (@Sendable (PersonRecord) -> Bool)?

    public init(name: String, anchor: (@Sendable (PersonRecord) -> Bool)? = nil,
                key: @escaping @Sendable (PersonRecord, NameForms) -> String?) {
        self.init(name: name, anchor: anchor) { record, names, out in
            guard let text = key(record, names) else { return false }
            out.append(text)
            return true
        }
    }

    /// A rule that writes its key's parts one by one: keying a province's 1.2 million records
    /// under every rule then makes no string per key.
    init(name: String, anchor: (@Sendable (PersonRecord) -> Bool)? = nil,
         write: @escaping @Sendable (PersonRecord, NameForms, inout BlockingKey) -> Bool) {
        self.name = name
        self.anchor = anchor
        self.write = write
    }

    /// The record's key for the rule, nil when the fields it needs are missing.
    public func key(_ record: PersonRecord, _ names: NameForms) -> String? {
        var out = BlockingKey(keepingText: true)
        return write(record, names, &out) ? out.text : nil
    }

    /// The record's key as a 64-bit number (``StableHash``): what a store that blocks
    /// records itself sorts them by. Two keys with one number merge their blocks, which costs
    /// comparisons, not links; for a rule's 1.2 million keys on a province the chance of any
    /// such pair is about n² / 2⁶⁵ ≈ 4 in 10⁸.
    public func hashedKey(_ record: PersonRecord, _ names: NameForms) -> Int64? {
        var out = BlockingKey(keepingText: false)
        return write(record, names, &out) ? Int64(bitPattern: out.hash) : nil
    }

    /// Separates the parts of a key (a control character no field holds).
    static let separator: UInt8 = 0x1F

    /// Equal personal numbers, whatever else differs: a person who moved, was renamed, or
    /// whose birth date was mistyped.
    public static let personalNumber = BlockingRule(name: "personal_number") { record, _, out in
        guard let number = record.personalNumber, !number.isEmpty else { return false }
        out.append(number)
        return true
    }

    /// Full birth date, day and month in either order, and given name: catches family and
    /// middle name variants anywhere in the province, and a day and month written the wrong
    /// way round (`04/05` for `05/04`); blocks stay small (two days' births × a given name).
    public static let birthDateGiven = BlockingRule(name: "birth_date+given") { record, names, out in
        guard let y = record.birthYear, let m = record.birthMonth, let d = record.birthDay, !names.given.isEmpty
        else { return false }
        writeArea(record, &out)
        out.appendDate(y, min(m, d), max(m, d))
        out.separate()
        out.append(names.given)
        return true
    }

    /// Birth year, family and given name in one commune: catches a mistyped day or month of
    /// someone listed twice in the same commune. Across the province the same key made 96 % of
    /// all comparisons (15 of 15.7 million on 1.2 million people) and grew with the square
    /// of the register; the commune keeps blocks to a few people.
    public static let birthYearFamilyGivenCommune = BlockingRule(name: "birth_year+family+given+commune") { record, names, out in
        guard let commune = record.communeCode, !commune.isEmpty, hasYearFamilyGiven(record, names) else { return false }
        writeYearFamilyGiven(record, names, &out)
        out.separate()
        out.append(commune)
        return true
    }

    /// Birth year, family and given name across the province, for a record that lacks its
    /// birth day or month (an old person, a year-only entry): paired with everyone of its
    /// name and year, since no date rule can reach it. Anchored on those records, so two
    /// records with full dates in such a block are not paired by it.
    public static let partialBirthDate = BlockingRule(
        name: "birth_year+family+given, partial date",
        anchor: { $0.birthMonth == nil || $0.birthDay == nil },
        write: { record, names, out in
            guard hasYearFamilyGiven(record, names) else { return false }
            writeArea(record, &out)
            writeYearFamilyGiven(record, names, &out)
            return true
        })

    /// A key that spans communes starts with the record's linkage area (``PersonRecord/area``):
    /// the province is where its duplicates are listed (two households, two communes, a move
    /// within it). Each area's blocks are then those of a warehouse holding that province
    /// alone, so the pairs of several provinces add up instead of multiplying; across
    /// provinces an equal personal number still pairs two records.
    static func writeArea(_ record: PersonRecord, _ out: inout BlockingKey) {
        guard let area = record.area, !area.isEmpty else { return }
        out.append(area)
        out.separate()
    }

    /// Whether birth year, family and given name are all there.
    private static func hasYearFamilyGiven(_ record: PersonRecord, _ names: NameForms) -> Bool {
        record.birthYear != nil && !names.given.isEmpty && !names.family.isEmpty
    }

    /// Birth year, family and given name (``hasYearFamilyGiven(_:_:)`` checked first).
    private static func writeYearFamilyGiven(_ record: PersonRecord, _ names: NameForms, _ out: inout BlockingKey) {
        out.append(record.birthYear ?? 0)
        out.separate()
        out.append(names.family)
        out.separate()
        out.append(names.given)
    }

    /// Full birth date, family and middle names: catches a typo in the given name of someone
    /// listed in another household or commune (`Trần Thị Mỹ Yên`, `Trần Thị Mỹ Yêl`), whom the
    /// rules on the given name miss. Blocks stay small (a day's births × a family and
    /// middle name); a one-word name has no key.
    public static let birthDateFamilyMiddle = BlockingRule(name: "birth_date+family+middle") { record, names, out in
        guard let y = record.birthYear, let m = record.birthMonth, let d = record.birthDay, names.hasFamilyAndMiddle
        else { return false }
        writeArea(record, &out)
        out.appendDate(y, m, d)
        out.separate()
        names.writeFamilyAndMiddle(&out)
        return true
    }

    /// Mother and birth year: a child entered twice with a misspelt name (and, unavoidably,
    /// twins, which the comparison then tells apart by name).
    public static let motherBirthYear = BlockingRule(name: "mother+birth_year") { record, _, out in
        guard let mother = record.motherKey, !mother.isEmpty, let y = record.birthYear else { return false }
        out.append(mother)
        out.separate()
        out.append(y)
        return true
    }

    /// Household and given name: someone entered twice in one household with a different
    /// birth date or family name.
    public static let householdGiven = BlockingRule(name: "household+given") { record, names, out in
        guard let household = record.householdKey, !household.isEmpty, !names.given.isEmpty else { return false }
        out.append(household)
        out.separate()
        out.append(names.given)
        return true
    }

    /// Household and birth year: someone entered twice in one household with a misspelt
    /// given name (an adult, whose mother is not recorded). Household blocks are tiny.
    public static let householdBirthYear = BlockingRule(name: "household+birth_year") { record, _, out in
        guard let household = record.householdKey, !household.isEmpty, let y = record.birthYear else { return false }
        out.append(household)
        out.separate()
        out.append(y)
        return true
    }

    /// The rules above, the anchored one last. Without an equal personal number, a duplicate
    /// is missed only when, in its own household, its given name and birth year both differ;
    /// elsewhere, when its birth year differs (unless its mother is recorded and the year
    /// agrees); when its birth date is full on both sides but differs (other than day and
    /// month swapped) and it is in another commune; or when its given name and its birth day
    /// or month both differ, or its given name and its family or middle name; in another
    /// linkage area (province), when its personal numbers differ or one is missing.
    public static let defaults: [BlockingRule] = [
        personalNumber, birthDateGiven, birthYearFamilyGivenCommune, birthDateFamilyMiddle, motherBirthYear,
        householdGiven, householdBirthYear, partialBirthDate,
    ]
}
