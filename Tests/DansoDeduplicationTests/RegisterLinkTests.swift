import DansoDeduplication
import DansoLinkage
import DansoPostgres
import DansoWarehouse
import Foundation
import Testing

/// The same person listed in two communes' registers is one person: linked when the
/// matcher is sure, counted once from then on, counted twice again when unlinked; a pair
/// the matcher is unsure of waits in review, counted twice, and a rejected pair never comes back.
@Suite struct RegisterLinkTests {
    /// One resident person of the sample register of Tân Lập (25489), as a register line.
    static func someone(_ w: LinkFixture, offset: Int = 0) throws -> PostgresRow {
        try w.connection.query("""
            select s.person_id, s.full_name, s.sex, s.birth_year, s.birth_month, s.birth_day, s.personal_number, s.marital_status
            from registry.person_state s join ref.admin_unit u on u.unit_key = s.commune_key
            where u.code = '25489' and s.superseded_at is null and s.valid_to = 'infinity'
              and s.residence = 1 and s.personal_number is not null and s.birth_day is not null and s.birth_year < 1990
            order by s.person_id offset \(offset) limit 1
            """).first!
    }

    static func line(_ p: PostgresRow, household: String, member: Int, commune: String = "25519", name: String? = nil,
                     birth: String? = nil, personalNumber: String?? = nil) -> String {
        let birth = birth ?? String(format: "%02d/%02d/%@", Int(p["birth_day"]!)!, Int(p["birth_month"]!)!, p["birth_year"]!)
        let pn = personalNumber ?? p["personal_number"]
        return "31/12/2023,\(commune),1,\(household),\(member),\(name ?? p["full_name"]!),\(p["sex"]!),\(birth),01,1,\(p["marital_status"] ?? "2"),1,\(pn ?? "")"
    }

