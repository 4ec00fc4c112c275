import DansoDomain
import DansoIndicators
import DansoPostgres
import DansoValidation
import DansoWarehouse
import Foundation
import Testing

/// Change slips on a small hand-built register: commune 25489's sample register of 31/12/2023
/// (TL01001: Toàn m 1990 head, Tuyết f 1989 spouse method 3, Tú m 2013, Hào m 2016;
/// TL01002: Hải m 1974, Ánh f 1976, Huy m 1997 unmarried; TL01003: Năm f 1943 alone;
/// TL01004: Huy m 1996 head, Diễm f 2002 spouse).
@Suite struct ChangeSlipTests {
    static let header = "ky_bao_cao,ma_xa,nguon,ma_phieu,loai_bien_dong,ngay_su_kien,ma_ho,stt,so_dinh_danh,ho_ten,gioi_tinh,ngay_sinh,dan_toc,quan_he_chu_ho,tinh_trang_hon_nhan,tinh_trang_cu_tru,me_stt,thu_tu_con,noi_sinh,noi_den_di,bptt,vo_chong_ho_ten,vo_chong_ngay_sinh,ma_phieu_goc"

    /// A fixture with the register loaded.
    static func warehouse() throws -> WarehouseFixture {
        let w = try WarehouseFixture()
        try w.ingest(WarehouseFixture.sample("a0_25489_tan_lap_2023-12-31.csv"))
        return w
    }

