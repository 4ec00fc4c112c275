/// A calendar day with no time zone: what registers and slips write ("ngày").
///
/// Registers speak of days, not instants; keeping dates as plain year/month/day
/// avoids every time-zone surprise of `Date`.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Returns nil when the day does not exist (31/02, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01, so that "days apart" is a subtraction.
    public var daysSinceEpoch: Int { Self.daysSinceEpoch(year: year, month: month, day: day) }

    /// Days since 1970-01-01 of a proleptic Gregorian day (H. Hinnant's days-from-civil);
    /// for callers that keep days as numbers without building a `CivilDate`.
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO 8601 (`yyyy-mm-dd`), the form PostgreSQL reads.
    ///
    /// Written straight as ten ASCII bytes (the year is 1–9999, so always four digits):
    /// every staged line carries two or three of these.
    public var iso: String {
        String(unsafeUninitializedCapacity: 10) { out in
            func put(_ n: Int, _ width: Int, at end: Int) {
                var n = n
                for i in stride(from: end - 1, through: end - width, by: -1) {
                    out[i] = UInt8(truncatingIfNeeded: 48 + n % 10)
                    n /= 10
                }
            }
            put(year, 4, at: 4)
            out[4] = UInt8(ascii: "-")
            put(month, 2, at: 7)
            out[7] = UInt8(ascii: "-")
            put(day, 2, at: 10)
            return 10
        }
    }

    public var description: String { iso }

    /// The last day of this date's month.
    public var endOfMonth: CivilDate {
        CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))!
    }

    /// Completed years from `self` (a birth date) to `date`.
    public func completedYears(at date: CivilDate) -> Int {
        var age = date.year - year
        if (date.month, date.day) < (month, day) { age -= 1 }
        return age
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Parses ISO `yyyy-mm-dd` only (used for command-line options and the database).
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }
}
