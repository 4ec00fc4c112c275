import DansoDeduplication
import DansoDomain
import DansoIndicators
import DansoPostgres
import DansoTestSupport
import DansoWarehouse
import Foundation
import Logging

/// A migrated warehouse on a fresh test database with the sample registers loaded.
struct LinkFixture {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let files = ProjectFiles(sqlDirectory: "\(repository)/sql",
                                    referenceDirectory: "\(repository)/sample-feeds/reference")
    static func sample(_ name: String) -> String { "\(repository)/sample-feeds/\(name)" }

    let database: TestDatabase
    let connection: PostgresConnection
    let reference: ReferenceData
    let logger = TestDatabase.silentLogger
    let scratch: URL

    init() throws {
        database = try TestDatabase.fresh()
        connection = try database.connect()
        try Migrator(directory: Self.files.sqlDirectory).migrate(connection, logger: logger)
        try ReferenceLoader(files: Self.files).load(connection, logger: logger)
        reference = try ReferenceLoader.referenceData(connection)
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("danso-link-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    @discardableResult
    func ingest(_ path: String, scope: RegisterScope = .auto) throws -> IngestOutcome {
        var options = IngestOptions()
        options.scope = scope
        return try RegisterIngestor(connection: connection, reference: reference, logger: logger)
            .ingest(path: path, options: options)
    }

    /// Ingests a change file as `danso ingest changes` does: repeated events are found by the
    /// person matcher unless `duplicateEvents` says otherwise.
    @discardableResult
    func ingestChanges(_ path: String, duplicateEvents: (any DuplicateEventCheck)? = DuplicateEventMatcher(),
                       dryRun: Bool = false) throws -> IngestOutcome {
        var options = IngestOptions()
        options.dryRun = dryRun
        return try ChangeIngestor(connection: connection, reference: reference, files: Self.files, logger: logger,
                                  duplicateEvents: duplicateEvents).ingest(path: path, options: options)
    }

    /// Writes a UTF-8 file into the scratch folder and returns its path.
    func write(_ name: String, _ lines: [String]) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func scalar(_ query: PostgresQuery) throws -> Int {
        try connection.query(query).first.flatMap { $0[0] }.flatMap { Int($0) } ?? -1
    }

    /// The province's resident population on a day, as `danso indicators` computes it.
    func population(on day: String) throws -> Int {
        let values = try PopulationFigures(connection: connection, files: Self.files)
            .values(on: CivilDate(iso: day)!, level: .province)
        return Int(values.first { $0.indicator == .pop }?.value ?? 0)
    }

    static let a0Header = "ngay_chot,ma_xa,dia_ban,ma_ho,stt,ho_ten,gioi_tinh,ngay_sinh,dan_toc,quan_he_chu_ho,tinh_trang_hon_nhan,tinh_trang_cu_tru,so_dinh_danh"
}
