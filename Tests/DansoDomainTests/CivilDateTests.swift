import Testing
import DansoDomain

@Suite("CivilDate")
struct CivilDateTests {
    @Test("days that exist", arguments: [
        (2024, 2, 29), (2000, 2, 29), (2023, 2, 28), (2023, 4, 30), (2023, 12, 31), (1, 1, 1), (9999, 12, 31),
    ])
    func existingDays(_ y: Int, _ m: Int, _ d: Int) throws {
        let date = try #require(CivilDate(year: y, month: m, day: d))
        #expect((date.year, date.month, date.day) == (y, m, d))
    }

    @Test("days that do not exist", arguments: [
        (2023, 2, 29), (1900, 2, 29), (2023, 2, 31), (2023, 4, 31), (2023, 13, 1), (2023, 0, 1), (2023, 1, 0),
        (2023, 1, 32), (0, 1, 1), (10000, 1, 1),
    ])
    func missingDays(_ y: Int, _ m: Int, _ d: Int) {
        #expect(CivilDate(year: y, month: m, day: d) == nil)
    }

    @Test func leapYears() {
        #expect(CivilDate.isLeap(2024))
        #expect(CivilDate.isLeap(2000))
        #expect(!CivilDate.isLeap(1900))
        #expect(!CivilDate.isLeap(2023))
        #expect(CivilDate.daysIn(month: 2, year: 2024) == 29)
        #expect(CivilDate.daysIn(month: 2, year: 2023) == 28)
        #expect(CivilDate.daysIn(month: 11, year: 2023) == 30)
        #expect(CivilDate.daysIn(month: 7, year: 2023) == 31)
    }

    @Test func isoIsZeroPadded() throws {
        #expect(day(2023, 1, 5).iso == "2023-01-05")
        #expect(day(5, 3, 7).iso == "0005-03-07")
        #expect(day(2023, 12, 31).description == "2023-12-31")
    }

    @Test func endOfMonth() throws {
        #expect(day(2024, 2, 3).endOfMonth == CivilDate(year: 2024, month: 2, day: 29))
        #expect(day(2023, 2, 3).endOfMonth == CivilDate(year: 2023, month: 2, day: 28))
        #expect(day(2023, 6, 30).endOfMonth == CivilDate(year: 2023, month: 6, day: 30))
    }

    @Test("completed years around a birthday", arguments: [
        ((2020, 6, 14), 29), ((2020, 6, 15), 30), ((2020, 6, 16), 30), ((2020, 1, 1), 29),
        ((2020, 12, 31), 30), ((1990, 6, 15), 0), ((1990, 12, 31), 0),
    ])
    func completedYears(_ at: (Int, Int, Int), _ expected: Int) throws {
        let birth = try #require(CivilDate(year: 1990, month: 6, day: 15))
        let day = try #require(CivilDate(year: at.0, month: at.1, day: at.2))
        #expect(birth.completedYears(at: day) == expected)
    }

    @Test func completedYearsForALeapDayBirth() throws {
        let birth = try #require(CivilDate(year: 2000, month: 2, day: 29))
        #expect(birth.completedYears(at: day(2021, 2, 28)) == 20)
        #expect(birth.completedYears(at: day(2021, 3, 1)) == 21)
        #expect(birth.completedYears(at: day(2024, 2, 29)) == 24)
    }

    @Test func ordering() throws {
        let a = try #require(CivilDate(year: 2023, month: 12, day: 31))
        let b = try #require(CivilDate(year: 2024, month: 1, day: 1))
        let c = try #require(CivilDate(year: 2024, month: 1, day: 2))
        let d = try #require(CivilDate(year: 2024, month: 2, day: 1))
        #expect(a < b && b < c && c < d)
        #expect(!(b < a))
        #expect([d, b, a, c].sorted() == [a, b, c, d])
    }

    @Test func isoParsing() throws {
        #expect(CivilDate(iso: "2023-12-31") == CivilDate(year: 2023, month: 12, day: 31))
        #expect(CivilDate(iso: "2024-02-29") == CivilDate(year: 2024, month: 2, day: 29))
        #expect(CivilDate(iso: "2023-02-29") == nil)
        #expect(CivilDate(iso: "31/12/2023") == nil)
        #expect(CivilDate(iso: "23-12-31") == nil)
        #expect(CivilDate(iso: "2023-12") == nil)
        #expect(CivilDate(iso: "") == nil)
    }

    @Test func daysSinceEpochCountDaysAcrossLeapDays() throws {
        let epoch = try #require(CivilDate(year: 1970, month: 1, day: 1))
        let millennium = try #require(CivilDate(year: 2000, month: 3, day: 1))
        let leap = try #require(CivilDate(year: 2024, month: 2, day: 29))
        let after = try #require(CivilDate(year: 2024, month: 3, day: 1))
        let newYear = try #require(CivilDate(year: 2025, month: 1, day: 1))
        #expect(epoch.daysSinceEpoch == 0)
        #expect(millennium.daysSinceEpoch == 11_017)          // 30 years of 365 days + 7 leap days + Jan and Feb 2000
        #expect(after.daysSinceEpoch - leap.daysSinceEpoch == 1)
        #expect(newYear.daysSinceEpoch - after.daysSinceEpoch == 306)
        #expect(CivilDate.daysSinceEpoch(year: 1969, month: 12, day: 31) == -1)
    }
}
