import DansoPipeline
import DansoPostgres
import DansoValidation
import DansoWarehouse
import Foundation
import Testing

/// Whole runs against a real PostgreSQL: ingest, move, audit, and a second run that does nothing.
@Suite struct RunTests {
    static func report(_ path: String) throws -> ValidationReport {
        try JSONDecoder().decode(ValidationReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func aRunIngestsMovesAndRecordsAndASecondRunDoesNothing() throws {
        let w = try WarehouseFixture()
        let drop = try DropFixture()
        defer { drop.remove() }
        for name in Repository.registers.reversed() { try drop.drop(name) }
        try drop.drop("bad/F02_missing_ngay_sinh.csv", as: "a0_bad.csv")
        try drop.write("not for the warehouse", as: "notes.txt")
        // Back-loaded: the file's time is its receipt time.
        let received = ISO8601DateFormatter().date(from: "2024-01-05T01:30:00Z")!
        try FileManager.default.setAttributes([.modificationDate: received],
                                              ofItemAtPath: drop.source + "/a0_25519_tan_ha_2023-12-31.csv")

        let (definition, folders) = try drop.communes()
        var seen: [String] = []
        let result = try w.runner().run(definition, folders: folders) { seen.append($0.planned.file.relativePath) }

        // Registers in date order; the bad file (dated 31/12/2023 too) by name among them.
        #expect(seen == ["a0_25489_tan_lap_2023-12-31.csv", "a0_25519_tan_ha_2023-12-31.csv", "a0_25555_suoi_da_2023-12-31.csv",
                         "a0_bad.csv", "a0_25489_tan_lap_2024-06-30.csv"])
        #expect(result.files.map(\.outcome) == [.accepted, .accepted, .accepted, .rejected, .accepted])
        #expect(result.status == .succeeded)
        #expect((result.ingested, result.rejected, result.skipped, result.failed) == (4, 1, 0, 0))
        #expect(result.plan.unmatched == ["notes.txt"])

        // Files moved with their reports; the unmatched file stays.
        #expect(drop.listing("archive") == Repository.registers.sorted().flatMap { [$0, "\($0).report.json"] })
        #expect(drop.listing("rejected") == ["a0_bad.csv", "a0_bad.csv.report.json"])
        #expect(drop.exists("notes.txt"))
        #expect(!Repository.registers.contains { drop.exists($0) })
        let badReport = try Self.report(drop.source + "/rejected/a0_bad.csv.report.json")
        #expect(badReport.status == .rejected)
        #expect(badReport.issues.contains { $0.rule == .F02 })
        let goodReport = try Self.report(drop.source + "/archive/a0_25555_suoi_da_2023-12-31.csv.report.json")
        #expect(goodReport.status == .accepted && goodReport.rows.accepted == 230 && goodReport.batchID != nil)

        // The audit: one run, a step per file, each with the batch its ingest recorded.
        let run = try w.connection.query("select * from audit.pipeline_run").first!
        #expect(run["pipeline"] == "communes" && run["status"] == "succeeded" && run["finished_at"] != nil)
        #expect(run["definition_sha256"] == definition.sha256 && run["source_dir"] == folders.source)
        #expect(run.int("files_found") == 5 && run.int("files_ingested") == 4 && run.int("files_rejected") == 1)
        #expect(run.int("files_skipped") == 0 && run.int("files_failed") == 0 && run.int("files_unmatched") == 1)
        #expect(run["host_name"]?.isEmpty == false && run["os_user"]?.isEmpty == false)
        let steps = try w.connection.query("""
            select s.step_no, s.file_name, s.outcome, s.period, s.lines_read, s.lines_accepted, s.lines_rejected,
                   s.moved_to, b.status as batch_status, b.rows_read
            from audit.pipeline_step s join audit.batch b using (batch_id) order by s.step_no
            """)
        #expect(steps.map { $0["file_name"]! } == seen)
        #expect(steps.map { $0["outcome"]! } == ["accepted", "accepted", "accepted", "rejected", "accepted"])
        #expect(steps.map { $0["period"]! } == ["2023-12-31", "2023-12-31", "2023-12-31", "2023-12-31", "2024-06-30"])
        #expect(steps.allSatisfy { $0.int("lines_read") == $0.int("rows_read") })
        #expect(steps.map { $0.int("lines_accepted")! } == [206, 193, 230, 0, 202])
        #expect(steps[3]["moved_to"] == drop.source + "/rejected/a0_bad.csv" && steps[3]["batch_status"] == "rejected")
        #expect(try w.scalar("""
            select count(*) from audit.batch
            where file_name = 'a0_25519_tan_ha_2023-12-31.csv' and received_at = '2024-01-05T01:30:00Z'
            """) == 1)

        // Again: nothing waits, nothing changes, and the run says so.
        let batches = try w.scalar("select count(*) from audit.batch")
        let again = try w.runner().run(definition, folders: folders)
        #expect(again.files.isEmpty && again.status == .succeeded)
        #expect(try w.scalar("select count(*) from audit.batch") == batches)
        let second = try w.connection.query("select * from audit.pipeline_run where run_id = \(again.runID!)").first!
        #expect(second.int("files_found") == 0 && second["status"] == "succeeded" && second.int("files_unmatched") == 1)
        #expect(try w.scalar("select count(*) from audit.pipeline_step where run_id = \(again.runID!)") == 0)
        #expect(drop.exists("notes.txt"))
    }

    @Test func aResentFileIsADuplicateAndArchivedBesideTheFirstWithoutOverwriting() throws {
        let w = try WarehouseFixture()
        let drop = try DropFixture()
        defer { drop.remove() }
        let (definition, folders) = try drop.communes()
        try drop.drop("a0_25519_tan_ha_2023-12-31.csv")
        _ = try w.runner().run(definition, folders: folders)
        try drop.drop("a0_25519_tan_ha_2023-12-31.csv", as: "d706/a0_25519_tan_ha_2023-12-31.csv")
        try drop.drop("a0_25519_tan_ha_2023-12-31.csv")
        let batches = try w.scalar("select count(*) from audit.batch")
        let result = try w.runner().run(definition, folders: folders)
        #expect(result.files.map(\.outcome) == [.duplicate, .duplicate])
        #expect(try w.scalar("select count(*) from audit.batch") == batches)
        #expect(drop.listing("archive") == [
            "a0_25519_tan_ha_2023-12-31.2.csv", "a0_25519_tan_ha_2023-12-31.2.csv.report.json",
            "a0_25519_tan_ha_2023-12-31.csv", "a0_25519_tan_ha_2023-12-31.csv.report.json",
            "d706/a0_25519_tan_ha_2023-12-31.csv", "d706/a0_25519_tan_ha_2023-12-31.csv.report.json",
        ])
        #expect(try Self.report(drop.source + "/archive/a0_25519_tan_ha_2023-12-31.2.csv.report.json").status == .duplicate)
        #expect(try w.scalar("select count(*) from audit.pipeline_step where outcome = 'duplicate' and batch_id is null") == 2)
    }

    @Test func aKindWithoutAnIngestorIsSkippedAndItsFilesStay() throws {
        let w = try WarehouseFixture()
        let drop = try DropFixture()
        defer { drop.remove() }
        try drop.write("ky_bao_cao,ma_xa,ma_phieu\n01/2024,25489,P1\n", as: "changes/p0_25489_2024-01.csv")
        try drop.drop("a0_25489_tan_lap_2023-12-31.csv")
        let (definition, folders) = try drop.communes()
        let result = try w.runner().run(definition, folders: folders)
        #expect(result.files.map(\.outcome) == [.accepted, .skipped])
        #expect(result.files[1].message?.contains("not supported yet") == true)
        #expect(result.status == .succeeded)
        #expect(drop.exists("changes/p0_25489_2024-01.csv"))
        let run = try w.connection.query("select * from audit.pipeline_run").first!
        #expect(run.int("files_found") == 2 && run.int("files_skipped") == 1 && run["status"] == "succeeded")
        let step = try w.connection.query("select * from audit.pipeline_step where kind = 'changes'").first!
        #expect(step["outcome"] == "skipped" && step["moved_to"] == nil && step["batch_id"] == nil && step["period"] == "2024-01")
    }

    /// Fails on one file as a database would, and ingests the others with the real ingestor.
    struct FailingOn: FeedIngestor {
        let fileName: String
        let real: RegisterIngestor
        var kind: ValidationReport.Kind { .a0 }
        func ingest(path: String, options: IngestOptions) throws -> IngestOutcome {
            if path.hasSuffix("/" + fileName) {
                throw PostgresError(kind: .connection, message: "server closed the connection unexpectedly")
            }
            return try real.ingest(path: path, options: options)
        }
    }

    @Test func anErrorOnOneFileLeavesItAndTheRunGoesOnButFails() throws {
        let w = try WarehouseFixture()
        let drop = try DropFixture()
        defer { drop.remove() }
        for name in Repository.registers.prefix(3) { try drop.drop(name) }
        let (definition, folders) = try drop.communes()
        let failing = FailingOn(fileName: "a0_25519_tan_ha_2023-12-31.csv",
                                real: w.registers)
        let result = try w.runner([.a0: failing]).run(definition, folders: folders)
        #expect(result.files.map(\.outcome) == [.accepted, .error, .accepted])
        #expect(result.status == .failed)
        #expect(result.files[1].message?.contains("server closed the connection") == true)
        #expect(drop.exists("a0_25519_tan_ha_2023-12-31.csv"))
        #expect(drop.listing("archive").count == 4)
        let run = try w.connection.query("select * from audit.pipeline_run").first!
        #expect(run["status"] == "failed" && run.int("files_failed") == 1 && run.int("files_ingested") == 2)
        #expect(try w.scalar("select count(*) from audit.pipeline_step where outcome = 'error' and moved_to is null") == 1)

        // Once the cause is gone, the next run takes the file left behind.
        let next = try w.runner().run(definition, folders: folders)
        #expect(next.files.map(\.outcome) == [.accepted] && next.status == .succeeded)
    }

    @Test func aMissingDropFolderFailsTheRunWithAReason() throws {
        let w = try WarehouseFixture()
        let drop = try DropFixture()
        defer { drop.remove() }
        let (definition, _) = try drop.communes()
        let folders = definition.folders(environment: ["DANSO_DROP_DIR": drop.home + "/nowhere"])
        #expect(throws: PipelineError.sourceMissing(path: drop.home + "/nowhere")) {
            try w.runner().run(definition, folders: folders)
        }
        let run = try w.connection.query("select * from audit.pipeline_run").first!
        #expect(run["status"] == "failed" && run["message"]?.contains("nowhere") == true && run["finished_at"] != nil)
    }

    @Test func twoRunsOfOnePipelineNeverOverlap() throws {
        let w = try WarehouseFixture()
        let drop = try DropFixture()
        defer { drop.remove() }
        let (definition, folders) = try drop.communes()
        let other = try w.database.connect()
        _ = try other.query("select pg_advisory_lock(7263002, hashtext('communes'))")
        #expect(throws: PipelineError.alreadyRunning(name: "communes")) {
            try w.runner().run(definition, folders: folders)
        }
        _ = try other.query("select pg_advisory_unlock(7263002, hashtext('communes'))")
        #expect(try w.runner().run(definition, folders: folders).status == .succeeded)
    }
}
