import Foundation

/// File-system work for the embedded cluster: directories with the right owner, settings, log tail.
enum ClusterFiles {
    /// The user that must own the data and socket directories: `postgres` when root, else us.
    static var serverOwner: (uid: uid_t, gid: gid_t) {
        if CommandRunner.isRoot, let entry = getpwnam(CommandRunner.postgresUser) {
            return (entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        return (getuid(), getgid())
    }

    /// `PG_VERSION` of the data directory (e.g. "15"), or `nil` when not initialised.
    static func dataVersion(_ layout: ClusterLayout) -> String? {
        guard let text = try? String(contentsOfFile: layout.dataDirectory + "/PG_VERSION", encoding: .utf8) else { return nil }
        let version = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return version.isEmpty ? nil : version
    }

    /// Creates the base, data and socket directories and the log file, owned by the server user.
    static func prepare(_ layout: ClusterLayout) throws {
        let owner = serverOwner
        if layout.isRelocated {
            try makeDirectory(layout.base, owner: owner, mode: 0o700)
        }
        try makeDirectory(layout.dataDirectory, owner: owner, mode: 0o700)
        try makeDirectory(layout.socketDirectory, owner: owner, mode: 0o700)
        var info = stat()
        guard lstat(layout.socketDirectory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == owner.uid else {
            throw EmbeddedClusterError.socketDirectoryNotOwned(path: layout.socketDirectory)
        }
        if !FileManager.default.fileExists(atPath: layout.logFile) {
            guard FileManager.default.createFile(atPath: layout.logFile, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw EmbeddedClusterError.directoryNotUsable(path: layout.base, reason: "cannot create \(layout.logFile)")
            }
        }
        if CommandRunner.isRoot { chown(layout.logFile, owner.uid, owner.gid) }
    }

    /// `mkdir -p`; the last component gets `mode` and, when given, `owner`. An existing
    /// relocated or socket directory owned by someone else is refused.
    static func makeDirectory(_ path: String, owner: (uid: uid_t, gid: gid_t)?, mode: mode_t = 0o755) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw EmbeddedClusterError.directoryNotUsable(path: path, reason: "it exists and is not a directory")
            }
            if let owner {
                var info = stat()
                if lstat(path, &info) == 0, info.st_uid != owner.uid {
                    throw EmbeddedClusterError.directoryNotUsable(path: path, reason: "it is owned by uid \(info.st_uid), expected uid \(owner.uid)")
                }
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw EmbeddedClusterError.directoryNotUsable(path: path, reason: "\(error.localizedDescription)")
        }
        chmod(path, mode)
        if let owner, CommandRunner.isRoot, chown(path, owner.uid, owner.gid) != 0 {
            throw EmbeddedClusterError.directoryNotUsable(path: path, reason: "chown to uid \(owner.uid) failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `danso.conf` (socket-only listening plus `settings`) and includes it from
    /// `postgresql.conf` once.
    static func writeSettings(_ layout: ClusterLayout, settings: [String: String]) throws {
        func quoted(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "''") + "'" }
        var lines = [
            "# Written by danso at every start; change settings through EmbeddedCluster, not here.",
            "listen_addresses = ''",
            "unix_socket_directories = \(quoted(layout.socketDirectory))",
            "unix_socket_permissions = 0700",
            "port = \(ClusterLayout.port)",
        ]
        for key in settings.keys.sorted() { lines.append("\(key) = \(quoted(settings[key]!))") }
        let confPath = layout.dataDirectory + "/danso.conf"
        let mainConf = layout.dataDirectory + "/postgresql.conf"
        do {
            try (lines.joined(separator: "\n") + "\n").write(toFile: confPath, atomically: false, encoding: .utf8)
            let include = "include_if_exists = 'danso.conf'"
            let main = try String(contentsOfFile: mainConf, encoding: .utf8)
            if !main.contains(include) {
                try (main + "\n# danso: settings managed by danso\n\(include)\n").write(toFile: mainConf, atomically: false, encoding: .utf8)
            }
        } catch {
            throw EmbeddedClusterError.directoryNotUsable(path: layout.dataDirectory, reason: "cannot write the server settings: \(error.localizedDescription)")
        }
        if CommandRunner.isRoot {
            let owner = serverOwner
            chown(confPath, owner.uid, owner.gid)
        }
    }

    /// The last `lines` lines of a text file, or a note when it cannot be read.
    static func tail(of path: String, lines: Int) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "(cannot read \(path))" }
        let text = String(decoding: data.suffix(64 * 1024), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}

/// An exclusive `flock` on a file in the home, so starts and stops do not interleave.
final class HomeLock {
    private var descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw EmbeddedClusterError.directoryNotUsable(path: path, reason: String(cString: strerror(errno)))
        }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
    }

    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)  // also releases the lock
        descriptor = -1
    }

    deinit { release() }
}
