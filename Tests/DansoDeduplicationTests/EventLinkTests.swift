import DansoDeduplication
import DansoPostgres
import DansoWarehouse
import Foundation
import Testing

/// Events seen twice: a birth reported twice under two slip ids is not applied again (E12);
/// a move out of one commune and into another of the province keeps one person.
/// RepeatedEventTests has deaths, arrivals, repeats within a file, review and twins.
@Suite struct EventLinkTests {
    static let header = "ky_bao_cao,ma_xa,dia_ban,nguon,ma_phieu,loai_bien_dong,ngay_su_kien,ma_ho,stt,so_dinh_danh,ho_ten,gioi_tinh,ngay_sinh,dan_toc,quan_he_chu_ho,tinh_trang_hon_nhan,tinh_trang_cu_tru,me_stt,thu_tu_con,noi_sinh,noi_den_di"

    /// The birth of slip TL-2024-0011 (Trịnh Phúc Khải, 11/03/2024, household TL04007, mother
    /// member 2) sent again a month later: another slip id, another member number, a tone mark lost.
    static let repeatedBirth = "04/2024,25489,4,GIAY,TL-2024-9001,SINH,11/03/2024,TL04007,5,,Trịnh Phúc Khai,1,11/03/2024,01,3,,,2,2,1,"

    /// Tân Lập's register and three months of its changes, with the linker run once.
    static func linkedTanLap() throws -> (LinkFixture, PersonLinker) {
        let w = try LinkFixture()
        try loadTanLap(w)
        let linker = PersonLinker(connection: w.connection, files: LinkFixture.files, logger: w.logger)
        try linker.run(newFromBatches: nil)
        return (w, linker)
    }

    static func loadTanLap(_ w: LinkFixture) throws {
        try w.ingest(LinkFixture.sample("a0_25489_tan_lap_2023-12-31.csv"))
        try w.ingest(LinkFixture.sample("a0_25519_tan_ha_2023-12-31.csv"))
        for month in 1...3 { try w.ingestChanges(LinkFixture.sample(String(format: "changes/p0_25489_2024-%02d.csv", month))) }
    }

