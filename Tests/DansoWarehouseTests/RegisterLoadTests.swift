import DansoDomain
import DansoIndicators
import DansoValidation
import DansoWarehouse
import DansoPostgres
import Foundation
import Testing

/// The sample registers end to end: read, checked, loaded, counted.
@Suite struct RegisterLoadTests {
    static let december = ["a0_25489_tan_lap_2023-12-31.csv", "a0_25519_tan_ha_2023-12-31.csv",
                           "a0_25555_suoi_da_2023-12-31.csv"]

    func figures(_ w: WarehouseFixture, _ day: String, _ level: IndicatorLevel) throws -> [String: [IndicatorCode: Double]] {
        let values = try PopulationFigures(connection: w.connection, files: WarehouseFixture.files)
            .values(on: CivilDate(iso: day)!, level: level)
        var out: [String: [IndicatorCode: Double]] = [:]
        for v in values { out[v.unitCode, default: [:]][v.indicator] = v.value }
        return out
    }

    @Test func samplesLoadAndCountAsComputedByHand() throws {
        let w = try WarehouseFixture()
        for name in Self.december {
            let outcome = try w.ingest(WarehouseFixture.sample(name))
            #expect(outcome.report.status == .accepted, "\(name): \(outcome.report.issues)")
            #expect(outcome.report.rows.rejected == 0)
        }
        let expected = try ExpectedCounts.load()["2023-12-31"]!
        let communes = try figures(w, "2023-12-31", .commune)
        for (code, e) in expected {
            #expect(communes[code]?[.pop] == Double(e.resident), "\(code)")
            #expect(communes[code]?[.popMale] == Double(e.male), "\(code)")
            #expect(communes[code]?[.popFemale] == Double(e.female), "\(code)")
            #expect(communes[code]?[.households] == Double(e.households), "\(code)")
        }
        // Hand-checked in sample-feeds/README.md: Tân Lập 200 residents (105 men, 95 women) in 55 households.
        #expect(communes["25489"]?[.pop] == 200)
        #expect(communes["25489"]?[.sexRatio] == 105.0 / 95.0 * 100)
        let districts = try figures(w, "2023-12-31", .district)
        #expect(Set(districts.keys) == ["705", "706", "707"])
        #expect(districts["706"]?[.pop] == Double(expected["25519"]!.resident))
        let province = try figures(w, "2023-12-31", .province)
        #expect(province["72"]?[.pop] == Double(expected.values.map(\.resident).reduce(0, +)))
        #expect(province["72"]?[.households] == Double(expected.values.map(\.households).reduce(0, +)))
        #expect(province["72"]?[.pop] == 608)
        // Everyone listed is in the register, absent people included (they are not residents).
        #expect(try w.scalar("select count(*) from registry.person") == expected.values.map(\.listed).reduce(0, +))
        // Before the registers' date nobody is counted.
        #expect(try figures(w, "2023-12-30", .province).isEmpty)
    }

    @Test func aLaterWholeCommuneRegisterChangesAndClosesButKeepsHistory() throws {
        let w = try WarehouseFixture()
        try w.ingest(WarehouseFixture.sample("a0_25489_tan_lap_2023-12-31.csv"))
        let later = try w.ingest(WarehouseFixture.sample("a0_25489_tan_lap_2024-06-30.csv"))
        #expect(later.report.status == .accepted)
        #expect(later.changes?.wholeCommunes == ["25489"])
        #expect(later.changes?.peopleNew == 3)       // three babies
        #expect(later.changes?.peopleClosed == 7)    // two people and a household of five
        let e = try ExpectedCounts.load()
        let june = try figures(w, "2024-06-30", .commune)["25489"]!
        #expect(june[.pop] == Double(e["2024-06-30"]!["25489"]!.resident))
        #expect(june[.households] == Double(e["2024-06-30"]!["25489"]!.households))
        let december = try figures(w, "2023-12-31", .commune)["25489"]!
        #expect(december[.pop] == Double(e["2023-12-31"]!["25489"]!.resident))
        // The closed people keep their earlier state, ended by reconciliation.
        #expect(try w.scalar("select count(*) from registry.person_state where end_reason = 'reconciliation'") == 7)
    }

