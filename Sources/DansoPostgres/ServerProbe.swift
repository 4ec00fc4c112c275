import Foundation

/// Whether a postmaster runs on a data directory, by `pg_ctl status` and a look at `/proc`.
struct ServerProbe: Sendable {
    let isRunning: Bool
    let pid: Int?
    /// `postmaster.pid` exists but its process is gone (or is not postgres).
    let hasStalePidFile: Bool

    static func check(_ layout: ClusterLayout, binaries: PostgresBinaries?, runner: CommandRunner?) -> ServerProbe {
        let pidFile = layout.dataDirectory + "/postmaster.pid"
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let firstLine = text.split(separator: "\n").first,
              let pid = Int(firstLine.trimmingCharacters(in: .whitespaces)), pid > 0 else {
            let exists = FileManager.default.fileExists(atPath: pidFile)
            return ServerProbe(isRunning: false, pid: nil, hasStalePidFile: exists)
        }
        if let binaries, let runner,
           let result = try? runner.run(binaries.pgCtl, ["status", "-D", layout.dataDirectory]),
           result.status == 3 {
            // pg_ctl: no server running, so the pid file is left over.
            return ServerProbe(isRunning: false, pid: nil, hasStalePidFile: true)
        }
        // pg_ctl only checks that *some* process has the pid; after a reboot or in a
        // container it may be another program, so look at its name too.
        let alive: Bool
        if let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) {
            let name = comm.trimmingCharacters(in: .whitespacesAndNewlines)
            alive = name == "postgres" || name == "postmaster"
        } else {
            alive = kill(pid_t(pid), 0) == 0 || errno == EPERM
        }
        return ServerProbe(isRunning: alive, pid: alive ? pid : nil, hasStalePidFile: !alive)
    }
}
