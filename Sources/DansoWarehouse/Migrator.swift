import Crypto
import DansoPostgres
import Foundation
import Logging

/// One numbered SQL file of `sql/`, applied once, in order, in a transaction of its own.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    /// SHA-256 of the file: an applied migration that was edited is refused.
    public let checksum: String
}

/// Applies the numbered migrations of `sql/` and records them with their checksums.
public struct Migrator: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The migrations on disk, in version order.
    public func migrations() throws(WarehouseError) -> [Migration] {
        let files: [String]
        do { files = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw .projectFilesNotFound(searched: [directory])
        }
        var result: [Migration] = []
        for file in files.sorted() where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw .badMigrationName(file: file)
            }
            guard let text = try? String(contentsOfFile: "\(directory)/\(file)", encoding: .utf8) else {
                throw .referenceFileMissing(path: "\(directory)/\(file)")
            }
            let digest = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
            result.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]),
                                    sql: text, checksum: digest))
        }
        return result
    }

    /// Applies what is not applied yet; returns the migrations applied now.
    @discardableResult
    public func migrate(_ connection: PostgresConnection, logger: Logger) throws -> [Migration] {
        try connection.execute(unsafeSQL: """
            create schema if not exists audit;
            create table if not exists audit.schema_migration (
                version    integer primary key,
                name       text not null,
                checksum   text not null,
                applied_at timestamptz not null default now()
            );
            comment on table audit.schema_migration is 'One row per migration of sql/ applied to this database, with the checksum of its file.';
            """)
        // One migrator at a time (a pipeline and a user may start together).
        try connection.execute("select pg_advisory_lock(7263001)")
        defer { _ = try? connection.execute("select pg_advisory_unlock(7263001)") }

        let onDisk = try migrations()
        var applied: [Int: (name: String, checksum: String)] = [:]
        for row in try connection.query("select version, name, checksum from audit.schema_migration") {
            applied[row.int("version")!] = (row["name"]!, row["checksum"]!)
        }
        for (version, record) in applied where !onDisk.contains(where: { $0.version == version }) {
            throw WarehouseError.migrationMissing(version: version, name: record.name)
        }
        var done: [Migration] = []
        for migration in onDisk {
            if let record = applied[migration.version] {
                guard record.checksum == migration.checksum else {
                    throw WarehouseError.migrationEdited(version: migration.version, name: migration.name,
                                                         recorded: record.checksum, actual: migration.checksum)
                }
                continue
            }
            do {
                try connection.transaction { conn in
                    try conn.execute(unsafeSQL: migration.sql)
                    try conn.execute("""
                        insert into audit.schema_migration (version, name, checksum)
                        values (\(migration.version), \(migration.name), \(migration.checksum))
                        """)
                }
            } catch let error as PostgresError {
                throw WarehouseError.migrationFailed(version: migration.version, name: migration.name, error: error)
            }
            logger.info("migration applied", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            done.append(migration)
        }
        try keepJITOff(connection, migrations: onDisk, logger: logger)
        return done
    }

    /// Migration 0012 turns JIT off for the database, but a database created from a template or
    /// restored from a dump keeps the migrations and loses that setting, and JIT came back
    /// silently (0.5 s of compiling per change file). Runs 0012 again when the setting is
    /// missing: it only sets it (for the database and the session), so it can run any time.
    func keepJITOff(_ connection: PostgresConnection, migrations: [Migration], logger: Logger) throws {
        guard let noJIT = migrations.first(where: { $0.version == 12 }) else { return }
        let kept = try connection.query("""
            select exists (select 1 from pg_db_role_setting s join pg_database d on d.oid = s.setdatabase
                           where d.datname = current_database() and s.setrole = 0
                             and 'jit=off' = any (s.setconfig)) as kept
            """).first?.bool("kept") ?? false
        guard !kept else { return }
        try connection.execute(unsafeSQL: noJIT.sql)
        logger.info("jit turned off again for this database (it was lost, e.g. by a copy from a template)")
    }
}
