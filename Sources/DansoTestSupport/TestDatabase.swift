import DansoPostgres
import Foundation
import Logging

/// A throwaway database on a throwaway cluster, for tests.
///
/// The first `fresh()` in a test process starts one embedded cluster in a new temporary
/// directory (thread-safely, since swift-testing runs tests in parallel); it is stopped with
/// `pg_ctl stop -m immediate` and deleted when the process exits. Every `fresh()` creates a
/// new database `t_<random>`, so tests never see each other's tables.
///
/// With `DANSO_TEST_DATABASE_URL` set, that server is used instead (a new database per call
/// still, dropped at exit) and no cluster is started.
public struct TestDatabase: Sendable {
    /// The conninfo of this database.
    public let conninfo: String
    /// The database name, `t_` followed by 16 hex digits.
    public let name: String
    let logger: Logger

    /// Creates a new empty database, starting the test cluster first if needed.
    public static func fresh(logger: Logger = TestDatabase.silentLogger) throws -> TestDatabase {
        let adminConninfo = try TestServer.shared.adminConninfo(logger: logger)
        var generator = SystemRandomNumberGenerator()
        let name = "t_" + String(format: "%016llx", generator.next() as UInt64)
        let admin = try PostgresConnection(conninfo: adminConninfo, logger: logger)
        try admin.execute("create database \(identifier: name)")
        TestServer.shared.didCreate(database: name)
        return TestDatabase(
            conninfo: try PostgresConnInfo.settingDatabase(name, in: adminConninfo),
            name: name, logger: logger)
    }

    /// Opens a new connection to this database.
    public func connect() throws -> PostgresConnection {
        try PostgresConnection(conninfo: conninfo, logger: logger)
    }

    /// A logger that discards everything, the default for tests that do not inspect logs.
    public static let silentLogger = Logger(label: "danso.test", factory: { _ in SwiftLogNoOpLogHandler() })
}
