import Testing
import DansoDomain

@Suite("PartialDate")
struct PartialDateTests {
    @Test("full dates in every accepted form", arguments: [
        ("31/12/2023", 2023, 12, 31),
        ("05/06/1990", 1990, 6, 5),
        ("5/6/1990", 1990, 6, 5),
        ("1/2/2023", 2023, 2, 1),
        ("05-06-1990", 1990, 6, 5),
        ("1990-06-05", 1990, 6, 5),
        ("1990-6-5", 1990, 6, 5),
        ("05.06.1990", 1990, 6, 5),
        ("  05/06/1990 ", 1990, 6, 5),
        ("29/02/2024", 2024, 2, 29),
        ("2024-02-29", 2024, 2, 29),
    ])
    func fullDates(_ text: String, _ y: Int, _ m: Int, _ d: Int) {
        for allowPartial in [false, true] {
            #expect(PartialDate.parse(text, allowPartial: allowPartial) == .success(PartialDate(year: y, month: m, day: d)))
        }
    }

    @Test("partial dates where allowed", arguments: [
        ("02/1950", 1950, 2 as Int?),
        ("2/1950", 1950, 2),
        ("02-1950", 1950, 2),
        ("1950-02", 1950, 2),
        ("1950-2", 1950, 2),
        ("12/2023", 2023, 12),
        ("1950", 1950, nil),
        (" 1950 ", 1950, nil),
    ])
    func partialDates(_ text: String, _ y: Int, _ m: Int?) {
        let parsed = PartialDate.parse(text, allowPartial: true)
        #expect(parsed == .success(PartialDate(year: y, month: m)))
        if case .success(let date) = parsed { #expect(!date.isComplete) }
    }

    @Test("partial dates where a full one is required", arguments: ["02/1950", "1950-02", "02-1950", "1950"])
    func partialNotAllowed(_ text: String) {
        #expect(PartialDate.parse(text, allowPartial: false) == .failure(.partialNotAllowed))
    }

    @Test("impossible days", arguments: [
        "31/02/2023", "29/02/2023", "30/02/2024", "31/04/2023", "00/01/2023", "01/00/2023", "32/01/2023",
        "1990/13/01", "1990-13-01", "2023-02-29", "13/1950", "00/1950", "1950-13", "0000",
    ])
    func impossible(_ text: String) {
        #expect(PartialDate.parse(text, allowPartial: true) == .failure(.impossible))
    }

    @Test("two-digit years are never guessed", arguments: ["11/09/90", "1/9/90", "11-09-90", "09/90", "90"])
    func twoDigitYear(_ text: String) {
        #expect(PartialDate.parse(text, allowPartial: true) == .failure(.twoDigitYear))
        #expect(PartialDate.parse(text, allowPartial: false) == .failure(.twoDigitYear))
    }

    @Test("unreadable text", arguments: [
        "", "   ", "abc", "ngày 5", "01/02-2023", "1/2/3/2023", "01/02/023", "001/02/2023", "2023-001-01",
        "31/12/2023 10:00", "19900", "1", "1990-123", "123/1990", "/01/2023", "01//2023", "2023-01-",
    ])
    func unreadable(_ text: String) {
        #expect(PartialDate.parse(text, allowPartial: true) == .failure(.unreadable))
    }

    @Test func referenceDayFillsTheMissingParts() throws {
        #expect(PartialDate(year: 1950).referenceDay == CivilDate(year: 1950, month: 7, day: 1))
        #expect(PartialDate(year: 1950, month: 3).referenceDay == CivilDate(year: 1950, month: 3, day: 15))
        #expect(PartialDate(year: 2023, month: 2).referenceDay == CivilDate(year: 2023, month: 2, day: 15))
        #expect(PartialDate(year: 1950, month: 3, day: 9).referenceDay == CivilDate(year: 1950, month: 3, day: 9))
    }

    @Test func earliestDay() {
        #expect(PartialDate(year: 1950).earliestDay == CivilDate(year: 1950, month: 1, day: 1))
        #expect(PartialDate(year: 1950, month: 3).earliestDay == CivilDate(year: 1950, month: 3, day: 1))
        #expect(PartialDate(year: 1950, month: 3, day: 9).earliestDay == CivilDate(year: 1950, month: 3, day: 9))
    }

    @Test func ageFromAPartialBirthDate() throws {
        // Year only: born "1 July".
        let yearOnly = PartialDate(year: 1950).referenceDay
        #expect(yearOnly.completedYears(at: day(2023, 6, 30)) == 72)
        #expect(yearOnly.completedYears(at: day(2023, 7, 1)) == 73)
        // Month and year: born on the 15th.
        let monthYear = PartialDate(year: 1950, month: 12).referenceDay
        #expect(monthYear.completedYears(at: day(2023, 12, 14)) == 72)
        #expect(monthYear.completedYears(at: day(2023, 12, 15)) == 73)
    }

    @Test func descriptionWritesWhatWasKnown() throws {
        #expect(PartialDate(year: 1950, month: 3, day: 9).description == "09/03/1950")
        #expect(PartialDate(year: 1950, month: 11).description == "11/1950")
        #expect(PartialDate(year: 1950).description == "1950")
        #expect(PartialDate(day(2023, 12, 31)) == PartialDate(year: 2023, month: 12, day: 31))
        #expect(PartialDate(year: 1950, month: 3, day: 9).isComplete)
    }
}
