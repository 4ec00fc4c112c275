import DansoDomain
import Testing

/// The register's states are rebuilt from facts: registers, closures and slips.
@Suite struct PersonTimelineTests {
    static func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }
    static let base = PersonAttributes(
        communeKey: 1, householdID: 10, memberNo: 2, fullName: "Đỗ Thị Tuyết", sex: .female,
        birthDate: PartialDate(year: 1989, month: 5, day: 25), ethnicity: "01", education: nil, maritalStatus: .neverMarried,
        residence: .permanent, method: nil, relationship: .spouse, personalNumber: nil, healthCard: nil)
    static let register = FactSource(batchID: 1, lineNo: 3)
    static func slip(_ line: Int) -> FactSource { FactSource(batchID: 2, lineNo: line) }

    @Test func aListingOpensAStateThatHoldsUntilSomethingChanges() {
        let r = PersonTimeline.build([.listed(day: Self.day("2023-12-31"), Self.base, source: Self.register)])
        #expect(r.spans.count == 1)
        #expect(r.spans[0].validFrom == Self.day("2023-12-31"))
        #expect(r.spans[0].validTo == nil)
        #expect(r.spans[0].base == Self.register)
    }

    @Test func aMarriageSplitsTheStateAndNamesItsSlip() {
        let r = PersonTimeline.build([
            .listed(day: Self.day("2023-12-31"), Self.base, source: Self.register),
            .event(day: Self.day("2024-03-01"), .maritalStatus(.married), slipID: 7, source: Self.slip(2)),
        ])
        #expect(r.spans.count == 2)
        #expect(r.spans[0].validTo == Self.day("2024-03-01"))
        #expect(r.spans[0].endReason == .changed)
        #expect(r.spans[1].attributes.maritalStatus == .married)
        #expect(r.spans[1].slipIDs == [7])
        #expect(r.spans[1].base == Self.register)
    }

    @Test func aLateReportIsAppliedAtItsOwnDateAndLaterStatesKeepIt() {
        // A method change reported after a marriage that happened later.
        let r = PersonTimeline.build([
            .listed(day: Self.day("2023-12-31"), Self.base, source: Self.register),
            .event(day: Self.day("2024-05-01"), .maritalStatus(.married), slipID: 8, source: Self.slip(1)),
            .event(day: Self.day("2024-02-01"), .method(.pill), slipID: 9, source: Self.slip(5)),
        ])
        #expect(r.spans.map(\.validFrom) == [Self.day("2023-12-31"), Self.day("2024-02-01"), Self.day("2024-05-01")])
        #expect(r.spans[2].attributes.method == .pill)
        #expect(r.spans[2].attributes.maritalStatus == .married)
        #expect(r.spans[2].slipIDs == [9, 8])
    }

    @Test func deathAndDepartureEndThePresenceAndLaterEventsAreIgnored() {
        let r = PersonTimeline.build([
            .listed(day: Self.day("2023-12-31"), Self.base, source: Self.register),
            .event(day: Self.day("2024-01-20"), .dies, slipID: 4, source: Self.slip(4)),
            .event(day: Self.day("2024-03-01"), .method(.pill), slipID: 5, source: Self.slip(5)),
        ])
        #expect(r.spans.count == 1)
        #expect(r.spans[0].validTo == Self.day("2024-01-20"))
        #expect(r.spans[0].endReason == .death)
        #expect(r.ignoredSlips == [5])
        let moved = PersonTimeline.build([
            .listed(day: Self.day("2023-12-31"), Self.base, source: Self.register),
            .event(day: Self.day("2024-01-20"), .leaves, slipID: 4, source: Self.slip(4)),
        ])
        #expect(moved.spans[0].endReason == .movedOut)
    }

    @Test func aBirthBringsThePersonInOnTheBirthDay() {
        var baby = Self.base
        baby.memberNo = 3
        baby.birthDate = PartialDate(Self.day("2024-01-10"))
        let r = PersonTimeline.build([.event(day: Self.day("2024-01-10"), .joins(baby), slipID: 1, source: Self.slip(1))])
        #expect(r.spans.count == 1)
        #expect(r.spans[0].validFrom == Self.day("2024-01-10"))
        #expect(r.spans[0].base == Self.slip(1))
        #expect(PersonTimeline.state(on: Self.day("2024-01-10"), in: r.spans) != nil)
        #expect(PersonTimeline.state(on: Self.day("2024-01-09"), in: r.spans) == nil)
    }

    @Test func aLaterRegisterOverridesAndAnUnchangedListingKeepsOneState() {
        var changed = Self.base
        changed.residence = .longAbsent
        let r = PersonTimeline.build([
            .listed(day: Self.day("2023-12-31"), Self.base, source: Self.register),
            .listed(day: Self.day("2024-03-31"), Self.base, source: FactSource(batchID: 5, lineNo: 1)),
            .listed(day: Self.day("2024-06-30"), changed, source: FactSource(batchID: 6, lineNo: 1)),
            .unlisted(day: Self.day("2024-12-31")),
        ])
        #expect(r.spans.count == 2)
        #expect(r.spans[0].base == Self.register)
        #expect(r.spans[1].attributes.residence == .longAbsent)
        #expect(r.spans[1].validTo == Self.day("2024-12-31"))
        #expect(r.spans[1].endReason == .reconciliation)
    }

    @Test func eventsOfADayComeBeforeTheRegisterOfThatDay() {
        var married = Self.base
        married.maritalStatus = .married
        let r = PersonTimeline.build([
            .listed(day: Self.day("2024-06-30"), married, source: FactSource(batchID: 6, lineNo: 1)),
            .listed(day: Self.day("2023-12-31"), Self.base, source: Self.register),
            .event(day: Self.day("2024-06-30"), .maritalStatus(.married), slipID: 3, source: Self.slip(3)),
        ])
        // The marriage and the register agree from 30/06: one state, based on the register listing before it.
        #expect(r.spans.count == 2)
        #expect(r.spans[1].validFrom == Self.day("2024-06-30"))
        #expect(r.spans[1].attributes.maritalStatus == .married)
    }
}