    @Test func theSamePersonInTwoCommunesIsLinkedAndCountedOnceUntilUnlinked() throws {
        let w = try LinkFixture()
        try w.ingest(LinkFixture.sample("a0_25489_tan_lap_2023-12-31.csv"))
        try w.ingest(LinkFixture.sample("a0_25519_tan_ha_2023-12-31.csv"))
        let linker = PersonLinker(connection: w.connection, files: LinkFixture.files, logger: w.logger)
        let first = try linker.run(newFromBatches: nil)
        let before = try w.population(on: "2023-12-31")
        let baseline = try w.scalar("select count(*) from registry.person_link where status = 'linked'")
        #expect(first.linked == baseline)

        // Listed again in Tân Hà (25519), in a household of their own.
        let p = try Self.someone(w)
        let path = try w.write("a0_25519_extra.csv", [LinkFixture.a0Header, Self.line(p, household: "TH99001", member: 1)])
        let outcome = try w.ingest(path, scope: .households)
        #expect(outcome.report.rows.accepted == 1)
        #expect(try w.population(on: "2023-12-31") == before + 1)   // not linked yet: two people

        let run = try linker.run(newFromBatches: [Int64(outcome.report.batchID!)])
        #expect(run.linked == 1)
        let pair = try #require(try LinkReview(connection: w.connection).list(status: "linked").first {
            $0.a.personID == Int64(p["person_id"]!)! || $0.b.personID == Int64(p["person_id"]!)! })
        #expect(pair.decidedBy.contains("danso"))
        #expect(pair.explanation.contains { $0.field == "personalNumber" && $0.weight > 0 })
        #expect(try w.population(on: "2023-12-31") == before)        // one real person

        // Running again proposes nothing new.
        #expect(try linker.run(newFromBatches: nil).linked == 0)

        // A reviewer unlinks: two people again, and the pair is not proposed again.
        try LinkReview(connection: w.connection).unlink(pair.id, by: "cán bộ dân số xã", note: "hai người trùng tên")
        #expect(try w.population(on: "2023-12-31") == before + 1)
        #expect(try linker.run(newFromBatches: nil).linked == 0)
        let history = try LinkReview(connection: w.connection).show(pair.id).history
        #expect(history.map(\.status) == ["linked", "unlinked"])
        #expect(history.last?.decidedBy == "cán bộ dân số xã")
    }

    @Test func aYearOnlyEntryMeetsItsNamesakesInOtherCommunesAndTwoFullDatesDoNot() throws {
        let w = try LinkFixture()
        try w.ingest(LinkFixture.sample("a0_25489_tan_lap_2023-12-31.csv"))
        try w.ingest(LinkFixture.sample("a0_25519_tan_ha_2023-12-31.csv"))
        let linker = PersonLinker(connection: w.connection, files: LinkFixture.files, logger: w.logger)
        try linker.run(newFromBatches: nil)

        // Someone of Tân Lập listed in Tân Hà twice: by birth year only, and with another full
        // date (a namesake, or a mistyped date), both without a personal number.
        let p = try Self.someone(w)
        let path = try w.write("a0_25519_namesakes.csv", [
            LinkFixture.a0Header,
            Self.line(p, household: "TH99001", member: 1, birth: p["birth_year"]!, personalNumber: .some(nil)),
            Self.line(p, household: "TH99002", member: 1,
                      birth: String(format: "%02d/%02d/%@", Int(p["birth_day"]!)! % 28 + 1, Int(p["birth_month"]!)! % 12 + 1,
                                    p["birth_year"]!),
                      personalNumber: .some(nil)),
        ])
        let outcome = try w.ingest(path, scope: .households)
        #expect(outcome.report.rows.accepted == 2)
        let run = try linker.run(newFromBatches: [Int64(outcome.report.batchID!)])
        // The two new entries are paired by the commune rule; the year-only one meets the
        // Tân Lập record by the partial-date rule; the two full dates in two communes are
        // never compared.
        #expect(BlockingRule.defaults.last?.anchor != nil)
        #expect(run.comparedByRule.last == 1)
        let commune = try #require(BlockingRule.defaults.firstIndex { $0.name == BlockingRule.birthYearFamilyGivenCommune.name })
        #expect(run.comparedByRule[commune] >= 1)
    }

    @Test func withoutAPersonalNumberTheSamePersonIsFoundInTheProvinceAsItNowStandsNotInAnother() throws {
        let w = try LinkFixture()
        try w.ingest(LinkFixture.sample("a0_25489_tan_lap_2023-12-31.csv"))
        let linker = PersonLinker(connection: w.connection, files: LinkFixture.files, logger: w.logger)
        try linker.run(newFromBatches: nil)
        let p = try Self.someone(w)
        let dateRule = try #require(BlockingRule.defaults.firstIndex { $0.name == BlockingRule.birthDateGiven.name })

        // Listed again, without a personal number, in Phường Hiệp Thành of Bình Dương (25741):
        // Thành phố Hồ Chí Minh since 1 July 2025, another province. Never compared.
        let elsewhere = try w.write("a0_25741_extra.csv", [
            LinkFixture.a0Header, Self.line(p, household: "HT99001", member: 1, commune: "25741", personalNumber: .some(nil))])
        let far = try w.ingest(elsewhere, scope: .households)
        #expect(far.report.rows.accepted == 1)
        let apart = try linker.run(newFromBatches: [Int64(far.report.batchID!)])
        #expect(apart.compared == 0)

        // Listed again in Phường 5 of Tân An (27685), former Long An: Tây Ninh since 1 July
        // 2025, the same province as Tân Lập. Compared by birth date and given name.
        let near = try w.write("a0_27685_extra.csv", [
            LinkFixture.a0Header, Self.line(p, household: "P599001", member: 1, commune: "27685", personalNumber: .some(nil))])
        let close = try w.ingest(near, scope: .households)
        #expect(close.report.rows.accepted == 1)
        let together = try linker.run(newFromBatches: [Int64(close.report.batchID!)])
        #expect(together.comparedByRule[dateRule] >= 1)
        #expect(together.linked + together.review >= 1)
    }

    @Test func anUnsurePairWaitsInReviewCountedTwiceAndARejectedPairNeverComesBack() throws {
        let w = try LinkFixture()
        try w.ingest(LinkFixture.sample("a0_25489_tan_lap_2023-12-31.csv"))
        let linker = PersonLinker(connection: w.connection, files: LinkFixture.files, logger: w.logger)
        try linker.run(newFromBatches: nil)
        let before = try w.population(on: "2023-12-31")

        // The same name and birth date in another household of the same commune, without a
        // personal number: likely the same person listed twice (the defaults link it), but
        // this province wants a person to look at every such pair: its link threshold is
        // set high, so the pair waits in review.
        let store = LinkModelStore(connection: w.connection)
        let current = try store.current()
        try store.save(model: current.model, thresholds: MatchThresholds(link: 40, review: -2), source: current.source,
                       records: nil, pairs: nil, note: "review every pair")
        let p = try Self.someone(w, offset: 3)
        let path = try w.write("a0_25489_unsure.csv", [LinkFixture.a0Header,
                                                       Self.line(p, household: "TL99002", member: 1, commune: "25489", personalNumber: .some(nil))])
        let outcome = try w.ingest(path, scope: .households)
        let run = try linker.run(newFromBatches: [Int64(outcome.report.batchID!)])
        #expect(run.linked == 0)
        #expect(run.review == 1)
        #expect(run.pendingTotal >= 1)
        #expect(try w.population(on: "2023-12-31") == before + 1)      // pending: counted twice

        let review = LinkReview(connection: w.connection)
        let pending = try #require(try review.list().first)
        try review.reject(pending.id, by: "reviewer", note: "khác người / different people")
        #expect(try review.pendingCount() == run.pendingTotal - 1)
        #expect(try linker.run(newFromBatches: nil).review == 0)      // never comes back
        #expect(throws: DeduplicationError.self) { try review.unlink(pending.id, by: "x", note: nil) }
        #expect(try w.population(on: "2023-12-31") == before + 1)
    }
}
