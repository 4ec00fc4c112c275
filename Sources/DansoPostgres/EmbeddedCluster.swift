import Foundation
import Logging

/// A private PostgreSQL cluster that danso creates and runs itself under its home directory.
///
/// It listens on a Unix socket only (no TCP), with `trust` authentication for the superuser
/// `danso`; the socket directory is mode 0700, so only its owner (and root) can connect. When
/// danso runs as root, the server runs as the `postgres` user via `runuser`.
public struct EmbeddedCluster: Sendable {
    /// The danso home, resolved to an absolute path.
    public let home: String
    /// Server settings written to `danso.conf` at every start; see `defaultSettings`.
    public let settings: [String: String]
    let logger: Logger

    /// Settings for bulk loading on a small machine (2 cores, a few GB of memory), durable.
    /// The cache is a quarter of the memory, up to 1 GB (``ServerMemory``).
    ///
    /// A province's first registers write about 1,680 MB of WAL. With room for 2 GB of it and
    /// PostgreSQL's 16 MB of WAL buffers, the load forced a checkpoint halfway, the buffers
    /// filled 30,000–37,000 times, and the loading connections wrote 1.8 GB of dirty cache
    /// pages themselves. With 8 GB, 64 MB and a busier background writer: no checkpoint, no
    /// full buffer, and 1.5 GB. The A0 step (1.19 million people) was about 1 s faster
    /// (medians of 8 and 10 runs, alternating: 32.5 against 33.6 s); the months did not change.
    public static let defaultSettings: [String: String] = [
        "shared_buffers": ServerMemory.sharedBuffers(available: ServerMemory.available()),
        "max_wal_size": "8GB",
        "wal_buffers": "64MB",
        "bgwriter_lru_maxpages": "1000",
        "bgwriter_delay": "20ms",
        "maintenance_work_mem": "256MB",
        "work_mem": "32MB",
        "fsync": "on",
        "synchronous_commit": "on",
        // No replication: COPY into a table created in the same transaction skips WAL.
        "wal_level": "minimal",
        "max_wal_senders": "0",
        "checkpoint_timeout": "15min",
        "checkpoint_completion_target": "0.9",
        "effective_cache_size": "1GB",
        "log_line_prefix": "%m [%p] ",
    ]

    /// How `stop` shuts the server down (`pg_ctl stop -m`).
    public enum ShutdownMode: String, Sendable {
        /// Wait for clients to disconnect.
        case smart
        /// Roll back open transactions and shut down cleanly (the default).
        case fast
        /// Quit at once; crash recovery runs at the next start. For throwaway test clusters.
        case immediate
    }

    /// - Parameters:
    ///   - home: the danso home (`DANSO_HOME`, default `./.danso`); relative paths are resolved
    ///     against the current directory.
    ///   - settings: overrides merged over `defaultSettings`.
    public init(home: String = ".danso", logger: Logger, settings: [String: String] = [:]) {
        let absolute = home.hasPrefix("/") ? home : FileManager.default.currentDirectoryPath + "/" + home
        self.home = URL(fileURLWithPath: absolute).standardizedFileURL.path
        self.logger = logger
        self.settings = Self.defaultSettings.merging(settings) { _, override in override }
    }

    /// Makes sure the cluster exists and runs, and returns a conninfo for the `danso` database.
    ///
    /// Idempotent: runs `initdb` on first use, `pg_ctl start -w` when not running (clearing a
    /// stale `postmaster.pid`), and creates the `danso` database when missing. Concurrent calls
    /// (threads or processes) are serialised by a lock file in the home.
    public func start() throws -> String {
        try ClusterFiles.makeDirectory(home, owner: nil)
        let lock = try HomeLock(path: home + "/.lock")
        defer { lock.release() }

        let runner = try CommandRunner.forCurrentUser()
        let layout = ClusterLayout.resolve(home: home, runner: runner, logger: logger, record: true)
        let dataVersion = ClusterFiles.dataVersion(layout)
        let binaries = try PostgresBinaries.locate(preferredMajor: dataVersion)
        if let dataVersion, let binaryVersion = binaries.majorVersion, dataVersion != binaryVersion {
            throw EmbeddedClusterError.versionMismatch(
                dataDirectory: layout.dataDirectory, dataVersion: dataVersion, binaryVersion: binaryVersion)
        }
        try ClusterFiles.prepare(layout)

        if dataVersion == nil {
            logger.info("creating the embedded PostgreSQL cluster", metadata: ["data": "\(layout.dataDirectory)"])
            let result = try runner.run(binaries.initdb, [
                "-D", layout.dataDirectory, "-U", "danso", "--auth=trust",
                "--encoding=UTF8", "--locale=C.UTF-8",
            ])
            guard result.succeeded else {
                throw EmbeddedClusterError.initdbFailed(dataDirectory: layout.dataDirectory, output: result.output)
            }
        }
        try ClusterFiles.writeSettings(layout, settings: settings)

        let probe = ServerProbe.check(layout, binaries: binaries, runner: runner)
        if probe.hasStalePidFile {
            logger.notice("removing a stale postmaster.pid", metadata: ["data": "\(layout.dataDirectory)"])
            try? FileManager.default.removeItem(atPath: layout.dataDirectory + "/postmaster.pid")
        }
        if !probe.isRunning {
            logger.info("starting the embedded PostgreSQL server", metadata: ["log": "\(layout.logFile)"])
            let result = try runner.run(binaries.pgCtl, [
                "start", "-w", "-t", "120", "-D", layout.dataDirectory, "-l", layout.logFile,
            ])
            guard result.succeeded else {
                throw EmbeddedClusterError.startFailed(
                    logFile: layout.logFile, output: result.output.trimmingCharacters(in: .whitespacesAndNewlines),
                    logTail: ClusterFiles.tail(of: layout.logFile, lines: 30))
            }
        }
        try ensureDatabase(layout)
        return Self.conninfo(layout, database: "danso")
    }

