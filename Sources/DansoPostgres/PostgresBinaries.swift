import Foundation

/// Where `initdb`, `pg_ctl` and `postgres` live.
struct PostgresBinaries: Sendable {
    let directory: String
    /// The major version from `pg_ctl --version` (e.g. "15"), if it could be read.
    let majorVersion: String?

    var initdb: String { directory + "/initdb" }
    var pgCtl: String { directory + "/pg_ctl" }

    static let debianRoot = "/usr/lib/postgresql"

    /// Searches `PATH`, then `/usr/lib/postgresql/*/bin` from the highest version down;
    /// `preferredMajor` (the data directory's version) wins when installed.
    static func locate(preferredMajor: String? = nil) throws -> PostgresBinaries {
        let fileManager = FileManager.default
        func complete(_ directory: String) -> Bool {
            ["initdb", "pg_ctl", "postgres"].allSatisfy { fileManager.isExecutableFile(atPath: directory + "/" + $0) }
        }
        let pathDirectories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let versions = ((try? fileManager.contentsOfDirectory(atPath: debianRoot)) ?? [])
            .filter { Double($0) != nil }
            .sorted { (Double($0) ?? 0) > (Double($1) ?? 0) }
        var debianDirectories = versions.map { "\(debianRoot)/\($0)/bin" }
        if let preferredMajor, let index = versions.firstIndex(of: preferredMajor) {
            debianDirectories.insert(debianDirectories.remove(at: index), at: 0)
            if complete(debianDirectories[0]) { return PostgresBinaries(directory: debianDirectories[0], majorVersion: preferredMajor) }
        }
        let candidates = pathDirectories + debianDirectories
        guard let directory = candidates.first(where: complete) else {
            throw EmbeddedClusterError.binariesNotFound(searched: pathDirectories + ["\(debianRoot)/*/bin"])
        }
        return PostgresBinaries(directory: directory, majorVersion: readMajorVersion(pgCtl: directory + "/pg_ctl"))
    }

    /// Parses "pg_ctl (PostgreSQL) 15.10 (Debian 15.10-0+deb12u1)" into "15".
    private static func readMajorVersion(pgCtl: String) -> String? {
        guard let result = try? CommandRunner(runuser: nil).run(pgCtl, ["--version"]), result.succeeded else { return nil }
        guard let version = result.output.split(separator: ")").dropFirst().first?
            .split(separator: " ").first else { return nil }
        return version.split(separator: ".").first.map(String.init)
    }
}
