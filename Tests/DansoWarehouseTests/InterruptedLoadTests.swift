import DansoWarehouse
import Foundation
import Testing

/// A load killed in the middle leaves no trace, and running it again completes.
@Suite struct InterruptedLoadTests {
    /// The `danso` executable built beside this test bundle.
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("danso").path
    }

    /// Writes `people` valid register lines for commune 25489 with the repository's generator.
    static func largeRegister(people: Int) throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("a0_large_\(UUID().uuidString).csv").path
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = ["python3", "\(WarehouseFixture.repository)/scripts/make_large_register.py", String(people), out]
        try generator.run()
        generator.waitUntilExit()
        #expect(generator.terminationStatus == 0)
        return out
    }

    @Test(.timeLimit(.minutes(5))) func aKilledLoadLeavesNothingAndARerunCompletes() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable), "build the danso executable first (swift build)")
        let w = try WarehouseFixture()
        let file = try Self.largeRegister(people: 100_000)
        defer { try? FileManager.default.removeItem(atPath: file) }

        let load = Process()
        load.executableURL = URL(fileURLWithPath: Self.executable)
        load.arguments = ["ingest", "a0", file]
        var environment = ProcessInfo.processInfo.environment
        environment["DANSO_DATABASE_URL"] = w.database.conninfo
        environment["DANSO_SQL_DIR"] = WarehouseFixture.files.sqlDirectory
        environment["DANSO_REFERENCE_DIR"] = WarehouseFixture.files.referenceDirectory
        load.environment = environment
        load.standardOutput = FileHandle.nullDevice
        load.standardError = FileHandle.nullDevice
        try load.run()

        // Wait until the lines are streaming into staging, then kill the process outright.
        var copying = false
        for _ in 0..<600 where !copying {
            copying = try w.scalar("""
                select count(*) from pg_stat_activity
                where datname = current_database() and state = 'active' and query like 'copy staging.a0_line%'
                """) > 0
            if !copying { usleep(50_000) }
        }
        #expect(copying, "the load never reached its COPY")
        kill(load.processIdentifier, SIGKILL)
        load.waitUntilExit()
        #expect(load.terminationReason == .uncaughtSignal)

        // The server aborts the orphaned transaction; wait for its backend to go.
        for _ in 0..<200 {
            let busy = try w.scalar("""
                select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
                """)
            if busy == 0 { break }
            usleep(50_000)
        }
        #expect(try w.scalar("select count(*) from audit.batch") == 0)
        #expect(try w.scalar("select count(*) from staging.a0_line") == 0)
        #expect(try w.scalar("select count(*) from registry.person_state") == 0)

        let rerun = try w.ingest(file)
        #expect(rerun.report.status == .accepted)
        #expect(rerun.report.rows.accepted == 100_000)
        #expect(try w.scalar("select count(*) from registry.person_state") == 100_000)
    }
}
