/// Levels of ``ComparisonField/name``, for readable code and tests.
public enum NameLevel: UInt8, Sendable, CaseIterable {
    /// `toned` forms equal.
    case exactTone
    /// `folded` forms equal: a tone or diacritic differs.
    case exactFolded
    /// Given and family names equal, the middle name another (not one slip away) or missing.
    case sameGivenAndFamily
    /// The whole name one edit apart (folded), the given names equal or one edit apart with
    /// the same first letter: a slip of the pen.
    case similar
    /// One name is the other without its last word(s) (`Phan Minh`, `Phan Minh Nhân`): a
    /// newborn reported before being named, or a given name left off.
    case givenMissing
    /// Only the given name agrees.
    case givenOnly
    /// Only the given names differ, one edit apart but starting differently (`Nguyễn Văn
    /// Hùng`, `Nguyễn Văn Dũng`; or a typo in the first letter): a sibling's name as often
    /// as a slip of the pen, but rare between strangers.
    case givenOneEdit
    case different
    case null
}

/// Levels of ``ComparisonField/personalNumber``.
///
/// Whether a number is written at all says something, so a missing number is a level with a
/// weight, not `null`: a person who has a number keeps it from one record to the next (one
/// record of a pair lacking it is a slip, and rarer among one person's records than among
/// strangers'), and two records that both lack one are likelier one person without a number
/// than two (on the synthetic province, −1.1 and +2 bits). `null` is never reached.
public enum PersonalNumberLevel: UInt8, Sendable, CaseIterable {
    case equal, oneDigitOff, transposed, different
    /// One record has a number, the other none.
    case oneMissing
    /// Neither record has a number.
    case bothMissing
    case null
}

/// Levels of ``ComparisonField/birthDate``.
public enum BirthDateLevel: UInt8, Sendable, CaseIterable {
    /// Year, month and day all known and equal.
    case exact
    /// Same year, day and month swapped (`05/03` written for `03/05`).
    case dayMonthSwapped
    /// Same year and month; the day differs or one side lacks it.
    case yearMonth
    /// Same year, one side knows only the year (an elderly person's date, a date left
    /// partial): strangers born in one year rarely have one partial date, so this weighs
    /// far more than `monthDiffers`.
    case yearOnly
    /// Same year, both months known and different (not a day/month swap).
    case monthDiffers
    /// Years one apart.
    case yearOff
    case different
    case null
}

/// Levels of the equality fields (sex, household, commune, mother).
public enum EqualityLevel: UInt8, Sendable, CaseIterable {
    case equal, different, null
}
