import DansoDomain
import DansoPostgres
import DansoTestSupport
import DansoValidation
import DansoWarehouse
import Foundation
import Logging

/// A migrated warehouse on a fresh test database, with the repository's files.
struct WarehouseFixture {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let files = ProjectFiles(sqlDirectory: "\(repository)/sql",
                                    referenceDirectory: "\(repository)/sample-feeds/reference")
    static func sample(_ name: String) -> String { "\(repository)/sample-feeds/\(name)" }

    let database: TestDatabase
    let connection: PostgresConnection
    let reference: ReferenceData
    let logger = TestDatabase.silentLogger

    init() throws {
        database = try TestDatabase.fresh()
        connection = try database.connect()
        try Migrator(directory: Self.files.sqlDirectory).migrate(connection, logger: logger)
        try ReferenceLoader(files: Self.files).load(connection, logger: logger)
        reference = try ReferenceLoader.referenceData(connection)
    }

    @discardableResult
    func ingest(_ path: String, dryRun: Bool = false, scope: RegisterScope = .auto) throws -> IngestOutcome {
        var options = IngestOptions()
        options.dryRun = dryRun
        options.scope = scope
        let outcome = try RegisterIngestor(connection: connection, reference: reference, logger: logger)
            .ingest(path: path, options: options)
        try assertSound()
        return outcome
    }

    /// Fails when the register breaks a guarantee its constraints no longer check per row
    /// (registry.integrity_problems(), migration 0009): every scenario calls it.
    func assertSound() throws {
        let problems = try connection.query("select problem, rows_affected from registry.integrity_problems()")
            .map { "\($0["problem"] ?? "?"): \($0["rows_affected"] ?? "?")" }
        if !problems.isEmpty { throw RegisterUnsound(problems: problems) }
    }

    /// A digest of everything a load can change, to prove that something changed nothing.
    func digest() throws -> String {
        let tables = ["audit.batch", "audit.finding", "staging.a0_line", "staging.quarantine", "registry.household",
                      "registry.household_state", "registry.person", "registry.person_state"]
        var parts: [String] = []
        for table in tables {
            let row = try connection.query(
                "select count(*) as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as h from \(unsafeSQL: table) t"
            ).first!
            parts.append("\(table)=\(row["n"]!):\(row["h"]!)")
        }
        return parts.joined(separator: "\n")
    }

    func scalar(_ query: PostgresQuery) throws -> Int {
        try connection.query(query).first.flatMap { $0[0] }.flatMap { Int($0) } ?? -1
    }

    /// The SQLSTATE `sql` fails with (nil when it succeeds), inside a savepoint so that the
    /// caller's transaction goes on (checking what a role may and may not do).
    func sqlstate(of sql: String) throws -> String? {
        try connection.execute("savepoint attempt")
        do {
            _ = try connection.query(PostgresQuery(unsafeSQL: sql))
            try connection.execute("release savepoint attempt")
            return nil
        } catch let error as PostgresError {
            try connection.execute("rollback to savepoint attempt")
            return error.sqlstate ?? "?"
        }
    }
}

struct RegisterUnsound: Error, CustomStringConvertible {
    let problems: [String]
    var description: String { "register unsound: " + problems.joined(separator: "; ") }
}

/// The figures the sample generator computed independently (sample-feeds/expected_counts.json).
struct ExpectedCounts: Decodable {
    let listed: Int
    let resident: Int
    let male: Int
    let female: Int
    let households: Int

    static func load() throws -> [String: [String: ExpectedCounts]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: WarehouseFixture.sample("expected_counts.json")))
        return try JSONDecoder().decode([String: [String: ExpectedCounts]].self, from: data)
    }
}