    @Test func aBirthReportedTwiceUnderTwoSlipIdsCountsOnce() throws {
        let (w, linker) = try Self.linkedTanLap()
        let before = try w.population(on: "2024-04-30")
        // TL-2024-0011's birth sent again a month later by another collaborator (repeatedBirth).
        let path = try w.write("p0_25489_2024-04-dup.csv", [Self.header, Self.repeatedBirth])
        let outcome = try w.ingestChanges(path)
        // Not applied: counted once from the start, reported as the same event as TL-2024-0011.
        #expect(outcome.report.rows.accepted == 0)
        #expect(outcome.report.rows.rejected == 0)
        #expect(outcome.report.rows.duplicates == 0)
        #expect(outcome.report.rows.duplicateEvents == 1)
        #expect(try w.population(on: "2024-04-30") == before)
        let issue = try #require(outcome.report.issues.first { $0.rule == .E12 })
        #expect(issue.line == 2)
        #expect(issue.value == "TL-2024-9001")
        #expect(issue.messageVI.hasPrefix("Biến động trùng với phiếu TL-2024-0011"))
        #expect(issue.messageEN.hasPrefix("Same event as slip TL-2024-0011"))
        #expect(issue.messageEN.contains("mother"))
        let json = String(decoding: try JSONEncoder().encode(outcome.report), as: UTF8.self)
        #expect(json.contains("\"duplicate_events\":1"))

        // Recorded with the slip it repeats, its weight and which fields agreed.
        let batch = try #require(outcome.report.batchID)
        let row = try #require(try w.connection.query("""
            select d.same_as_slip_code, d.weight, d.model_id, s.slip_code as root_code,
                   d.explanation @> '[{"field": "mother", "level": "equal"}]'::jsonb as mother_agreed
            from staging.duplicate_event d join registry.slip s on s.slip_id = d.same_as_slip_id
            where d.batch_id = \(batch) and d.line_no = 2
            """).first)
        #expect(row["same_as_slip_code"] == "TL-2024-0011")
        #expect(row["root_code"] == "TL-2024-0011")
        #expect(row.bool("mother_agreed") == true)
        let stored = try LinkModelStore(connection: w.connection).current()
        #expect(Double(row["weight"]!)! >= stored.thresholds.link)
        #expect(row.int("model_id") == Int(stored.id))
        #expect(try w.scalar("select rows_duplicate_event from audit.batch where batch_id = \(batch)") == 1)

        // The commune officer sees the line among the quarantined ones, settled by danso.
        let entry = try #require(try Quarantine(connection: w.connection, files: LinkFixture.files)
            .list(commune: "25489", status: nil).first { $0.batchID == batch })
        #expect(entry.line == 2)
        #expect(entry.status == "discarded")
        #expect(entry.rules == ["E12"])
        #expect(entry.decidedBy == "danso (tự động / automatic)")
        #expect(entry.note?.contains("TL-2024-0011") == true)
        #expect(entry.findings.contains { $0.hasPrefix("E12") && $0.contains("Same event as slip TL-2024-0011") })
        #expect(try Quarantine(connection: w.connection, files: LinkFixture.files).list(commune: "25489", status: "held")
            .allSatisfy { $0.batchID != batch })

        // No second child: nothing left for the linker.
        let run = try linker.run(newFromBatches: [Int64(batch)])
        #expect(run.linked == 0 && run.review == 0)
        #expect(try w.population(on: "2024-04-30") == before)
    }

    /// Before the check (an ingestor without one), the repeated birth made a second child that
    /// only the linker's run made count once.
    @Test func withoutTheCheckTheLinkerStillCountsTheBirthOnce() throws {
        let (w, linker) = try Self.linkedTanLap()
        let before = try w.population(on: "2024-04-30")
        let path = try w.write("p0_25489_2024-04-dup.csv", [Self.header, Self.repeatedBirth])
        let outcome = try w.ingestChanges(path, duplicateEvents: nil)
        #expect(outcome.report.rows.accepted == 1)
        #expect(try w.population(on: "2024-04-30") == before + 1)   // two newborns until linked

        let run = try linker.run(newFromBatches: [Int64(outcome.report.batchID!)])
        #expect(run.linked == 1)
        let pair = try #require(try LinkReview(connection: w.connection).list(status: "linked").first { $0.foundBy == "birth" })
        #expect(pair.explanation.contains { $0.field == "mother" && $0.level == "equal" })
        #expect(try w.population(on: "2024-04-30") == before)        // one child
    }

    @Test func aMoveToAnotherCommuneOfTheProvinceKeepsOnePerson() throws {
        let (w, linker) = try Self.linkedTanLap()
        let p = try RegisterLinkTests.someone(w, offset: 5)
        let household = try w.connection.query("""
            select h.household_code, s.member_no from registry.person_state s join registry.household h on h.household_id = s.household_id
            where s.person_id = \(Int64(p["person_id"]!)!) and s.superseded_at is null and s.valid_to = 'infinity'
            """).first!
        let birth = String(format: "%02d/%02d/%@", Int(p["birth_day"]!)!, Int(p["birth_month"]!)!, p["birth_year"]!)
        let before = try w.population(on: "2024-04-30")
        // Leaves Tân Lập (25489) for Tân Hà (25519) on 10/04/2024, and arrives there the same day.
        let out = try w.write("p0_25489_2024-04-di.csv", [Self.header,
            "04/2024,25489,1,WEB,TL-2024-9101,DI,10/04/2024,\(household["household_code"]!),\(household["member_no"]!),\(p["personal_number"]!),\(p["full_name"]!),,,,,,,,,,25519"])
        let into = try w.write("p0_25519_2024-04-den.csv", [Self.header,
            "04/2024,25519,1,WEB,TH-2024-9102,DEN,10/04/2024,TH01001,9,\(p["personal_number"]!),\(p["full_name"]!),\(p["sex"]!),\(birth),01,9,\(p["marital_status"] ?? "2"),1,,,,25489"])
        #expect(try w.ingestChanges(out).report.rows.accepted == 1)
        let arrival = try w.ingestChanges(into)
        #expect(arrival.report.rows.accepted == 1)
        #expect(try w.population(on: "2024-04-30") == before)       // left one commune, arrived in the other

        let run = try linker.run(newFromBatches: [Int64(arrival.report.batchID!)])
        #expect(run.linked == 1)
        let pair = try #require(try LinkReview(connection: w.connection).list(status: "linked").first { $0.foundBy == "move" })
        let original = Int64(p["person_id"]!)!
        #expect(pair.a.personID == original)
        // One person: the arrival's identity belongs to the cluster named by the original one.
        #expect(try w.scalar("select count(distinct cluster_id) from registry.person_cluster where person_id in (\(pair.a.personID), \(pair.b.personID))") == 1)
        #expect(try w.scalar("select cluster_id from registry.person_cluster where person_id = \(pair.b.personID)") == Int(original))
        #expect(try w.population(on: "2024-04-30") == before)
    }
}
