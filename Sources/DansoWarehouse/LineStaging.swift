import DansoDomain
import DansoFeeds
import DansoValidation

/// What reads the lines of one kind of file: both kinds share the header, malformed-line
/// and progress handling of `read(_:into:report:options:record:)`.
protocol LineStaging {
    var rows: ValidationReport.Rows { get }
    var headerSeen: Bool { get }
    /// Reads the header; returns the findings that reject the file (F02), if any.
    mutating func header(_ record: FeedRecord) -> [Finding]?
    /// A record libcsv could not parse (F03).
    mutating func malformed(line: Int, detail: String)
    /// Told the file's size before its first record, to size per-line tables once.
    mutating func expect(bytes: Int)
}

extension LineStaging {
    mutating func expect(bytes: Int) {}

    /// Streams a file's records into the staging; a file rejected whole throws `FileRejected`.
    static func read(_ print: FeedFingerprint, into staging: inout Self, report: inout ValidationReport,
                     options: IngestOptions, record: (inout Self, FeedRecord) throws -> Void) throws {
        staging.expect(bytes: print.byteCount)
        try FeedReader.read(print) { event in
            switch event {
            case .header(let header, let delimiter):
                report.delimiter = delimiter.rawValue
                if let rejection = staging.header(header) {
                    report.issues = rejection
                    throw BatchLedger.FileRejected(report: report)
                }
            case .record(let line):
                try record(&staging, line)
                if let progress = options.progress, staging.rows.read % options.progressEvery == 0 {
                    progress(staging.rows.read)
                }
            case .malformed(let line, let detail):
                staging.malformed(line: line, detail: detail)
            }
        }
        guard staging.headerSeen else {
            report.issues = [Finding(line: 1, rule: .F01, vi: "Tệp không có dòng tiêu đề.", en: "The file has no header line.")]
            throw BatchLedger.FileRejected(report: report)
        }
    }
}

extension HeaderMap where Column: FeedColumn {
    /// F02 for each required column missing (the file is then rejected), F05 for unknown or repeated ones.
    func contractFindings(line: Int, required: [Column]) -> (rejection: [Finding]?, warnings: [Finding]) {
        let missing = required.filter { self[$0] == nil }
        if !missing.isEmpty {
            return (missing.map { column in
                Finding(line: line, rule: .F02, column: column.machineName,
                        vi: "Thiếu cột bắt buộc «\(column.labelVI)» (\(column.machineName)): tệp bị từ chối toàn bộ.",
                        en: "Required column '\(column.machineName)' (\(column.labelVI)) is missing: the whole file is rejected.")
            }, [])
        }
        var warnings = unknown.map { unknown in
            Finding(line: line, rule: .F05, column: unknown.name, value: unknown.name,
                    vi: "Cột «\(unknown.name)» không có trong quy định: được giữ riêng, không nạp.",
                    en: "Column '\(unknown.name)' is not in the contract: kept aside, not loaded.")
        }
        warnings += repeated.map { repeated in
            Finding(line: line, rule: .F05, column: repeated.name, value: repeated.name,
                    vi: "Cột «\(repeated.name)» lặp lại: chỉ dùng cột đầu tiên.",
                    en: "Column '\(repeated.name)' appears twice: only the first is used.")
        }
        return (nil, warnings)
    }
}
