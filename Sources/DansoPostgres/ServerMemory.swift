import Foundation

/// How much of the machine the embedded server's cache takes.
///
/// A 1× province's register takes 748 MB with its indexes (1.05 GB the whole database after
/// February), far more than the 256 MB of `shared_buffers` it had. At 1 GB, February's month
/// took 1.90–2.00 s instead of 2.08–2.17 s (three runs each, alternating), and 2 GB gained
/// nothing more.
enum ServerMemory {
    /// The memory the server may use: the machine's, or its control group's limit when lower
    /// (inside a container `physicalMemory` is the host's). A limit file that is missing or
    /// says `max` (no limit) is passed over.
    static func available(physical: UInt64 = ProcessInfo.processInfo.physicalMemory,
                          limitFiles: [String] = ["/sys/fs/cgroup/memory.max",
                                                  "/sys/fs/cgroup/memory/memory.limit_in_bytes"]) -> UInt64 {
        var bytes = physical
        for path in limitFiles {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let limit = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit > 0 {
                bytes = min(bytes, limit)
            }
        }
        return bytes
    }

    /// `shared_buffers` for `available` bytes: a quarter, between 128 MB and 1 GB.
    static func sharedBuffers(available: UInt64) -> String {
        let megabytes = available / 4 / (1 << 20)
        return "\(min(max(megabytes, 128), 1024))MB"
    }
}
