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
        guard !text.isEmpty else { return .failure(.unreadable) }
        let separators: Set<Character> = ["/", "-", "."]
        var parts: [Substring] = []
        var current = text.startIndex
        var sepKinds = Set<Character>()
        for i in text.indices where separators.contains(text[i]) {
            parts.append(text[current..<i])
            sepKinds.insert(text[i])
            current = text.index(after: i)
        }
        parts.append(text[current...])
        guard sepKinds.count <= 1, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) })
        else { return .failure(.unreadable) }
        let numbers = parts.map { Int($0)! }
        let widths = parts.map(\.count)

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

        switch parts.count {
        case 3:
            if widths[0] == 4 {   // yyyy-mm-dd
                guard widths[1] <= 2, widths[2] <= 2 else { return .failure(.unreadable) }
                return full(year: numbers[0], yearWidth: 4, month: numbers[1], day: numbers[2])
            }
            guard widths[0] <= 2, widths[1] <= 2 else { return .failure(.unreadable) }
            return full(year: numbers[2], yearWidth: widths[2], month: numbers[1], day: numbers[0])
        case 2:
            if widths[0] == 4, widths[1] <= 2 {   // yyyy-mm
                return monthYear(month: numbers[1], year: numbers[0], yearWidth: 4)
            }
            guard widths[0] <= 2 else { return .failure(.unreadable) }
            return monthYear(month: numbers[0], year: numbers[1], yearWidth: widths[1])
        case 1:
            guard widths[0] == 4 else { return .failure(widths[0] == 2 ? .twoDigitYear : .unreadable) }
            guard allowPartial else { return .failure(.partialNotAllowed) }
            guard numbers[0] >= 1 else { return .failure(.impossible) }
            return .success(PartialDate(year: numbers[0]))
        default:
            return .failure(.unreadable)
        }
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
