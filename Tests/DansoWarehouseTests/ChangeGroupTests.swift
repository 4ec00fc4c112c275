import DansoFeeds
import DansoPostgres
@testable import DansoWarehouse
import Foundation
import Testing

/// Change files applied several to a transaction (`ChangeIngestor.ingest(group:options:)`, what
/// `danso ingest changes` does) end in the register the files one at a time give, each with
/// its own batch, and a group that fails leaves nothing and goes file by file.
@Suite struct ChangeGroupTests {
    /// The sample year's 36 change files, month by month.
    static let year = (1...12).flatMap { month in
        ["25555", "25519", "25489"].map { WarehouseFixture.sample(String(format: "changes/p0_%@_2024-%02d.csv", $0, month)) }
    }

    static var grouped: IngestOptions {
        var options = IngestOptions()
        options.refresh = .later
        return options
    }

    /// Ingests the year through `transactionGroups` and `ingest(group:)`, as the command does.
    static func loadInGroups(_ w: WarehouseFixture, _ changes: ChangeIngestor) throws -> [IngestOutcome] {
        try SampleYearTests.load(w, months: [])
        var outcomes: [IngestOutcome] = []
        for group in changes.transactionGroups(year, options: grouped) {
            outcomes += try changes.ingest(group: group, options: grouped)
        }
        try w.assertSound()
        return outcomes
    }

    /// Transactions that wrote the staged lines (each file's lines are written by one).
    static func transactions(_ w: WarehouseFixture) throws -> Int {
        try w.scalar("select count(distinct xmin::text) from staging.change_line")
    }

    @Test func aYearInGroupsEndsInTheRegisterFileByFileGives() throws {
        let oneByOne = try WarehouseFixture()
        try SampleYearTests.load(oneByOne, months: Array(1...12))

        let inGroups = try WarehouseFixture()
        let changes = ChangeIngestor(connection: inGroups.connection, reference: inGroups.reference,
                                     files: WarehouseFixture.files, logger: inGroups.logger)
        let outcomes = try Self.loadInGroups(inGroups, changes)
        #expect(outcomes.count == Self.year.count)
        #expect(outcomes.map(\.report.file) == Self.year.map { URL(fileURLWithPath: $0).lastPathComponent })
        // The 36 files went in fewer transactions, each file still its own batch.
        #expect(try Self.transactions(oneByOne) == Self.year.count)
        #expect(try Self.transactions(inGroups) < Self.year.count / 4)
        #expect(Set(outcomes.compactMap(\.report.batchID)).count == Self.year.count)
        #expect(try inGroups.scalar("select count(distinct batch_id) from staging.change_line") == Self.year.count)

        #expect(try SampleYearTests.registerContent(inGroups) == (try SampleYearTests.registerContent(oneByOne)))
        for sql in ["select count(*) from registry.event where not cancelled",
                    "select count(*) from registry.slip",
                    "select count(*) from staging.quarantine where status = 'held'"] {
            #expect(try inGroups.scalar(PostgresQuery(unsafeSQL: sql)) == (try oneByOne.scalar(PostgresQuery(unsafeSQL: sql))), "\(sql)")
        }
        // Lines accepted at once or on a retry: the same in all.
        let loaded = "select sum(rows_accepted)::int from audit.batch where kind = 'changes'"
        #expect(try inGroups.scalar(PostgresQuery(unsafeSQL: loaded)) == (try oneByOne.scalar(PostgresQuery(unsafeSQL: loaded))))
        // A newcomer is first listed by the batch of the slip that brought them, not the group's first.
        #expect(try inGroups.scalar("""
            select count(*) from registry.person p
            where p.first_batch_id <> (select min(s.batch_id) from registry.person_state s where s.person_id = p.person_id)
              and p.first_batch_id in (select batch_id from audit.batch where kind = 'changes')
            """) == 0)
    }

    @Test func aGroupThatFailsLeavesNothingAndGoesFileByFile() throws {
        let w = try WarehouseFixture()
        // A statement writing the lines of two batches fails: only a group writes such.
        try w.connection.execute(unsafeSQL: """
            create function pg_temp.one_batch_only() returns trigger language plpgsql as $$
            begin
                if (select count(distinct batch_id) from written) > 1 then raise exception 'two batches in one statement'; end if;
                return null;
            end $$;
            create trigger one_batch_only after insert on staging.change_line referencing new table as written
                for each statement execute function pg_temp.one_batch_only();
            """)
        let changes = ChangeIngestor(connection: w.connection, reference: w.reference,
                                     files: WarehouseFixture.files, logger: w.logger)
        let outcomes = try Self.loadInGroups(w, changes)
        #expect(outcomes.count == Self.year.count)
        #expect(try Self.transactions(w) == Self.year.count)
        #expect(try w.scalar("select count(*) from audit.batch where kind = 'changes'") == Self.year.count)
        #expect(try w.scalar("select count(*) from staging.quarantine where status = 'held'") == 0)

        let reference = try WarehouseFixture()
        try SampleYearTests.load(reference, months: Array(1...12))
        #expect(try SampleYearTests.registerContent(w) == (try SampleYearTests.registerContent(reference)))
    }

    @Test func aFileAlreadyIngestedOrCopiedInTheGroupGoesAlone() throws {
        let w = try WarehouseFixture()
        try SampleYearTests.load(w, months: [])
        let changes = ChangeIngestor(connection: w.connection, reference: w.reference,
                                     files: WarehouseFixture.files, logger: w.logger)
        let (first, second) = (Self.year[0], Self.year[1])
        _ = try changes.ingest(path: first)
        let outcomes = try changes.ingest(group: [first, second, second], options: Self.grouped)
        #expect(outcomes.map(\.report.status) == [.duplicate, outcomes[1].report.status, .duplicate])
        #expect(outcomes[1].report.batchID != nil)
        #expect(try w.scalar("select count(*) from audit.batch where kind = 'changes'") == 2)
    }

    @Test func groupsKeepBelowTheSlipsThatMakeTheRefreshRecount() throws {
        let w = try WarehouseFixture()
        let changes = ChangeIngestor(connection: w.connection, reference: w.reference,
                                     files: WarehouseFixture.files, logger: w.logger)
        let staged = try Self.year.prefix(6).map { path in
            let print = try FeedReader.fingerprint(path: path)
            return try changes.stage(path: path, print: print,
                                     report: BatchLedger(connection: w.connection).report(path: path, print: print, kind: .changes,
                                                                                           options: Self.grouped),
                                     options: Self.grouped)
        }
        let counts = staged.map(\.staging.slips.count)
        let cap = counts[0] + counts[1]
        let parts = ChangeIngestor.split(staged, slips: cap)
        #expect(parts.flatMap { $0.map(\.path) } == staged.map(\.path))
        #expect(parts.first?.count == 2)
        for part in parts where part.count > 1 { #expect(part.map(\.staging.slips.count).reduce(0, +) <= cap) }
        // A file over the cap goes alone.
        #expect(ChangeIngestor.split(staged, slips: 1).map(\.count) == Array(repeating: 1, count: staged.count))
    }
}
