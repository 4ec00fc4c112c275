@testable import DansoPostgres
import DansoTestSupport
import Foundation
import Testing

@Suite struct EmbeddedClusterTests {
    static func temporaryHome(_ suffix: String = "") -> String {
        FileManager.default.temporaryDirectory.path + "/danso-cluster-test-\(UInt32.random(in: 0...UInt32.max))\(suffix)"
    }

    @Test func lifecycle() throws {
        let home = Self.temporaryHome()
        let cluster = EmbeddedCluster(home: home, logger: TestDatabase.silentLogger, settings: ["fsync": "off", "shared_buffers": "32MB"])
        defer {
            try? cluster.stop(mode: .immediate)
            try? FileManager.default.removeItem(atPath: home)
        }
        #expect(cluster.status().isInitialised == false)

        let conninfo = try cluster.start()
        var status = cluster.status()
        #expect(status.isInitialised && status.isRunning)
        #expect(status.pid != nil)
        #expect(status.serverVersion == "15")
        #expect(status.conninfo == conninfo)
        #expect(status.dataDirectory == home + "/data")
        #expect(status.logFile == home + "/postgres.log")
        let connection = try PostgresConnection(conninfo: conninfo, logger: TestDatabase.silentLogger)
        let settings = try connection.query("""
            select current_database() as db, current_setting('listen_addresses') as listen,
                   current_setting('server_encoding') as enc, current_setting('lc_collate') as coll,
                   current_setting('shared_buffers') as sb, current_setting('max_wal_size') as wal
            """)[0]
        #expect(settings["db"] == "danso")
        #expect(settings["listen"] == "")
        #expect(settings["enc"] == "UTF8")
        #expect(settings["coll"] == "C.UTF-8")
        #expect(settings["sb"] == "32MB")
        #expect(settings["wal"] == "8GB")
        try connection.execute("create table kept (id int)")

        // Idempotent: a second start changes nothing and returns the same conninfo.
        #expect(try cluster.start() == conninfo)
        #expect(cluster.status().pid == status.pid)

        try cluster.stop()
        status = cluster.status()
        #expect(status.isInitialised && !status.isRunning && status.pid == nil)
        try cluster.stop() // not running: no error

        // A stale postmaster.pid (a pid that is not a postmaster) does not block the next start.
        let stale = "\(getpid())\n\(status.dataDirectory)\n0\n5432\n"
        try stale.write(toFile: status.dataDirectory + "/postmaster.pid", atomically: false, encoding: .utf8)
        #expect(cluster.status().isRunning == false)

        let again = try cluster.start()
        #expect(cluster.status().isRunning)
        let reconnected = try PostgresConnection(conninfo: again, logger: TestDatabase.silentLogger)
        #expect(try reconnected.query("select to_regclass('kept') is not null as kept")[0].bool("kept") == true)
    }