    @Test func anOlderRegisterLoadedAfterANewerOneGivesTheSameHistory() throws {
        let w = try WarehouseFixture()
        try w.ingest(WarehouseFixture.sample("a0_25489_tan_lap_2024-06-30.csv"))
        try w.ingest(WarehouseFixture.sample("a0_25489_tan_lap_2023-12-31.csv"))
        let e = try ExpectedCounts.load()
        #expect(try figures(w, "2023-12-31", .commune)["25489"]?[.pop] == Double(e["2023-12-31"]!["25489"]!.resident))
        #expect(try figures(w, "2024-06-30", .commune)["25489"]?[.pop] == Double(e["2024-06-30"]!["25489"]!.resident))
        #expect(try figures(w, "2024-06-30", .commune)["25489"]?[.households] == Double(e["2024-06-30"]!["25489"]!.households))
    }

    @Test func theSameFileTwiceChangesNothing() throws {
        let w = try WarehouseFixture()
        let path = WarehouseFixture.sample("a0_25519_tan_ha_2023-12-31.csv")
        try w.ingest(path)
        let before = try w.digest()
        let again = try w.ingest(path)
        #expect(again.report.status == .duplicate)
        #expect(again.report.issues.map(\.rule) == [.F04])
        #expect(again.report.exitCode == 0)
        #expect(try w.digest() == before)
    }

    @Test func aDryRunReportsLikeARealIngestAndLoadsNothing() throws {
        let w = try WarehouseFixture()
        let path = WarehouseFixture.sample("bad/R02_bad_sex_code.csv")
        let before = try w.digest()
        let dry = try w.ingest(path, dryRun: true)
        #expect(try w.digest() == before)
        #expect(dry.report.dryRun)
        let real = try w.ingest(path)
        #expect(real.report.issues == dry.report.issues)
        #expect(real.report.rows == dry.report.rows)
        #expect(real.report.status == dry.report.status)
        #expect(try w.digest() != before)
    }

    @Test func aRejectedFileLeavesTheRegisterExactlyAsItWas() throws {
        let w = try WarehouseFixture()
        try w.ingest(WarehouseFixture.sample("a0_25555_suoi_da_2023-12-31.csv"))
        let register: PostgresQuery = "select count(*) from registry.person_state"
        let people = try w.scalar(register)
        for bad in ["bad/F02_missing_ngay_sinh.csv", "bad/F01_latin1_german.csv", "bad/F01_binary.csv"] {
            let outcome = try w.ingest(WarehouseFixture.sample(bad))
            #expect(outcome.report.status == .rejected, "\(bad)")
            #expect(outcome.report.exitCode == 2)
            #expect(outcome.report.rows.accepted == 0)
            #expect(outcome.changes == nil)
        }
        #expect(try w.scalar(register) == people)
        #expect(try w.scalar("select count(*) from staging.a0_line where batch_id > 1") == 0)
        // The rejections are recorded, with their findings, for the officer.
        #expect(try w.scalar("select count(*) from audit.batch where status = 'rejected'") == 3)
        #expect(try w.scalar("select count(*) from audit.finding where rule in ('F01', 'F02')") >= 3)
    }

    @Test func rejectedLinesWaitInQuarantineWithTheirFindings() throws {
        let w = try WarehouseFixture()
        let outcome = try w.ingest(WarehouseFixture.sample("bad/R02_bad_sex_code.csv"))
        #expect(outcome.report.exitCode == 1)
        #expect(outcome.report.rows.rejected == 1)
        let row = try w.connection.query("select line_no, rules, record->>'gioi_tinh' as sex, status from staging.quarantine").first
        #expect(row?["sex"] == "7")
        #expect(row?["rules"] == "{R02}")
        #expect(row?["status"] == "held")
        #expect(try w.scalar("select count(*) from audit.finding f join staging.quarantine q using (batch_id, line_no) where f.rule = 'R02'") == 1)
    }

    @Test func conflictingLinesAreAllRejectedEvenTheFirst() throws {
        let w = try WarehouseFixture()
        let outcome = try w.ingest(WarehouseFixture.sample("bad/R11_same_key_different_names.csv"))
        #expect(outcome.report.rows.rejected == 2)
        #expect(try w.scalar("select count(*) from staging.quarantine where 'R11' = any(rules)") == 2)
        #expect(try w.scalar("select count(*) from staging.a0_line a join staging.quarantine q using (batch_id, line_no)") == 0)
        #expect(try w.scalar("select count(*) from registry.person_state") == outcome.report.rows.accepted)
    }

