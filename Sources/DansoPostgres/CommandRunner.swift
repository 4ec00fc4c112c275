import Foundation

/// Runs the PostgreSQL programs, as the `postgres` user (via `runuser`) when danso runs as
/// root, since `initdb` and `pg_ctl` refuse to run as root.
///
/// Uses `posix_spawn` rather than Foundation `Process`: on Linux, `Process` hands the child a
/// socket it watches to learn when the child exits, and `pg_ctl start` passes that socket on
/// to the daemonised postmaster, so `waitUntilExit()` never returns. Here the child gets only
/// stdin (`/dev/null`) and one pipe for stdout and stderr; every other descriptor is closed
/// in the child (`posix_spawn_file_actions_addclosefrom_np`), and the child is reaped with
/// `waitpid`.
struct CommandRunner: Sendable {
    struct Result: Sendable {
        let status: Int32
        let output: String
        var succeeded: Bool { status == 0 }
    }

    /// `runuser` when commands must switch to `postgres`, `nil` when they run as the current user.
    let runuser: String?

    static let postgresUser = "postgres"

    static var isRoot: Bool { geteuid() == 0 }

    /// A runner for the current user, or for `postgres` when running as root.
    static func forCurrentUser() throws -> CommandRunner {
        guard isRoot else { return CommandRunner(runuser: nil) }
        guard getpwnam(postgresUser) != nil else { throw EmbeddedClusterError.postgresUserMissing }
        guard let runuser = findExecutable("runuser", extraDirectories: ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]) else {
            throw EmbeddedClusterError.runuserMissing
        }
        return CommandRunner(runuser: runuser)
    }

    /// Runs `executable` with `arguments` in `/`, capturing stdout and stderr together.
    func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let argv = runuser.map { [$0, "-u", Self.postgresUser, "--", executable] + arguments } ?? [executable] + arguments
        // PG* variables (PGPORT, PGDATA, …) must not steer the embedded cluster.
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }.map { "\($0.key)=\($0.value)" }
        do {
            return try Self.spawn(argv, environment: environment)
        } catch let error as SpawnError {
            throw EmbeddedClusterError.commandFailed(command: argv.joined(separator: " "), output: error.message)
        }
    }

    /// Finds an executable on `PATH`, then in `extraDirectories`.
    static func findExecutable(_ name: String, extraDirectories: [String] = []) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + extraDirectories
        return directories.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private struct SpawnError: Error { let message: String }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32

    /// glibc ≥ 2.34 and ≥ 2.29 extensions that Swift's Glibc module does not import.
    private static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    private static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")

    private static func symbol<T>(_ name: String) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else { return nil }
        return unsafeBitCast(pointer, to: T.self)
    }

    private static func spawn(_ argv: [String], environment: [String]) throws -> Result {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SpawnError(message: "pipe: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        // Not inherited by programs other threads start (pipe2 is not imported into Swift).
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        defer { close(readEnd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        _ = addCloseFrom?(&actions, 3)
        _ = addChdir?(&actions, "/")

        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup($0) } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, cEnvironment)
        close(writeEnd)
        guard spawned == 0 else { throw SpawnError(message: String(cString: strerror(spawned))) }

        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count > 0 { output.append(contentsOf: chunk[0..<count]); continue }
            if count < 0 && errno == EINTR { continue }
            break
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw SpawnError(message: "waitpid: \(String(cString: strerror(errno)))") }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitCode, output: String(decoding: output, as: UTF8.self))
    }
}
