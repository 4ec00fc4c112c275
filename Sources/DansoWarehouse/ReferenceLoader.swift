import DansoDomain
import DansoFeeds
import DansoPostgres
import Logging

/// Loads the official lists of `sample-feeds/reference/` into `ref`, and reads them back
/// for the checks.
///
/// Unit keys stay stable across reloads (upserts on code and validity), so the register's
/// references to units never break when a corrected list arrives.
public struct ReferenceLoader: Sendable {
    public let files: ProjectFiles
    public var directory: String { files.referenceDirectory }

    public init(files: ProjectFiles) { self.files = files }

    static let sources: [(name: String, table: String, columns: [String])] = [
        ("provinces.csv", "src_province", ["province_code", "province_name", "valid_from", "valid_to", "merged_into"]),
        ("admin_units_legacy.csv", "src_legacy", ["province_code", "province_name", "district_code", "district_name",
                                                  "district_type", "commune_code", "commune_name", "commune_type"]),
        ("admin_units_2025.csv", "src_2025", ["province_code", "province_name", "commune_code", "commune_name",
                                              "commune_type", "area_km2"]),
        ("commune_crosswalk_2025.csv", "src_crosswalk", ["old_commune_code", "new_commune_code", "is_default", "kind"]),
        ("ethnic_groups.csv", "src_ethnic", ["code", "name"]),
    ]

    /// Loads the lists when they are new or changed; returns whether anything was loaded.
    @discardableResult
    public func load(_ connection: PostgresConnection, logger: Logger) throws -> Bool {
        var prints: [(String, FeedFingerprint)] = []
        for file in Self.sources {
            let path = "\(directory)/\(file.name)"
            do { prints.append((file.name, try FeedReader.fingerprint(path: path))) } catch {
                throw WarehouseError.referenceFileMissing(path: path)
            }
        }
        var known: [String: String] = [:]
        for row in try connection.query("select file_name, sha256 from ref.source_file") { known[row["file_name"]!] = row["sha256"]! }
        if prints.allSatisfy({ known[$0.0] == $0.1.sha256 }) { return false }

        try connection.transaction { conn in
            for (file, print) in zip(Self.sources, prints.map(\.1)) {
                try conn.execute(unsafeSQL: "create temp table \(file.table) (\(file.columns.map { "\($0) text" }.joined(separator: ", "))) on commit drop")
                var expected: [String] = []
                try conn.copyIn("copy \(unsafeSQL: file.table) from stdin") { writer in
                    try FeedReader.read(print) { event in
                        switch event {
                        case .header(let header, _):
                            expected = header.fields
                            guard expected == file.columns else {
                                throw WarehouseError.referenceFileInvalid(path: print.path, line: 1,
                                    detail: "expected columns \(file.columns.joined(separator: ",")), found \(expected.joined(separator: ","))")
                            }
                        case .record(let record):
                            guard record.fields.count == expected.count else {
                                throw WarehouseError.referenceFileInvalid(path: print.path, line: record.line,
                                    detail: "\(record.fields.count) fields, \(expected.count) expected")
                            }
                            try writer.writeRow(record.fields.map { $0.isEmpty ? nil : $0 })
                        case .malformed(let line, let detail):
                            throw WarehouseError.referenceFileInvalid(path: print.path, line: line, detail: detail)
                        }
                    }
                }
            }
            try conn.execute(unsafeSQL: try files.query("load_reference"))
            for (name, print) in prints {
                try conn.execute("""
                    insert into ref.source_file (file_name, sha256) values (\(name), \(print.sha256))
                    on conflict (file_name) do update set sha256 = excluded.sha256, loaded_at = now()
                    """)
            }
        }
        logger.info("reference lists loaded", metadata: ["directory": "\(directory)"])
        return true
    }

    /// The units and ethnic groups as the checks need them.
    public static func referenceData(_ connection: PostgresConnection) throws -> ReferenceData {
        var units: [AdminUnit] = []
        let rows = try connection.query("""
            select level, code, name, province_code, district_code,
                   case when valid_from = '-infinity' then null else valid_from::text end as valid_from,
                   case when valid_to = 'infinity' then null else valid_to::text end as valid_to
            from ref.admin_unit
            """)
        for row in rows {
            units.append(AdminUnit(level: AdminUnit.Level(rawValue: row["level"]!)!, code: row["code"]!, name: row["name"]!,
                                   provinceCode: row["province_code"]!, districtCode: row["district_code"],
                                   validFrom: row["valid_from"].flatMap { CivilDate(iso: $0) },
                                   validTo: row["valid_to"].flatMap { CivilDate(iso: $0) }))
        }
        guard !units.isEmpty else { throw WarehouseError.referenceNotLoaded }
        let ethnic = try connection.query("select code, name from ref.ethnic_group order by code").map { ($0["code"]!, $0["name"]!) }
        return ReferenceData(units: units, ethnicGroups: ethnic)
    }
}
