import Foundation

/// Where danso finds the files it ships beside its code: SQL migrations and named queries,
/// and the reference lists.
///
/// A province runs danso from a checkout or an installed tree; both keep `sql/` and
/// `sample-feeds/reference/` next to each other, so one search order serves both.
public struct ProjectFiles: Sendable {
    public var sqlDirectory: String
    public var referenceDirectory: String

    public init(sqlDirectory: String, referenceDirectory: String) {
        self.sqlDirectory = sqlDirectory
        self.referenceDirectory = referenceDirectory
    }

    /// `DANSO_SQL_DIR` / `DANSO_REFERENCE_DIR` when set; otherwise the first of the working
    /// directory, the folders above the executable (a `.build/<config>/danso` in a checkout),
    /// and `<prefix>/share/danso` that holds `sql/0001_*.sql`.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(WarehouseError) -> ProjectFiles {
        let fm = FileManager.default
        var roots = [fm.currentDirectoryPath]
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<5 {
            roots.append(dir.path)
            roots.append(dir.appendingPathComponent("share/danso").path)
            dir = dir.deletingLastPathComponent()
        }
        let root = roots.first { fm.fileExists(atPath: "\($0)/sql/0001_create_schemas.sql") }
        let sql = environment["DANSO_SQL_DIR"] ?? root.map { "\($0)/sql" }
        let reference = environment["DANSO_REFERENCE_DIR"] ?? root.map { "\($0)/sample-feeds/reference" }
        guard let sql, let reference else { throw .projectFilesNotFound(searched: roots) }
        return ProjectFiles(sqlDirectory: sql, referenceDirectory: reference)
    }

    /// The text of a named query file `sql/queries/<name>.sql`.
    public func query(_ name: String) throws(WarehouseError) -> String {
        let path = "\(sqlDirectory)/queries/\(name).sql"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .queryFileMissing(path: path) }
        return text
    }
}
