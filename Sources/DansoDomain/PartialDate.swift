/// A date that may lack its day, or its day and month (`mm/yyyy`, `yyyy`).
///
/// Elderly people often know only their birth year (feeds.md §1); the register keeps
/// what was written and uses ``referenceDay`` for age computations.
public struct PartialDate: Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init(_ date: CivilDate) {
        self.init(year: date.year, month: date.month, day: date.day)
    }

    public var isComplete: Bool { day != nil }

    /// The day used for ages: a missing day counts as the 15th, a missing month as 1 July.
    public var referenceDay: CivilDate {
        if let month {
            return CivilDate(year: year, month: month, day: day ?? 15)!
        }
        return CivilDate(year: year, month: 7, day: 1)!
    }

    /// The earliest day the date can mean (for "after the as-of date" checks).
    public var earliestDay: CivilDate {
        CivilDate(year: year, month: month ?? 1, day: day ?? 1)!
    }

    public var description: String {
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        switch (month, day) {
        case let (m?, d?): return "\(pad(d))/\(pad(m))/\(year)"
        case let (m?, nil): return "\(pad(m))/\(year)"
        default: return "\(year)"
        }
    }
}

/// Why a date cell could not be read (rule R03).
public enum DateProblem: Error, Equatable, Sendable {
    /// Not in any accepted form.
    case unreadable
    /// A two-digit year: never guessed (feeds.md §1).
    case twoDigitYear
    /// The form is right but the day does not exist (31/02).
    case impossible
    /// A partial date where a full one is required.
    case partialNotAllowed
}

extension PartialDate {
    /// Reads `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, ISO `yyyy-mm-dd`, and, when
    /// `allowPartial`, `mm/yyyy`, `mm-yyyy`, `yyyy-mm` and `yyyy`.
    public static func parse(_ raw: String, allowPartial: Bool) -> Result<PartialDate, DateProblem> {
        let text = raw.trimmingSpaces
        let scanned = text.utf8.withContiguousStorageIfAvailable(DigitRuns.init) ?? DigitRuns(text.utf8)
        guard let runs = scanned else { return .failure(.unreadable) }
        let (numbers, widths, partCount) = (runs.numbers, runs.widths, runs.count)

        func full(year: Int, yearWidth: Int, month: Int, day: Int) -> Result<PartialDate, DateProblem> {
            guard yearWidth == 4 else { return .failure(yearWidth == 2 ? .twoDigitYear : .unreadable) }
            guard let d = CivilDate(year: year, month: month, day: day) else { return .failure(.impossible) }
            return .success(PartialDate(d))
        }
        func monthYear(month: Int, year: Int, yearWidth: Int) -> Result<PartialDate, DateProblem> {
            guard yearWidth == 4 else { return .failure(yearWidth == 2 ? .twoDigitYear : .unreadable) }
            guard allowPartial else { return .failure(.partialNotAllowed) }
            guard (1...12).contains(month), year >= 1 else { return .failure(.impossible) }
            return .success(PartialDate(year: year, month: month))
        }

        switch partCount {
        case 3:
            if widths.0 == 4 {   // yyyy-mm-dd
                guard widths.1 <= 2, widths.2 <= 2 else { return .failure(.unreadable) }
                return full(year: numbers.0, yearWidth: 4, month: numbers.1, day: numbers.2)
            }
            guard widths.0 <= 2, widths.1 <= 2 else { return .failure(.unreadable) }
            return full(year: numbers.2, yearWidth: widths.2, month: numbers.1, day: numbers.0)
        case 2:
            if widths.0 == 4, widths.1 <= 2 {   // yyyy-mm
                return monthYear(month: numbers.1, year: numbers.0, yearWidth: 4)
            }
            guard widths.0 <= 2 else { return .failure(.unreadable) }
            return monthYear(month: numbers.0, year: numbers.1, yearWidth: widths.1)
        case 1:
            guard widths.0 == 4 else { return .failure(widths.0 == 2 ? .twoDigitYear : .unreadable) }
            guard allowPartial else { return .failure(.partialNotAllowed) }
            guard numbers.0 >= 1 else { return .failure(.impossible) }
            return .success(PartialDate(year: numbers.0))
        default:
            return .failure(.unreadable)
        }
    }
}

