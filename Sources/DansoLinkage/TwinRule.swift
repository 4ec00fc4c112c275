/// Twins look to Fellegi–Sunter like one child entered twice: the same mother, household,
/// family name and birth date, fields the model adds up as if they were independent. What
/// tells them apart is the given name, and one person's two records almost never carry
/// entirely different ones: a typo mostly keeps the first letter (``NameLevel/similar``), a
/// birth reported before the naming has none (``NameLevel/givenMissing``). So a pair whose
/// given names differ entirely (``NameLevel/different``), that shares its mother or
/// household and its birth date to the month, and whose personal numbers do not agree, is
/// held to be two people: its name weighs ``weight`` more, far below any threshold, and its
/// explanation says why. Given names one edit apart in names that differ elsewhere too
/// (`Nguyễn Thị Kim Hà`, `Nguyễn Cẩm Hòa`) are `different` as well. Given names one edit
/// apart that start differently, the rest of the name the same
/// (``NameLevel/givenOneEdit``: `Hùng`, `Dũng`, but also `Hằng`, `ằng`) are left to the
/// weights: on the synthetic province, among pairs of one household and birth date without
/// agreeing numbers, such names were a slip of the pen six times as often as twins, and twins
/// of one sex with such names are few (a twin's number, when known, still tells them apart).
/// The rule also holds when both personal numbers are known and differ outright (not one
/// digit off or two swapped) and the names are not the same name (`Trương Thị Anh`,
/// `Trương Thị Quỳnh Anh`): two numbers are two people.
public enum TwinRule {
    /// Added to the name's weight when the rule applies.
    public static let weight = -40.0
    /// The explanation's note (``FieldContribution/rule``), Vietnamese first.
    public static let note = "sinh đôi: cùng mẹ hoặc hộ, cùng ngày sinh, tên khác / twins: same mother or household and birth date, another given name"

    /// Whether the rule applies to a comparison's levels (``ComparisonVector/packed``).
    @inline(__always)
    public static func applies(_ packed: UInt64) -> Bool {
        let name = UInt8(truncatingIfNeeded: packed)
        let number = UInt8(truncatingIfNeeded: packed >> 8)
        let date = UInt8(truncatingIfNeeded: packed >> 16)
        let household = UInt8(truncatingIfNeeded: packed >> 32)
        let mother = UInt8(truncatingIfNeeded: packed >> 48)
        let namesDiffer = name == NameLevel.different.rawValue
        let numbersDiffer = number == PersonalNumberLevel.different.rawValue && name > NameLevel.exactFolded.rawValue
        return (namesDiffer || numbersDiffer)
            && date <= BirthDateLevel.yearMonth.rawValue
            && number != PersonalNumberLevel.equal.rawValue
            && (household == EqualityLevel.equal.rawValue || mother == EqualityLevel.equal.rawValue)
    }
}
