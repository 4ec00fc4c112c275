/// A snapshot of an embedded cluster, as `danso db status` would show it.
public struct EmbeddedClusterStatus: Sendable, Equatable, CustomStringConvertible {
    /// The danso home (absolute).
    public let home: String
    /// Whether `initdb` has run (the data directory has `PG_VERSION`).
    public let isInitialised: Bool
    /// Whether a postmaster is running on the data directory.
    public let isRunning: Bool
    /// The postmaster's process id when running.
    public let pid: Int?
    /// Where the cluster's files are (`<home>/data`, or under /var/tmp when relocated).
    public let dataDirectory: String
    /// Where the Unix socket is (`<home>/socket`, or /tmp/danso-<hash> for long paths).
    public let socketDirectory: String
    /// The server log written by `pg_ctl -l`.
    public let logFile: String
    /// The major version that created the data directory, e.g. "15".
    public let serverVersion: String?
    /// The libpq connection string for the `danso` database.
    public let conninfo: String

    /// One `name: value` line per field, for `danso db status`.
    public var description: String {
        """
        home: \(home)
        initialised: \(isInitialised ? "yes" : "no")
        running: \(isRunning ? "yes (pid \(pid.map(String.init) ?? "?"))" : "no")
        data directory: \(dataDirectory)
        socket directory: \(socketDirectory)
        log: \(logFile)
        server version: \(serverVersion ?? "-")
        conninfo: \(conninfo)
        """
    }
}