/// Up to three runs of digits joined by one kind of separator (`/`, `-` or `.`), read in
/// one pass over the bytes of a date cell; nil when the cell is not of that shape.
struct DigitRuns {
    var numbers = (0, 0, 0), widths = (0, 0, 0)
    var count = 0

    init?<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        // The run being read is `number`/`width`; finished runs move to `numbers`/`widths`.
        var number = 0, width = 0
        var last = 0
        var separator: UInt8 = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard width < 9 else { return nil }
                number = number * 10 + Int(byte &- UInt8(ascii: "0"))
                width += 1
            case UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "."):
                guard separator == 0 || separator == byte, width > 0, last < 2 else { return nil }
                separator = byte
                if last == 0 { (numbers.0, widths.0) = (number, width) } else { (numbers.1, widths.1) = (number, width) }
                number = 0
                width = 0
                last += 1
            default:
                return nil
            }
        }
        guard width > 0 else { return nil }
        switch last {
        case 0: (numbers.0, widths.0) = (number, width)
        case 1: (numbers.1, widths.1) = (number, width)
        default: (numbers.2, widths.2) = (number, width)
        }
        count = last + 1
    }
}

extension Character {
    @inlinable var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (cells are often padded by spreadsheets).
    public var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\u{00A0}" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\u{00A0}" || l == "\r" { s.removeLast() }
        return String(s)
    }
}

extension String {
    /// Without leading and trailing spaces and tabs. Cut on the UTF-8 bytes when they alone
    /// can tell (most cells are not padded at all); a no-break space, or a space next to a
    /// non-ASCII scalar that could join it into one Character, is left to the Character walk.
    public var trimmingSpaces: String {
        switch utf8.withContiguousStorageIfAvailable(SpaceCut.init) {
        case .unpadded?: return self
        case .bytes(let range)?:
            return utf8.withContiguousStorageIfAvailable { String(decoding: $0[range], as: UTF8.self) }!
        case .characters?, nil: return Substring(self).trimmingSpaces
        }
    }
}

/// What `String.trimmingSpaces` cuts, read from the UTF-8 bytes.
enum SpaceCut: Equatable {
    /// Nothing to cut.
    case unpadded
    /// Keep these bytes.
    case bytes(Range<Int>)
    /// Bytes alone cannot tell: walk Characters.
    case characters

    init(_ b: UnsafeBufferPointer<UInt8>) {
        // Most cells are not padded: two edge bytes settle it.
        guard let first = b.first, let last = b.last,
              first == 0x20 || first == 0x09 || first == 0xC2 || last == 0x20 || last == 0x09 || last == 0x0D || last == 0xA0
        else {
            self = .unpadded
            return
        }
        var lo = 0, hi = b.count
        while lo < hi, b[lo] == 0x20 || b[lo] == 0x09 { lo += 1 }
        // U+00A0 starts with 0xC2; after a cut space, a non-ASCII scalar may be a mark joined to it.
        if lo < hi, b[lo] >= 0x80, lo > 0 || b[lo] == 0xC2 {
            self = .characters
            return
        }
        while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x09 || b[hi - 1] == 0x0D { hi -= 1 }
        // U+00A0 ends with 0xA0; before a cut space, a non-ASCII scalar may be a prefix joined to it.
        if hi > lo, b[hi - 1] >= 0x80, hi < b.count || b[hi - 1] == 0xA0 {
            self = .characters
            return
        }
        self = lo == 0 && hi == b.count ? .unpadded : .bytes(lo..<hi)
    }
}
