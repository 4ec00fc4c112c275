/// Levels of ``ComparisonField/name``, for readable code and tests.
public enum NameLevel: UInt8, Sendable, CaseIterable {
    /// `toned` forms equal.
    case exactTone
    /// `folded` forms equal: a tone or diacritic differs.
    case exactFolded
    /// Given and family names equal, the middle name differs or is missing.
    case sameGivenAndFamily
    /// Close spelling (one edit, or Jaro–Winkler ≥ 0.92) with close given names.
    case similar
    /// One name is the other without its last word(s) (`Phan Minh`, `Phan Minh Nhân`): a
    /// newborn reported before being named, or a given name left off.
    case givenMissing
    /// Only the given name agrees.
    case givenOnly
    /// The given names are one edit apart but start differently (`Hùng`, `Dũng`; or a typo
    /// in the first letter): a sibling's name as often as a slip of the pen.
    case givenOneEdit
    case different
    case null
}

/// Levels of ``ComparisonField/personalNumber``.
public enum PersonalNumberLevel: UInt8, Sendable, CaseIterable {
    case equal, oneDigitOff, transposed, different, null
}

/// Levels of ``ComparisonField/birthDate``.
public enum BirthDateLevel: UInt8, Sendable, CaseIterable {
    /// Year, month and day all known and equal.
    case exact
    /// Same year, day and month swapped (`05/03` written for `03/05`).
    case dayMonthSwapped
    /// Same year and month; the day differs or one side lacks it.
    case yearMonth
    /// Same year; the month differs or one side lacks it.
    case yearOnly
    /// Years one apart.
    case yearOff
    case different
    case null
}

/// Levels of the equality fields (sex, household, commune, mother).
public enum EqualityLevel: UInt8, Sendable, CaseIterable {
    case equal, different, null
}
