import Crypto
import Foundation
import Logging

/// Where one embedded cluster keeps its files, derived from its home directory.
///
/// Normally everything is under the home (`data/`, `socket/`, `postgres.log`). Two exceptions:
/// when running as root and `postgres` cannot traverse the home (e.g. under `/root`), the
/// data lives under `/var/tmp/danso-<hash>/` and the home records that in `cluster-location`;
/// when the socket path would pass the 107-byte Unix limit, the socket goes to `/tmp/danso-<hash>`.
struct ClusterLayout: Sendable, Equatable {
    let home: String
    /// The directory holding `data/`, the log and (usually) the socket directory.
    let base: String
    let socketDirectory: String

    var dataDirectory: String { base + "/data" }
    var logFile: String { base + "/postgres.log" }
    var isRelocated: Bool { base != home }
    var locationFile: String { Self.locationFile(home: home) }

    static let port = 5432
    static let socketFileName = ".s.PGSQL.\(port)"
    /// `sizeof(sockaddr_un.sun_path) - 1` on Linux.
    static let maxSocketPathBytes = 107

    static func locationFile(home: String) -> String { home + "/cluster-location" }

    /// The first 12 hex digits of the SHA-256 of the home path: stable, short, per home.
    static func tag(home: String) -> String {
        SHA256.hash(data: Array(home.utf8)).prefix(6).map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    /// Works out the layout; with `record`, a relocation is written to the home's location file.
    static func resolve(home: String, runner: CommandRunner?, logger: Logger, record: Bool) -> ClusterLayout {
        var base = home
        if let recorded = try? String(contentsOfFile: locationFile(home: home), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines), !recorded.isEmpty {
            base = recorded
        } else if CommandRunner.isRoot, let runner, FileManager.default.fileExists(atPath: home),
                  !postgresCanTraverse(home, runner: runner) {
            base = "/var/tmp/danso-" + tag(home: home)
            if record {
                logger.notice(
                    "the postgres user cannot reach \(home); keeping the cluster in \(base) (recorded in \(locationFile(home: home)))")
                try? (base + "\n").write(toFile: locationFile(home: home), atomically: true, encoding: .utf8)
            }
        }
        var socketDirectory = base + "/socket"
        if (socketDirectory + "/" + socketFileName).utf8.count > maxSocketPathBytes {
            socketDirectory = "/tmp/danso-" + tag(home: home)
        }
        return ClusterLayout(home: home, base: base, socketDirectory: socketDirectory)
    }

    /// Whether `postgres` can search every directory down to `path`.
    private static func postgresCanTraverse(_ path: String, runner: CommandRunner) -> Bool {
        guard let test = CommandRunner.findExecutable("test", extraDirectories: ["/usr/bin", "/bin"]) else { return false }
        return (try? runner.run(test, ["-x", path]))?.succeeded ?? false
    }
}
