import Foundation

/// A file waiting in the drop folder.
public struct DroppedFile: Sendable, Equatable {
    /// Absolute path.
    public var path: String
    /// Path below the drop folder, levels separated by `/` (what patterns match).
    public var relativePath: String
    /// Last modification: taken as the time the warehouse received the file.
    public var modified: Date

    public var fileName: String { relativePath.split(separator: "/").last.map(String.init) ?? relativePath }
}

/// Lists the regular files waiting in a drop folder.
///
/// Skipped: the archive and rejected folders, anything whose name starts with `.` (senders
/// copy to `.name` and rename when done, so half-written files are never taken), and
/// symbolic links and other special files (never followed).
enum DropFolder {
    static func list(_ folders: PipelineFolders) throws(PipelineError) -> [DroppedFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folders.source, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .sourceMissing(path: folders.source)
        }
        let excluded: Set<String> = [folders.archive, folders.rejected]
        var found: [DroppedFile] = []
        walk(folders.source, relative: "", excluded: excluded, into: &found)
        return found.sorted { $0.relativePath < $1.relativePath }
    }

    private static func walk(_ directory: String, relative: String, excluded: Set<String>, into found: inout [DroppedFile]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if !excluded.contains(path) { walk(path, relative: relativePath, excluded: excluded, into: &found) }
            case S_IFREG:
                let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
                found.append(DroppedFile(path: path, relativePath: relativePath, modified: modified))
            default:
                continue
            }
        }
    }
}
