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
    /// Only the given name agrees.
    case givenOnly
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