    /// Stops the server with `pg_ctl stop -m fast`; does nothing when it is not running.
    public func stop() throws {
        try stop(mode: .fast)
    }

    /// Stops the server with the given shutdown mode; does nothing when it is not running.
    public func stop(mode: ShutdownMode) throws {
        guard FileManager.default.fileExists(atPath: home) else { return }
        let lock = try HomeLock(path: home + "/.lock")
        defer { lock.release() }
        let runner = try CommandRunner.forCurrentUser()
        let layout = ClusterLayout.resolve(home: home, runner: runner, logger: logger, record: false)
        guard let dataVersion = ClusterFiles.dataVersion(layout) else { return }
        let binaries = try PostgresBinaries.locate(preferredMajor: dataVersion)
        guard ServerProbe.check(layout, binaries: binaries, runner: runner).isRunning else { return }

        logger.info("stopping the embedded PostgreSQL server", metadata: ["mode": "\(mode.rawValue)"])
        let result = try runner.run(binaries.pgCtl, ["stop", "-w", "-t", "120", "-D", layout.dataDirectory, "-m", mode.rawValue])
        if !result.succeeded && ServerProbe.check(layout, binaries: binaries, runner: runner).isRunning {
            throw EmbeddedClusterError.stopFailed(
                dataDirectory: layout.dataDirectory, output: result.output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// Whether the cluster is initialised and running, and where its files are.
    public func status() -> EmbeddedClusterStatus {
        let runner = try? CommandRunner.forCurrentUser()
        let layout = ClusterLayout.resolve(home: home, runner: runner, logger: logger, record: false)
        let dataVersion = ClusterFiles.dataVersion(layout)
        let binaries = try? PostgresBinaries.locate(preferredMajor: dataVersion)
        let probe = dataVersion == nil
            ? ServerProbe(isRunning: false, pid: nil, hasStalePidFile: false)
            : ServerProbe.check(layout, binaries: binaries, runner: runner)
        return EmbeddedClusterStatus(
            home: home, isInitialised: dataVersion != nil, isRunning: probe.isRunning, pid: probe.pid,
            dataDirectory: layout.dataDirectory, socketDirectory: layout.socketDirectory,
            logFile: layout.logFile, serverVersion: dataVersion,
            conninfo: Self.conninfo(layout, database: "danso"))
    }

    /// A conninfo for `database` on this cluster (whether or not it is running).
    public func conninfo(database: String = "danso") -> String {
        let runner = try? CommandRunner.forCurrentUser()
        return Self.conninfo(ClusterLayout.resolve(home: home, runner: runner, logger: logger, record: false), database: database)
    }

    static func conninfo(_ layout: ClusterLayout, database: String) -> String {
        PostgresConnInfo.make([
            "host": layout.socketDirectory, "port": String(ClusterLayout.port),
            "user": "danso", "dbname": database,
        ])
    }

    /// Creates the `danso` database unless it exists (a concurrent creation is fine too).
    private func ensureDatabase(_ layout: ClusterLayout) throws {
        do {
            let connection = try PostgresConnection(conninfo: Self.conninfo(layout, database: "postgres"), logger: logger)
            let exists = try connection.query("select 1 from pg_database where datname = \("danso")").count > 0
            if !exists {
                logger.info("creating the danso database")
                do {
                    try connection.execute("create database danso")
                } catch let error as PostgresError where error.sqlstate == "42P04" {
                    // Created meanwhile by another process: fine.
                }
            }
        } catch let error as PostgresError {
            throw EmbeddedClusterError.databaseSetupFailed(logFile: layout.logFile, message: error.message)
        }
    }
}