    /// Writes a change file: `month` (mm/yyyy) then one line per slip, columns after ma_xa and nguon.
    static func file(_ month: String, _ slips: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("p0_\(UUID().uuidString).csv").path
        let text = ([header] + slips.map { "\(month),25489,WEB,\($0)" }).joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func changes(_ w: WarehouseFixture, _ month: String, _ slips: [String]) throws -> IngestOutcome {
        let outcome = try ChangeIngestor(connection: w.connection, reference: w.reference, files: WarehouseFixture.files, logger: w.logger)
            .ingest(path: try file(month, slips))
        try w.assertSound()
        return outcome
    }

    static func pop(_ w: WarehouseFixture, _ day: String) throws -> (pop: Double, households: Double) {
        let v = try PopulationFigures(connection: w.connection, files: WarehouseFixture.files)
            .values(on: CivilDate(iso: day)!, level: .commune)
        return (v.first { $0.indicator == .pop }?.value ?? 0, v.first { $0.indicator == .households }?.value ?? 0)
    }

    /// The state of a person (by household and member number) on a day, as one query row.
    static func state(_ w: WarehouseFixture, _ household: String, _ member: Int, on day: String) throws -> PostgresRow? {
        try w.connection.query("""
            select s.*, array_to_string(s.slip_ids, ',') as slips from registry.person_state s
            join registry.household h on h.household_id = s.household_id
            where h.household_code = \(household) and s.member_no = \(member) and s.superseded_at is null
              and s.valid_from <= \(day)::date and s.valid_to > \(day)::date
            """).first
    }

    static func rules(_ o: IngestOutcome) -> [RuleCode] { o.report.issues.map(\.rule) }

    @Test func aBirthAddsAMemberFromItsDayLinkedToItsMother() throws {
        let w = try Self.warehouse()
        let o = try Self.changes(w, "01/2024", ["T-1,SINH,10/01/2024,TL01001,5,,Nguyễn Gia Bảo,1,10/01/2024,01,3,,,2,3,1,,,,,"])
        #expect(o.report.status == .accepted, "\(o.report.issues)")
        #expect(try Self.pop(w, "2024-01-09").pop == 200)
        #expect(try Self.pop(w, "2024-01-10").pop == 201)
        let baby = try #require(try Self.state(w, "TL01001", 5, on: "2024-01-31"))
        #expect(baby["full_name"] == "Nguyễn Gia Bảo")
        #expect(baby["marital_status"] == "1")
        #expect(try w.scalar("""
            select count(*) from registry.event e join registry.person_state m on m.person_id = e.mother_person_id
            where e.event_type = 'SINH' and m.full_name = 'Đỗ Thị Tuyết'
            """) >= 1)
        // The state says which slip made it.
        #expect(baby["slips"] == (try w.connection.query("select slip_id::text from registry.slip where slip_code = 'T-1'").first?[0]))
    }

    @Test func aBirthOrderBelowTheRecordedChildrenIsAWarning() throws {
        let w = try Self.warehouse()
        let o = try Self.changes(w, "01/2024", ["T-1,SINH,10/01/2024,TL01001,5,,Nguyễn Gia Bảo,1,10/01/2024,01,3,,,2,1,1,,,,,"])
        #expect(Self.rules(o) == [.E10])
        #expect(o.report.rows.accepted == 1)
    }

    @Test func aDeathClosesThePersonAndTheirHousehold() throws {
        let w = try Self.warehouse()
        _ = try Self.changes(w, "01/2024", ["T-1,CHET,20/01/2024,TL01003,1,,,,,,,,,,,,,,,,"])
        #expect(try Self.pop(w, "2024-01-19") == (200, 55))
        #expect(try Self.pop(w, "2024-01-20") == (199, 54))
        #expect(try w.scalar("select count(*) from registry.person_state where end_reason = 'death' and superseded_at is null") == 1)
    }

    @Test func movesOutAndInChangeTheHouseholds() throws {
        let w = try Self.warehouse()
        let o = try Self.changes(w, "02/2024", [
            "T-1,DI,05/02/2024,TL01002,3,,,,,,,,,,,,25519,,,,",
            "T-2,DEN,06/02/2024,TL01004,3,,Lê Văn Tám,1,08/08/1995,01,7,2,1,,,,25519,,,,",
        ])
        #expect(o.report.status == .accepted, "\(o.report.issues)")
        #expect(try Self.state(w, "TL01002", 3, on: "2024-02-05") == nil)
        #expect(try Self.state(w, "TL01004", 3, on: "2024-02-06")?["full_name"] == "Lê Văn Tám")
        #expect(try Self.pop(w, "2024-02-29").pop == 200)
    }

    @Test func marriageDivorceAndMethodChangeAStateFromTheirDate() throws {
        let w = try Self.warehouse()
        let o = try Self.changes(w, "03/2024", [
            "T-1,KET_HON,01/03/2024,TL01002,3,,,,,,,,,,,,,,Lê Thị Hoa,01/02/1999,",
            "T-2,LY_HON,02/03/2024,TL01004,1,,,,,,,,,,,,,,,,",
            "T-3,BPTT,03/03/2024,TL01001,2,,,,,,,,,,,,,6,,,",
        ])
        #expect(o.report.status == .accepted, "\(o.report.issues)")
        #expect(try Self.state(w, "TL01002", 3, on: "2024-02-29")?["marital_status"] == "1")
        #expect(try Self.state(w, "TL01002", 3, on: "2024-03-01")?["marital_status"] == "2")
        #expect(try Self.state(w, "TL01004", 1, on: "2024-03-02")?["marital_status"] == "4")
        #expect(try Self.state(w, "TL01001", 2, on: "2024-03-02")?["contraceptive_method"] == "3")
        #expect(try Self.state(w, "TL01001", 2, on: "2024-03-03")?["contraceptive_method"] == "6")
    }

    @Test func pregnancyScreeningsAndTheBirthAreRecordedAsEvents() throws {
        let w = try Self.warehouse()
        _ = try Self.changes(w, "02/2024", [
            "T-1,MANG_THAI,01/02/2024,TL01004,2,,,,,,,,,,,,,,,,",
            "T-2,SLTS,20/02/2024,TL01004,2,,,,,,,,,,,,,,,,",
        ])
        let o = try Self.changes(w, "09/2024", [
            "T-3,SINH,05/09/2024,TL01004,3,,Trần Minh Khôi,1,05/09/2024,01,3,,,2,1,1,,,,,",
            "T-4,SLSS,07/09/2024,TL01004,3,,,,,,,,,,,,,,,,",
        ])
        #expect(o.report.status == .accepted, "\(o.report.issues)")
        #expect(try w.scalar("select count(*) from registry.event where not cancelled") == 4)
        #expect(try w.scalar("select count(distinct event_type) from registry.event") == 4)
    }

    @Test func aCorrectionReplacesTheSlipAndItsEffect() throws {
        let w = try Self.warehouse()
        _ = try Self.changes(w, "01/2024", ["T-1,SINH,10/01/2024,TL01001,5,,Nguyễn Gia Bảo,1,10/01/2024,01,3,,,2,3,1,,,,,"])
        let o = try Self.changes(w, "02/2024", ["T-2,SUA,10/01/2024,TL01001,5,,Nguyễn Gia Hân,2,10/01/2024,01,3,,,2,3,1,,,,,T-1"])
        #expect(o.report.rows.accepted == 1, "\(o.report.issues)")
        let baby = try #require(try Self.state(w, "TL01001", 5, on: "2024-01-31"))
        #expect(baby["full_name"] == "Nguyễn Gia Hân")
        #expect(baby["sex"] == "2")
        #expect(try w.scalar("select count(*) from registry.event") == 1)
        #expect(try w.scalar("""
            select count(*) from registry.person_state s join registry.household h using (household_id)
            where h.household_code = 'TL01001' and s.member_no = 5 and s.superseded_at is null
            """) == 1)
        #expect(try w.scalar("select count(*) from registry.event e join registry.slip s on s.slip_id = e.effective_slip_id where s.slip_code = 'T-2'") == 1)
    }

    @Test func aWithdrawnDeathMakesThePersonAliveAgain() throws {
        let w = try Self.warehouse()
        _ = try Self.changes(w, "01/2024", ["T-1,CHET,20/01/2024,TL01003,1,,,,,,,,,,,,,,,,"])
        let o = try Self.changes(w, "02/2024", [
            "T-2,HUY,05/02/2024,TL01003,1,,,,,,,,,,,,,,,,T-1",
            "T-3,BPTT,10/02/2024,TL01003,1,,,,,,,,,,,,,0,,,",
        ])
        #expect(o.report.rows.accepted == 2, "\(o.report.issues)")
        #expect(try Self.pop(w, "2024-01-31") == (200, 55))
        #expect(try w.scalar("select count(*) from registry.event where cancelled") == 1)
        #expect(try w.scalar("select count(*) from registry.person_state where end_reason = 'death' and superseded_at is null") == 0)
    }

    @Test func aLateReportCountsAtItsEventDate() throws {
        let w = try Self.warehouse()
        let o = try Self.changes(w, "03/2024", ["T-1,CHET,15/01/2024,TL01003,1,,,,,,,,,,,,,,,,"])
        #expect(Self.rules(o) == [.E01])
        #expect(o.report.exitCode == 0)
        #expect(try Self.pop(w, "2024-01-31").pop == 199)
    }

    @Test func theSameSlipSentAgainChangesNothing() throws {
        let w = try Self.warehouse()
        let line = "T-1,BPTT,03/01/2024,TL01001,2,,,,,,,,,,,,,6,,,"
        _ = try Self.changes(w, "01/2024", [line])
        let before = try w.scalar("select count(*) from registry.person_state")
        let again = try Self.changes(w, "02/2024", [line])
        #expect(again.report.rows.duplicates == 1)
        #expect(again.report.rows.accepted == 0)
        #expect(try w.scalar("select count(*) from registry.person_state") == before)
        #expect(try w.scalar("select count(*) from registry.slip") == 1)
    }

    @Test func aSlipForSomeoneNotYetInTheRegisterWaitsAndIsRetried() throws {
        let w = try Self.warehouse()
        let held = try Self.changes(w, "02/2024", ["T-1,BPTT,20/02/2024,TL09999,2,,,,,,,,,,,,,6,,,"])
        #expect(Self.rules(held) == [.E02])
        #expect(try w.scalar("select count(*) from staging.quarantine where status = 'held'") == 1)
        let arrival = try Self.changes(w, "02/2024", [
            "T-2,DEN,01/02/2024,TL09999,1,,Phạm Văn Tới,1,05/05/1980,01,1,2,1,,,,25519,,,,",
            "T-3,DEN,01/02/2024,TL09999,2,,Lý Thị Mai,2,06/06/1985,01,2,2,1,,,,25519,,,,",
        ])
        #expect(arrival.changes?.slipsRetried == 1)
        #expect(try w.scalar("select count(*) from staging.quarantine where status = 'resolved' and decided_by = 'retry'") == 1)
        #expect(try Self.state(w, "TL09999", 2, on: "2024-02-20")?["contraceptive_method"] == "6")
    }

    @Test func eachRegisterRuleIsFound() throws {
        let w = try Self.warehouse()
        let o = try Self.changes(w, "03/2024", [
            "E3-1,CHET,01/03/2024,TL01002,1,,,,,,,,,,,,,,,,",
            "E3-2,BPTT,05/03/2024,TL01002,1,,,,,,,,,,,,,1,,,",
            "E4-1,SINH,02/03/2024,TL01002,9,,Huỳnh Bé,1,02/03/2024,01,3,,,1,1,1,,,,,",
            "E5-1,BPTT,01/01/2016,TL01001,4,,,,,,,,,,,,,0,,,",
            "E6-1,SINH,03/03/2024,TL01001,3,,Nguyễn Bé,1,03/03/2024,01,3,,,2,3,1,,,,,",
            "E7-1,SUA,03/03/2024,TL01001,2,,,,,,,,,,,,,6,,,KHONG-CO",
            "E9-1,KET_HON,04/03/2024,TL01001,1,,,,,,,,,,,,,,Đỗ Thị Tuyết,25/05/1989,",
            "E11-1,DI,05/03/2024,TL01004,1,,,,,,,,,,,,99999,,,,",
        ])
        let byLine = Dictionary(grouping: o.report.issues, by: \.line).mapValues { Set($0.map(\.rule)) }
        #expect(byLine[3] == [.E03])
        #expect(byLine[4] == [.E04])
        #expect(byLine[5]?.contains(.E05) == true)
        #expect(byLine[6] == [.E06])
        #expect(byLine[7] == [.E07])
        #expect(byLine[8] == [.E09])
        #expect(byLine[9] == [.E11])
        #expect(o.report.rows.accepted == 2)   // the death and the (warned) marriage
        // E08: the same slip id with other content.
        let reused = try Self.changes(w, "04/2024", ["E3-1,CHET,02/03/2024,TL01002,1,,,,,,,,,,,,,,,,"])
        #expect(Self.rules(reused) == [.E01, .E08])
    }
}
