import Foundation

/// Moves a handled file into the archive or rejected folder with its report beside it.
///
/// - Important: Never overwrites and never loses the file: the file is hard-linked into place
///   (`link` fails rather than replace) and only then unlinked from the drop folder; across
///   file systems it is copied to a hidden temporary name first. If any step fails the file is
///   still in the drop folder and the half-made copy and report are removed.
enum FileMover {
    struct Moved {
        var file: String
        var report: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Moves `source` to `folder/relativePath` (or `name.2.ext`, `name.3.ext`… when taken) and
    /// writes `report` as `<final name>.report.json`.
    static func move(_ source: String, into folder: String, relativePath: String, report: Data) throws -> Moved {
        let target = URL(fileURLWithPath: folder + "/" + relativePath)
        let directory = target.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(directory): \(error.localizedDescription)")
        }
        let name = target.lastPathComponent
        let ext = target.pathExtension
        let stem = ext.isEmpty ? name : String(name.dropLast(ext.count + 1))
        for attempt in 1...1_000 {
            let candidateName = attempt == 1 ? name : "\(stem).\(attempt)\(ext.isEmpty ? "" : "." + ext)"
            let destination = directory + "/" + candidateName
            let reportPath = destination + ".report.json"
            if exists(destination) || exists(reportPath) { continue }
            do {
                try report.write(to: URL(fileURLWithPath: reportPath), options: .withoutOverwriting)
            } catch {
                if exists(reportPath) { continue }
                throw Failure(description: "cannot write \(reportPath): \(error.localizedDescription)")
            }
            do {
                guard try place(source, at: destination) else {
                    unlink(reportPath)
                    continue
                }
            } catch {
                unlink(reportPath)
                throw error
            }
            return Moved(file: destination, report: reportPath)
        }
        throw Failure(description: "no free name for \(name) in \(directory)")
    }

    /// Puts the file at `destination` and removes it from `source`; false when `destination`
    /// appeared meanwhile.
    private static func place(_ source: String, at destination: String) throws -> Bool {
        if link(source, destination) != 0 {
            let code = errno
            if code == EEXIST { return false }
            guard code == EXDEV || code == EPERM || code == ENOTSUP || code == EMLINK else {
                throw Failure(description: "cannot link \(source) to \(destination): \(String(cString: strerror(code)))")
            }
            // Another file system (or one without hard links): copy under a hidden name, then link.
            let temporary = (destination as NSString).deletingLastPathComponent + "/.danso-moving-\(getpid())-"
                + (destination as NSString).lastPathComponent
            unlink(temporary)
            do {
                try FileManager.default.copyItem(atPath: source, toPath: temporary)
            } catch {
                unlink(temporary)
                throw Failure(description: "cannot copy \(source) to \(temporary): \(error.localizedDescription)")
            }
            defer { unlink(temporary) }
            if link(temporary, destination) != 0 {
                let code = errno
                if code == EEXIST { return false }
                throw Failure(description: "cannot link \(temporary) to \(destination): \(String(cString: strerror(code)))")
            }
        }
        if unlink(source) != 0 {
            let code = errno
            unlink(destination)
            throw Failure(description: "cannot remove \(source) from the drop folder: \(String(cString: strerror(code)))")
        }
        return true
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
