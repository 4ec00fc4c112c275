import DansoDomain

/// A calendar day as a day number, so that a million birth dates cost four bytes each and
/// "a few days later" is an addition. Conversions follow H. Hinnant's civil-from-days.
public struct Day: Hashable, Comparable, Sendable {
    /// Days since 1970-01-01.
    public var number: Int32

    public init(number: Int32) { self.number = number }

    public init(_ year: Int, _ month: Int, _ day: Int) {
        number = Int32(CivilDate.daysSinceEpoch(year: year, month: month, day: day))
    }

    public var ymd: (year: Int, month: Int, day: Int) {
        let z = Int(number) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public var year: Int { ymd.year }

    public static func + (a: Day, n: Int) -> Day { Day(number: a.number + Int32(n)) }
    public static func - (a: Day, n: Int) -> Day { Day(number: a.number - Int32(n)) }
    public static func - (a: Day, b: Day) -> Int { Int(a.number - b.number) }
    public static func < (a: Day, b: Day) -> Bool { a.number < b.number }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The same day `years` later (29 February becomes 28 February).
    public func addingYears(_ years: Int) -> Day {
        let (y, m, d) = ymd
        return Day(y + years, m, min(d, Day.daysIn(month: m, year: y + years)))
    }

    /// ISO `yyyy-mm-dd`.
    public var iso: String {
        let (y, m, d) = ymd
        return "\(y)-\(Day.pad2(m))-\(Day.pad2(d))"
    }

    static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// A birth date as a register writes it: day and month may be unknown (feeds.md §1).
public struct BirthDate: Hashable, Sendable {
    public var year: Int
    /// 0 when unknown.
    public var month: Int
    /// 0 when unknown.
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init(_ d: Day) {
        let (y, m, dd) = d.ymd
        self.init(year: y, month: m, day: dd)
    }

    /// The day ages are computed from: a missing day counts as the 15th, a missing month as 1 July.
    public var referenceDay: Day {
        month == 0 ? Day(year, 7, 1) : Day(year, month, day == 0 ? 15 : day)
    }

    /// The earliest day the date can mean.
    public var earliestDay: Day { Day(year, max(month, 1), max(day, 1)) }

    /// Completed years at `at`, the way danso computes ages.
    public func age(at day: Day) -> Int {
        let r = referenceDay.ymd, a = day.ymd
        var years = a.year - r.year
        if (a.month, a.day) < (r.month, r.day) { years -= 1 }
        return max(0, years)
    }
}