    /// Every register file of `sample-feeds/bad/` gives the rule its name starts with.
    @Test func everyBadFileGivesItsRule() throws {
        let w = try WarehouseFixture()
        let folder = WarehouseFixture.sample("bad")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".csv") && !$0.hasPrefix("E") }.sorted()   // E*: change files (SampleYearTests)
        #expect(names.count >= 22)
        // F04 needs the file it repeats loaded first: in a warehouse of its own.
        let resent = try WarehouseFixture()
        try resent.ingest("\(folder)/R07_malformed_personal_number.csv")
        for name in names {
            let outcome = try (name.hasPrefix("F04") ? resent : w).ingest("\(folder)/\(name)", dryRun: true)
            let prefix = String(name.prefix(3))
            if prefix == "DUP" {
                #expect(outcome.report.rows.duplicates == 1, "\(name)")
                #expect(outcome.report.issues.isEmpty, "\(name)")
            } else {
                let rule = try #require(RuleCode(rawValue: prefix), "\(name)")
                #expect(outcome.report.issues.contains { $0.rule == rule }, "\(name): \(outcome.report.issues.map(\.rule))")
                #expect(outcome.report.issues.allSatisfy { $0.rule == rule }, "\(name): \(outcome.report.issues.map(\.rule))")
            }
        }
    }
}

/// registry.integrity_problems() stands in for the per-row constraints migration 0009
/// dropped: it must see each kind of breakage, or the soundness check of every test is empty.
@Suite struct RegisterIntegrityTests {
    @Test func catchesOverlapsAndDanglingReferences() throws {
        let w = try WarehouseFixture()
        try w.ingest(WarehouseFixture.sample(RegisterLoadTests.december[0]))
        func problems() throws -> [String] {
            try w.connection.query("select problem from registry.integrity_problems()").compactMap { $0["problem"] }
        }
        #expect(try problems().isEmpty)

        // A second current state overlapping the first one of the same person.
        try w.connection.execute("""
            insert into registry.person_state (person_id, valid_from, commune_key, household_id, member_no, full_name,
                sex, birth_year, birth_date, ethnicity, residence, relationship, batch_id)
            select person_id, valid_from + 1, commune_key, household_id, member_no, full_name, sex, birth_year,
                   birth_date, ethnicity, residence, relationship, batch_id
            from registry.person_state order by person_state_id limit 1
            """)
        #expect(try problems() == ["person_state overlaps another current state of the same person"])

        // A state pointing at a person, an ethnic group and a batch that do not exist.
        try w.connection.execute("update registry.person_state set person_id = -1, ethnicity = '99', batch_id = -1 where person_state_id = (select max(person_state_id) from registry.person_state)")
        let found = Set(try problems())
        #expect(found.isSuperset(of: ["person_state without its person", "person_state with an unknown ethnic group",
                                      "person_state from an unknown batch"]))
    }

    /// The references migration 0013 stopped checking per row: households, change lines, slips, events.
    @Test func catchesDanglingChangeSlipReferences() throws {
        let w = try WarehouseFixture()
        try w.ingest(WarehouseFixture.sample("a0_25489_tan_lap_2023-12-31.csv"))
        _ = try ChangeIngestor(connection: w.connection, reference: w.reference, files: WarehouseFixture.files, logger: w.logger)
            .ingest(path: WarehouseFixture.sample("changes/p0_25489_2024-01.csv"))
        func problems() throws -> Set<String> {
            Set(try w.connection.query("select problem from registry.integrity_problems()").compactMap { $0["problem"] })
        }
        #expect(try problems().isEmpty)
        #expect(try w.scalar("select count(*) from registry.event") > 0)

        try w.connection.execute("update registry.household set commune_key = -1 where household_id = (select min(household_id) from registry.household)")
        try w.connection.execute("update staging.change_line set batch_id = -1 where (batch_id, line_no) = (select batch_id, min(line_no) from staging.change_line group by batch_id limit 1)")
        try w.connection.execute("update registry.event set person_id = -1 where event_id = (select min(event_id) from registry.event where person_id is not null)")
        #expect(try problems() == ["household with an unknown commune or batch", "staging.change_line from an unknown batch",
                                   "slip with an unknown commune, line or slip it acts on", "event with an unknown slip, commune or person"])
    }
}
