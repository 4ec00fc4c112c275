/// How two person records compare, field by field.
///
/// Every function returns a level of ``ComparisonField`` (see the level enums); they are
/// public so that each can be tested and reused alone.
public enum Comparisons {
    /// The birth date parts a comparison needs; any may be unknown.
    public typealias DateParts = (year: Int?, month: Int?, day: Int?)

    /// Compares two records. Pass `names` when the ``NameForms`` are already worked out (the
    /// matcher does, once per record).
    public static func compare(_ a: PersonRecord, _ b: PersonRecord,
                               names: (NameForms, NameForms)? = nil) -> ComparisonVector {
        let (fa, fb) = names ?? (NameForms(a.fullName), NameForms(b.fullName))
        let packed = packedCompare(a, b, fa, fb)
        return ComparisonVector(packed: packed, agreedName: AgreedName.agreed(fa, fb, level: UInt8(truncatingIfNeeded: packed)))
    }

    /// The level names of a field, strongest agreement first, `null` last.
    public static func levelNames(of field: ComparisonField) -> [String] { field.levelNames }

    /// The levels of every field, a byte a field (``ComparisonVector/packed``): no allocation.
    @inline(__always)
    public static func packedCompare(_ a: PersonRecord, _ b: PersonRecord, _ fa: NameForms, _ fb: NameForms) -> UInt64 {
        var v = UInt64(nameLevel(fa, fb))
        v |= UInt64(personalNumberLevel(a.personalNumber, b.personalNumber)) << 8
        v |= UInt64(birthDateLevel((a.birthYear, a.birthMonth, a.birthDay), (b.birthYear, b.birthMonth, b.birthDay))) << 16
        v |= UInt64(equalityLevel(a.sex, b.sex)) << 24
        v |= UInt64(equalityLevel(a.householdKey, b.householdKey)) << 32
        v |= UInt64(equalityLevel(a.communeCode, b.communeCode)) << 40
        v |= UInt64(equalityLevel(a.motherKey, b.motherKey)) << 48
        return v
    }

    // MARK: fields

    /// ``PersonalNumberLevel``: equal, one digit off (Hamming 1), two adjacent digits swapped,
    /// different; `oneMissing` or `bothMissing` when a number is missing or empty.
    public static func personalNumberLevel(_ a: String?, _ b: String?) -> UInt8 {
        let hasA = !(a ?? "").isEmpty, hasB = !(b ?? "").isEmpty
        guard let a, let b, hasA, hasB else {
            return (hasA || hasB ? PersonalNumberLevel.oneMissing : .bothMissing).rawValue
        }
        guard a.utf8.count == b.utf8.count else { return PersonalNumberLevel.different.rawValue }
        return withUTF8(a, b) { pa, pb in
            var first = -1, count = 0
            for i in 0..<pa.count where pa[i] != pb[i] {
                count += 1
                if count > 2 { return PersonalNumberLevel.different.rawValue }
                if first < 0 { first = i }
            }
            switch count {
            case 0: return PersonalNumberLevel.equal.rawValue
            case 1: return PersonalNumberLevel.oneDigitOff.rawValue
            default:
                let i = first
                let swapped = i + 1 < pa.count && pa[i] == pb[i + 1] && pa[i + 1] == pb[i]
                return (swapped ? PersonalNumberLevel.transposed : .different).rawValue
            }
        }
    }

    /// ``BirthDateLevel`` of two partial dates; `null` when either year is unknown.
    public static func birthDateLevel(_ a: DateParts, _ b: DateParts) -> UInt8 {
        guard let ya = a.year, let yb = b.year else { return BirthDateLevel.null.rawValue }
        guard ya == yb else {
            let (gap, overflow) = ya.subtractingReportingOverflow(yb)
            return (!overflow && (gap == 1 || gap == -1) ? BirthDateLevel.yearOff : .different).rawValue
        }
        guard let ma = a.month, let mb = b.month else { return BirthDateLevel.yearOnly.rawValue }
        if ma == mb {
            if let da = a.day, let db = b.day, da == db { return BirthDateLevel.exact.rawValue }
            return BirthDateLevel.yearMonth.rawValue
        }
        if let da = a.day, let db = b.day, da == mb, db == ma { return BirthDateLevel.dayMonthSwapped.rawValue }
        return BirthDateLevel.monthDiffers.rawValue
    }

    /// ``BirthDateLevel`` of two records' birth dates.
    public static func birthDateLevel(_ a: PersonRecord, _ b: PersonRecord) -> UInt8 {
        birthDateLevel((a.birthYear, a.birthMonth, a.birthDay), (b.birthYear, b.birthMonth, b.birthDay))
    }

    /// ``EqualityLevel`` of two optional values.
    public static func equalityLevel<T: Equatable>(_ a: T?, _ b: T?) -> UInt8 {
        guard let a, let b else { return EqualityLevel.null.rawValue }
        return (a == b ? EqualityLevel.equal : .different).rawValue
    }

    /// ``EqualityLevel`` of two opaque keys compared byte for byte; an empty key is unknown.
    public static func equalityLevel(_ a: String?, _ b: String?) -> UInt8 {
        guard let a, let b, !a.isEmpty, !b.isEmpty else { return EqualityLevel.null.rawValue }
        return (sameUTF8(a, b) ? EqualityLevel.equal : .different).rawValue
    }

    // MARK: strings

    /// Jaro–Winkler similarity (0…1) of two texts, on their Unicode scalars.
    public static func jaroWinkler(_ a: String, _ b: String) -> Double {
        if isASCII(a), isASCII(b) { return withUTF8(a, b, StringDistance.jaroWinkler) }
        return withScalars(a, b, StringDistance.jaroWinkler)
    }

    /// Damerau–Levenshtein distance (optimal string alignment) on Unicode scalars, or
    /// `bound + 1` once it is known to exceed `bound` (the bound makes it cheap to ask
    /// "at most one edit?").
    public static func damerauLevenshtein(_ a: String, _ b: String, bound: Int = .max) -> Int {
        if isASCII(a), isASCII(b) {
            return withUTF8(a, b) { StringDistance.damerauLevenshtein($0, $1, bound: bound) }
        }
        return withScalars(a, b) { StringDistance.damerauLevenshtein($0, $1, bound: bound) }
    }

    @inline(__always)
    static func isASCII(_ s: String) -> Bool { s.utf8.allSatisfy { $0 < 0x80 } }
}
