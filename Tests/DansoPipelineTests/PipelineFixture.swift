import DansoPipeline
import DansoPostgres
import DansoTestSupport
import DansoValidation
import DansoWarehouse
import Foundation

/// The repository's files, a temporary drop folder, and (for runs) a migrated warehouse.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let files = ProjectFiles(sqlDirectory: "\(root)/sql", referenceDirectory: "\(root)/sample-feeds/reference")
    static func sample(_ name: String) -> String { "\(root)/sample-feeds/\(name)" }
    static let communes = "\(root)/pipelines/communes.yaml"

    static let registers = ["a0_25489_tan_lap_2023-12-31.csv", "a0_25519_tan_ha_2023-12-31.csv",
                            "a0_25555_suoi_da_2023-12-31.csv", "a0_25489_tan_lap_2024-06-30.csv"]
}

/// A fresh temporary drop folder, removed by `remove()`.
struct DropFixture {
    let home: String
    var source: String { home + "/drop" }

    init() throws {
        home = FileManager.default.temporaryDirectory.path + "/danso-pipe-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/drop", withIntermediateDirectories: true)
    }

    /// The communes definition with its folders under this home.
    func communes() throws -> (PipelineDefinition, PipelineFolders) {
        let definition = try PipelineDefinition.load(file: Repository.communes)
        return (definition, definition.folders(environment: ["DANSO_HOME": home]))
    }

    /// Copies a sample into the drop folder under `name`; returns its path.
    @discardableResult
    func drop(_ sample: String, as name: String? = nil) throws -> String {
        let target = source + "/" + (name ?? URL(fileURLWithPath: sample).lastPathComponent)
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: target).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.sample(sample), toPath: target)
        return target
    }

    func write(_ text: String, as name: String) throws {
        let target = source + "/" + name
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: target).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: source + "/" + relative) }

    /// Regular files below `folder` (relative to the drop folder), sorted.
    func listing(_ folder: String) -> [String] {
        let base = source + "/" + folder
        guard let e = FileManager.default.enumerator(atPath: base) else { return [] }
        return e.compactMap { $0 as? String }.filter {
            var dir: ObjCBool = false
            return FileManager.default.fileExists(atPath: base + "/" + $0, isDirectory: &dir) && !dir.boolValue
        }.sorted()
    }

    func remove() { try? FileManager.default.removeItem(atPath: home) }
}

/// A migrated warehouse with the reference lists, on a fresh test database.
struct WarehouseFixture {
    let database: TestDatabase
    let connection: PostgresConnection
    /// The real A0 ingestor on this database.
    let registers: RegisterIngestor
    let logger = TestDatabase.silentLogger

    init() throws {
        database = try TestDatabase.fresh()
        connection = try database.connect()
        try Migrator(directory: Repository.files.sqlDirectory).migrate(connection, logger: logger)
        try ReferenceLoader(files: Repository.files).load(connection, logger: logger)
        registers = RegisterIngestor(connection: connection, reference: try ReferenceLoader.referenceData(connection),
                                     logger: logger)
    }

    func runner(_ extra: [ValidationReport.Kind: any FeedIngestor] = [:]) -> PipelineRunner {
        var ingestors: [ValidationReport.Kind: any FeedIngestor] = [.a0: registers]
        ingestors.merge(extra) { _, new in new }
        return PipelineRunner(connection: connection, ingestors: ingestors, logger: logger)
    }

    func scalar(_ query: PostgresQuery) throws -> Int {
        try connection.query(query).first.flatMap { $0[0] }.flatMap { Int($0) } ?? -1
    }
}
