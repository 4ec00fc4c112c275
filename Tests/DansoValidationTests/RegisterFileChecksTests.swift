import Testing
import DansoDomain
import DansoValidation

@Suite("RegisterFileChecks")
struct RegisterFileChecksTests {
    private let key = PersonKey(communeCode: "25489", householdCode: "H1", memberNo: 1)
    private let row = ["31/12/2023", "25489", "H1", "1", "Nguyễn Văn A", "1", "1", "11/09/1990"]

    private func born(_ y: Int, _ m: Int? = nil, _ d: Int? = nil) -> PartialDate { PartialDate(year: y, month: m, day: d) }

    // MARK: Admission (duplicates and R11)

    @Test func identicalRepeatIsADuplicate() {
        var checks = RegisterFileChecks()
        #expect(checks.admit(key: key, line: 2, fields: row) == .new)
        #expect(checks.admit(key: key, line: 3, fields: row) == .duplicate)
        // Padding does not make content different.
        #expect(checks.admit(key: key, line: 4, fields: row.map { " \($0) " }) == .duplicate)
    }

    @Test func trailingEmptyCellsDoNotMakeContentDifferent() {
        var checks = RegisterFileChecks()
        #expect(checks.admit(key: key, line: 2, fields: row) == .new)
        #expect(checks.admit(key: key, line: 3, fields: row + ["", " "]) == .duplicate)
    }

    @Test func sameKeyOtherContentConflictsWithTheEarlierLines() {
        var checks = RegisterFileChecks()
        #expect(checks.admit(key: key, line: 2, fields: row) == .new)
        #expect(checks.admit(key: key, line: 3, fields: row) == .duplicate)
        var other = row
        other[4] = "Nguyễn Văn B"
        #expect(checks.admit(key: key, line: 5, fields: other) == .conflict(earlierLines: [2]))
        // Later lines of the key conflict too, even the original content; the earlier lines were already named.
        #expect(checks.admit(key: key, line: 8, fields: row) == .conflict(earlierLines: []))
        // Another key is not affected.
        let next = PersonKey(communeCode: "25489", householdCode: "H1", memberNo: 2)
        #expect(checks.admit(key: next, line: 9, fields: other) == .new)
    }

    @Test func conflictFinding() {
        let finding = RegisterFileChecks.conflictFinding(line: 5, key: key, lines: [2, 5])
        #expect(finding.rule == .R11)
        #expect(finding.severity == .error)
        #expect(finding.line == 5)
        #expect(finding.column == "stt")
        #expect(finding.value == "25489/H1/1")
        #expect(finding.messageVI.contains("2, 5"))
        #expect(finding.messageEN.contains("2, 5"))
    }

    // MARK: R12, R13, R14

