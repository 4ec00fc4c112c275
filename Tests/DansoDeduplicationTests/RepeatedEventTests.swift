import DansoDeduplication
import DansoLinkage
import DansoPostgres
import DansoValidation
import DansoWarehouse
import Foundation
import Testing

/// The same death, arrival or birth reported twice under two slip ids is applied once (E12),
/// whether the first report is recorded already or an earlier line of the same file; a pair
/// the model is unsure of is applied and reviewed; twins stay two births.
@Suite struct RepeatedEventTests {
    static let header = EventLinkTests.header

    static func world() throws -> LinkFixture {
        let w = try LinkFixture()
        try EventLinkTests.loadTanLap(w)
        return w
    }

    /// The E12 findings of a report by line, with the slip each names.
    static func repeats(_ outcome: IngestOutcome) -> [Int: String] {
        var found: [Int: String] = [:]
        for f in outcome.report.issues where f.rule == .E12 {
            found[f.line] = f.messageEN.split(separator: " ").dropFirst(4).first.map(String.init)
        }
        return found
    }

    @Test func aDeathReportedTwiceIsAppliedOnce() throws {
        let w = try Self.world()
        let before = try w.population(on: "2024-04-30")
        // TL-2024-0010 recorded the death of Hồ Thị Thúy (TL01010 member 4) on 27/02/2024; a
        // second report says 28/02, another spelling, no personal number.
        let path = try w.write("p0_25489_2024-04-chet.csv", [Self.header,
            "04/2024,25489,1,GIAY,TL-2024-9201,CHET,28/02/2024,TL01010,4,,Hồ Thị Thuý,,,,,,,,,,"])
        let outcome = try w.ingestChanges(path)
        #expect(outcome.report.rows.accepted == 0)
        #expect(outcome.report.rows.rejected == 0)
        #expect(outcome.report.rows.duplicateEvents == 1)
        #expect(Self.repeats(outcome) == [2: "TL-2024-0010"])
        // Reported as the same death, not as someone already dead (E03).
        #expect(!outcome.report.issues.contains { $0.rule == .E03 })
        #expect(try w.population(on: "2024-04-30") == before)
        #expect(try w.scalar("select count(*) from registry.event where event_type = 'CHET' and not cancelled") == 1)
    }

    @Test func anArrivalReportedTwiceIsAppliedOnce() throws {
        let w = try Self.world()
        let before = try w.population(on: "2024-05-31")
        let first = try w.write("p0_25489_2024-04-den.csv", [Self.header,
            "04/2024,25489,2,WEB,TL-2024-9301,DEN,10/04/2024,TL09901,1,,Phạm Văn Tài,1,02/05/1995,01,1,1,1,,,,79"])
        #expect(try w.ingestChanges(first).report.rows.accepted == 1)
        #expect(try w.population(on: "2024-05-31") == before + 1)
        // The same arrival on paper a month later: another slip id and member number, the
        // birth date's day and month swapped.
        let second = try w.write("p0_25489_2024-05-den.csv", [Self.header,
            "05/2024,25489,2,GIAY,TL-2024-9302,DEN,10/04/2024,TL09901,2,,Phạm Văn Tài,1,05/02/1995,01,1,1,1,,,,79"])
        let outcome = try w.ingestChanges(second)
        #expect(outcome.report.rows.accepted == 0)
        #expect(outcome.report.rows.duplicateEvents == 1)
        #expect(Self.repeats(outcome) == [2: "TL-2024-9301"])
        #expect(try w.population(on: "2024-05-31") == before + 1)
        let explanation = try w.connection.query("""
            select explanation::text as e from staging.duplicate_event where batch_id = \(outcome.report.batchID!)
            """).first?["e"] ?? ""
        #expect(explanation.contains("dayMonthSwapped"))
    }