    /// As root, a home `postgres` cannot reach (like one under /root) gets its data in /var/tmp.
    @Test(.enabled(if: geteuid() == 0)) func unreachableHomeIsRelocated() throws {
        let privateDirectory = Self.temporaryHome("-private")
        try FileManager.default.createDirectory(atPath: privateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let home = privateDirectory + "/home"
        let cluster = EmbeddedCluster(home: home, logger: TestDatabase.silentLogger, settings: ["fsync": "off", "shared_buffers": "32MB"])
        let base = "/var/tmp/danso-" + ClusterLayout.tag(home: home)
        defer {
            try? cluster.stop(mode: .immediate)
            try? FileManager.default.removeItem(atPath: privateDirectory)
            try? FileManager.default.removeItem(atPath: base)
        }
        let conninfo = try cluster.start()
        let status = cluster.status()
        #expect(status.isRunning)
        #expect(status.dataDirectory == base + "/data")
        #expect(status.logFile == base + "/postgres.log")
        let recorded = try String(contentsOfFile: home + "/cluster-location", encoding: .utf8)
        #expect(recorded.trimmingCharacters(in: .whitespacesAndNewlines) == base)
        let connection = try PostgresConnection(conninfo: conninfo, logger: TestDatabase.silentLogger)
        #expect(try connection.query("select current_user as u")[0]["u"] == "danso")
        try cluster.stop()
        #expect(cluster.status().isRunning == false)
        #expect(try cluster.start() == conninfo)
    }

    @Test func longHomeMovesSocketToTmp() {
        let home = "/var/tmp/" + String(repeating: "d", count: 120)
        let layout = ClusterLayout.resolve(home: home, runner: nil, logger: TestDatabase.silentLogger, record: false)
        #expect(layout.socketDirectory == "/tmp/danso-" + ClusterLayout.tag(home: home))
        #expect(layout.dataDirectory == home + "/data")
        let short = ClusterLayout.resolve(home: "/var/tmp/x", runner: nil, logger: TestDatabase.silentLogger, record: false)
        #expect(short.socketDirectory == "/var/tmp/x/socket")
    }

    @Test func cacheIsAQuarterOfTheMemoryWithinBounds() {
        let gib: UInt64 = 1 << 30
        #expect(ServerMemory.sharedBuffers(available: 24 * gib) == "1024MB")
        #expect(ServerMemory.sharedBuffers(available: 2 * gib) == "512MB")
        #expect(ServerMemory.sharedBuffers(available: 256 << 20) == "128MB")
    }

    @Test func memoryIsTheControlGroupsLimitWhenLower() throws {
        let gib: UInt64 = 1 << 30
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("danso-memory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ name: String, _ text: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }
        let unlimited = try file("v2", "max\n"), twoGiB = try file("limit", "2147483648\n")
        let v1Unlimited = try file("v1", "9223372036854771712\n"), missing = folder.appendingPathComponent("none").path
        #expect(ServerMemory.available(physical: 24 * gib, limitFiles: [unlimited, twoGiB]) == 2 * gib)
        #expect(ServerMemory.available(physical: 24 * gib, limitFiles: [unlimited, v1Unlimited, missing]) == 24 * gib)
        #expect(ServerMemory.available(physical: 1 * gib, limitFiles: [twoGiB]) == 1 * gib)
    }

    @Test func relativeHomeIsResolved() {
        let cluster = EmbeddedCluster(home: "./.danso/../.danso", logger: TestDatabase.silentLogger)
        #expect(cluster.home == FileManager.default.currentDirectoryPath + "/.danso")
    }

    @Test func relocationTagDependsOnTheHomeOnly() {
        #expect(ClusterLayout.tag(home: "/root/a") == ClusterLayout.tag(home: "/root/a"))
        #expect(ClusterLayout.tag(home: "/root/a") != ClusterLayout.tag(home: "/root/b"))
        #expect(ClusterLayout.tag(home: "/root/a").count == 12)
    }

    @Test func databaseTargetFromEnvironment() {
        #expect(DatabaseTarget.fromEnvironment([:]) == .embedded(home: "./.danso"))
        #expect(DatabaseTarget.fromEnvironment(["DANSO_HOME": "/srv/danso"]) == .embedded(home: "/srv/danso"))
        #expect(DatabaseTarget.fromEnvironment(["DANSO_HOME": "/srv/danso", "DANSO_DATABASE_URL": "postgresql:///x"]) == .url("postgresql:///x"))
        #expect(DatabaseTarget.fromEnvironment(["DANSO_DATABASE_URL": ""]) == .embedded(home: "./.danso"))
    }

    @Test func conninfoHelpers() throws {
        #expect(PostgresConnInfo.quote(#"a b'c\d"#) == #"'a b\'c\\d'"#)
        let moved = try PostgresConnInfo.settingDatabase("t_1", in: "postgresql://u@localhost:5433/danso?sslmode=disable")
        #expect(try PostgresConnInfo.value(of: "dbname", in: moved) == "t_1")
        #expect(try PostgresConnInfo.value(of: "port", in: moved) == "5433")
        #expect(try PostgresConnInfo.value(of: "sslmode", in: moved) == "disable")
        #expect(throws: PostgresError.self) { try PostgresConnInfo.settingDatabase("x", in: "host='unterminated") }
    }

    @Test func errorMessagesAreBilingual() {
        let error = EmbeddedClusterError.binariesNotFound(searched: ["/usr/bin"])
        #expect(error.messageVI.contains("apt-get install postgresql"))
        #expect(error.messageEN.contains("apt-get install postgresql"))
        #expect(error.description.hasPrefix(error.messageVI))
    }
}