    @Test func wellFormedHouseholdHasNoFindings() {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, member: 1, .head, born: born(1960, 5, 1)))
        checks.record(Fixture.person(line: 3, member: 2, .spouse, sex: .female, born: born(1962)))
        checks.record(Fixture.person(line: 4, member: 3, .child, born: born(1990, 1, 1)))
        checks.record(Fixture.person(line: 5, member: 4, .grandchild, born: born(2015)))
        #expect(checks.finish().isEmpty)
    }

    @Test func householdWithoutHeadIsR12() throws {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, household: "H1", member: 1, .head, born: born(1960)))
        checks.record(Fixture.person(line: 3, household: "H2", member: 2, .spouse, sex: .female, born: born(1962)))
        checks.record(Fixture.person(line: 4, household: "H2", member: 3, .child, born: born(1990)))
        let findings = checks.finish()
        #expect(findings.map(\.rule) == [.R12])
        let finding = try #require(findings.first)
        #expect(finding.line == 3)
        #expect(finding.severity == .warning)
        #expect(finding.column == "quan_he_chu_ho")
        #expect(finding.value == "25489/H2")
        #expect(finding.messageEN.contains("0 heads"))
    }

    @Test func householdWithTwoHeadsIsR12() throws {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, member: 1, .head, born: born(1960)))
        checks.record(Fixture.person(line: 3, member: 2, .head, sex: .female, born: born(1962)))
        let findings = checks.finish()
        #expect(findings.map(\.rule) == [.R12])
        #expect(findings.first?.line == 2)
        #expect(findings.first?.messageEN.contains("2 heads") == true)
    }

    @Test func headYoungerThan15IsR13() throws {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, member: 1, .sibling, born: born(2009, 1, 1)))
        checks.record(Fixture.person(line: 3, member: 2, .head, born: born(2011, 6, 1)))
        let findings = checks.finish()
        #expect(findings.map(\.rule) == [.R13])
        let finding = try #require(findings.first)
        #expect(finding.line == 3)
        #expect(finding.severity == .warning)
        #expect(finding.column == "ngay_sinh")
        #expect(finding.value == "12")
    }

    @Test func headOf15IsFine() {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, member: 1, .head, born: born(2008, 12, 31)))
        #expect(checks.finish().isEmpty)
    }

    @Test("R14: child too close in age to the head", arguments: [
        ((2000, 1, 1), 10 as Int?), ((2001, 12, 31), 11), ((2002, 1, 1), nil), ((2010, 5, 5), nil),
    ])
    func childTooClose(_ child: (Int, Int, Int), _ gap: Int?) throws {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, member: 1, .head, born: born(1990, 1, 1)))
        checks.record(Fixture.person(line: 3, member: 2, .child, born: born(child.0, child.1, child.2)))
        let findings = checks.finish()
        if let gap {
            #expect(findings.map(\.rule) == [.R14])
            let finding = try #require(findings.first)
            #expect(finding.line == 3)
            #expect(finding.severity == .warning)
            #expect(finding.column == "ngay_sinh")
            #expect(finding.value == String(gap))
        } else {
            #expect(findings.isEmpty)
        }
    }

    @Test func onlyChildrenOfTheHeadAreComparedForR14() {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, member: 1, .head, born: born(1990, 1, 1)))
        checks.record(Fixture.person(line: 3, member: 2, .sibling, born: born(1995)))
        checks.record(Fixture.person(line: 4, member: 3, .childInLaw, born: born(1992)))
        #expect(checks.finish().isEmpty)
    }

    // MARK: R15

    @Test func samePersonalNumberOnTwoKeysIsR15() throws {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, household: "H1", member: 1, .head, born: born(1990), number: "072090347459"))
        checks.record(Fixture.person(line: 3, household: "H2", member: 1, .head, born: born(1990), number: "072090347459"))
        let findings = checks.finish()
        #expect(findings.map(\.rule) == [.R15])
        let finding = try #require(findings.first)
        #expect(finding.line == 3)
        #expect(finding.severity == .warning)
        #expect(finding.column == "so_dinh_danh")
        #expect(finding.value == "072090347459")
        #expect(finding.messageEN.contains("25489/H1/1"))
    }

    @Test func samePersonalNumberOnTheSameKeyIsNotR15() {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, member: 1, .head, born: born(1990), number: "072090347459"))
        checks.record(Fixture.person(line: 3, member: 1, .head, born: born(1990), number: "072090347459"))
        #expect(!checks.finish().contains { $0.rule == .R15 })
    }

    @Test func differentNumbersAreFine() {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, member: 1, .head, born: born(1990), number: "072090347459"))
        checks.record(Fixture.person(line: 3, member: 2, .spouse, sex: .female, born: born(1990), number: "072190347460"))
        #expect(checks.finish().isEmpty)
    }

    // MARK: Withdrawn lines

    @Test func withdrawnHeadDoesNotCountForR12() {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, member: 1, .head, born: born(1960)))
        checks.record(Fixture.person(line: 3, member: 2, .head, born: born(1961)))
        checks.withdraw(line: 3)
        #expect(checks.lateRejections == [3])
        #expect(checks.finish().isEmpty)
    }

    @Test func withdrawingTheOnlyHeadLeavesNone() {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, member: 1, .head, born: born(2011, 6, 1)))
        checks.record(Fixture.person(line: 3, member: 2, .child, born: born(2020)))
        checks.withdraw(line: 2)
        // No R13 for the withdrawn head, and no R14 without a head; the household has no head.
        #expect(checks.finish().map(\.rule) == [.R12])
    }

    @Test func withdrawnChildIsNotComparedForR14() {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, member: 1, .head, born: born(1990, 1, 1)))
        checks.record(Fixture.person(line: 3, member: 2, .child, born: born(2000, 1, 1)))
        checks.withdraw(line: 3)
        #expect(checks.finish().isEmpty)
    }

    @Test func findingsAreSortedByLine() {
        var checks = RegisterFileChecks()
        checks.record(Fixture.person(line: 2, household: "H1", member: 1, .spouse, born: born(1960)))
        checks.record(Fixture.person(line: 3, household: "H2", member: 1, .head, born: born(2012, 1, 1), number: "072212000001"))
        checks.record(Fixture.person(line: 4, household: "H2", member: 2, .child, born: born(2013, 1, 1)))
        checks.record(Fixture.person(line: 5, household: "H3", member: 1, .head, born: born(1980), number: "072212000001"))
        let findings = checks.finish()
        #expect(findings.map(\.line) == [2, 3, 4, 5])
        #expect(findings.map(\.rule) == [.R12, .R13, .R14, .R15])
        for finding in findings {
            #expect(!finding.messageVI.isEmpty)
            #expect(!finding.messageEN.isEmpty)
        }
    }
}