    @Test func aBirthTwiceInOneFileIsAppliedOnce() throws {
        let w = try Self.world()
        let before = try w.population(on: "2024-04-30")
        // Two collaborators' slips for one birth to Nguyễn Thị Ngân (TL01015 member 2), in one file.
        let path = try w.write("p0_25489_2024-04-sinh.csv", [Self.header,
            "04/2024,25489,1,WEB,TL-2024-9401,SINH,05/04/2024,TL01015,4,,Võ Gia Bảo,1,05/04/2024,01,3,,,2,2,1,",
            "04/2024,25489,1,GIAY,TL-2024-9402,SINH,05/04/2024,TL01015,5,,Võ Gia Bão,1,05/04/2024,01,3,,,2,2,1,"])
        let outcome = try w.ingestChanges(path)
        #expect(outcome.report.rows.read == 2)
        #expect(outcome.report.rows.accepted == 1)
        #expect(outcome.report.rows.duplicateEvents == 1)
        #expect(Self.repeats(outcome) == [3: "TL-2024-9401"])
        #expect(try w.population(on: "2024-04-30") == before + 1)
        #expect(try w.scalar("""
            select count(*) from staging.duplicate_event d join registry.slip s on s.slip_id = d.same_as_slip_id
            where d.batch_id = \(outcome.report.batchID!) and s.batch_id = d.batch_id and s.line_no = 2
            """) == 1)
    }

    @Test func aPairBetweenTheThresholdsIsAppliedAndReviewed() throws {
        let w = try Self.world()
        // A link threshold no pair reaches: the repeated birth is only probable.
        try LinkModelStore(connection: w.connection).save(model: .defaults, thresholds: MatchThresholds(link: 1000, review: 0),
                                                          source: "defaults", records: nil, pairs: nil, note: "test")
        let before = try w.population(on: "2024-04-30")
        let path = try w.write("p0_25489_2024-04-dup.csv", [Self.header,
            "04/2024,25489,4,GIAY,TL-2024-9001,SINH,11/03/2024,TL04007,5,,Trịnh Phúc Khai,1,11/03/2024,01,3,,,2,2,1,"])
        let outcome = try w.ingestChanges(path)
        #expect(outcome.report.rows.accepted == 1)
        #expect(outcome.report.rows.duplicateEvents == 0)
        #expect(try w.population(on: "2024-04-30") == before + 1)   // two children until someone decides
        let pending = try LinkReview(connection: w.connection).list(status: "review")
        let pair = try #require(pending.first { $0.foundBy == "birth" })
        #expect(pending.count == 1)
        #expect(Set([pair.a.fullName, pair.b.fullName]) == ["Trịnh Phúc Khải", "Trịnh Phúc Khai"])
        #expect(pair.explanation.contains { $0.field == "mother" && $0.level == "equal" })
        #expect(pair.weight >= 0 && pair.weight < 1000)
    }

    @Test func twinsAreTwoBirths() throws {
        let w = try Self.world()
        let before = try w.population(on: "2024-04-30")
        // Trịnh Phúc Khải's twin: same mother, same day, another given name.
        let path = try w.write("p0_25489_2024-04-twin.csv", [Self.header,
            "04/2024,25489,4,GIAY,TL-2024-9501,SINH,11/03/2024,TL04007,5,,Trịnh Phúc Lộc,1,11/03/2024,01,3,,,2,3,1,"])
        let outcome = try w.ingestChanges(path)
        #expect(outcome.report.rows.accepted == 1)
        #expect(outcome.report.rows.duplicateEvents == 0)
        #expect(try w.population(on: "2024-04-30") == before + 1)
        #expect(try LinkReview(connection: w.connection).list(status: "review").isEmpty)
        // Twins within one file too.
        let pair = try w.write("p0_25489_2024-04-twins.csv", [Self.header,
            "04/2024,25489,1,WEB,TL-2024-9502,SINH,05/04/2024,TL01015,4,,Võ Gia Bảo,1,05/04/2024,01,3,,,2,2,1,",
            "04/2024,25489,1,WEB,TL-2024-9503,SINH,05/04/2024,TL01015,5,,Võ Ngọc Hân,2,05/04/2024,01,3,,,2,3,1,"])
        let twins = try w.ingestChanges(pair)
        #expect(twins.report.rows.accepted == 2)
        #expect(twins.report.rows.duplicateEvents == 0)
        #expect(try w.population(on: "2024-04-30") == before + 3)
    }

    /// Two reports of a birth both held (the mother not in the register yet, E04): when she
    /// arrives, the retry applies the first and settles the second as a repeated event, in the
    /// batch that brought it.
    @Test func aHeldSlipRetriedAsARepeatIsSettled() throws {
        let w = try Self.world()
        let before = try w.population(on: "2024-04-30")
        let first = try w.ingestChanges(try w.write("p0_25489_2024-03-a.csv", [Self.header,
            "03/2024,25489,2,WEB,TL-2024-9602,SINH,05/03/2024,TL09902,10,,Lâm Gia Huy,1,05/03/2024,01,3,,,9,1,1,"]))
        let second = try w.ingestChanges(try w.write("p0_25489_2024-04-b.csv", [Self.header,
            "04/2024,25489,2,GIAY,TL-2024-9603,SINH,05/03/2024,TL09902,11,,Lâm Gia Huy,1,05/03/2024,01,3,,,9,1,1,"]))
        #expect(first.report.rows.rejected == 1 && second.report.rows.rejected == 1)
        let arrival = try w.ingestChanges(try w.write("p0_25489_2024-04-c.csv", [Self.header,
            "04/2024,25489,2,WEB,TL-2024-9601,DEN,01/02/2024,TL09902,9,,Đặng Thị Hoa,2,10/10/1995,01,1,2,1,,,,79"]))
        #expect(arrival.report.rows.accepted == 1)
        #expect(arrival.changes?.slipsRetried == 1)
        #expect(try w.population(on: "2024-04-30") == before + 2)   // the mother and one child

        let batch = try #require(second.report.batchID)
        let entry = try #require(try Quarantine(connection: w.connection, files: LinkFixture.files)
            .list(commune: "25489", status: nil).first { $0.batchID == batch })
        #expect(entry.status == "discarded")
        #expect(entry.rules.contains("E12"))
        #expect(entry.findings.contains { $0.contains("Same event as slip TL-2024-9602") })
        #expect(try w.scalar("select rows_rejected from audit.batch where batch_id = \(batch)") == 0)
        #expect(try w.scalar("select rows_duplicate_event from audit.batch where batch_id = \(batch)") == 1)
        #expect(try w.scalar("select rows_accepted from audit.batch where batch_id = \(first.report.batchID!)") == 1)
        #expect(try w.scalar("select count(*) from staging.duplicate_event where batch_id = \(batch) and line_no = 2") == 1)
    }

    /// A dry run reports the repeated event exactly as a real ingest and leaves nothing: the
    /// line, its record and its quarantine entry are written in the file's transaction.
    @Test func aDryRunLeavesNothingBehind() throws {
        let w = try Self.world()
        let path = try w.write("p0_25489_2024-04-dup.csv", [Self.header,
            "04/2024,25489,4,GIAY,TL-2024-9001,SINH,11/03/2024,TL04007,5,,Trịnh Phúc Khai,1,11/03/2024,01,3,,,2,2,1,"])
        let batches = try w.scalar("select count(*) from audit.batch")
        let quarantined = try w.scalar("select count(*) from staging.quarantine")
        let dry = try w.ingestChanges(path, dryRun: true)
        #expect(dry.report.rows.duplicateEvents == 1)
        #expect(Self.repeats(dry) == [2: "TL-2024-0011"])
        #expect(try w.scalar("select count(*) from staging.duplicate_event") == 0)
        #expect(try w.scalar("select count(*) from audit.batch") == batches)
        #expect(try w.scalar("select count(*) from staging.quarantine") == quarantined)
        let real = try w.ingestChanges(path)
        #expect(real.report.rows.duplicateEvents == 1)
        #expect(try w.scalar("select count(*) from staging.duplicate_event") == 1)
    }
}
