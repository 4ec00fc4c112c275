import DansoDomain
import DansoFeeds
import DansoValidation

/// Reads the records of a change file into slips that passed the line checks, rejected
/// lines for the quarantine, and findings.
struct ChangeStaging: LineStaging {
    let reference: ReferenceData
    var rows = ValidationReport.Rows()
    var slips: [(slip: ChangeSlip, warnings: [Finding], fields: [String])] = []
    var quarantine: [QuarantineEntry] = []
    var findings: [Finding] = []
    var headerSeen = false
    private(set) var checker: ChangeLineChecker?
    private var headerNames: [String] = []
    private var seenLines: Set<[String]> = []

    init(reference: ReferenceData) { self.reference = reference }

    /// Reads the header; returns the findings that reject the file (F02), if any.
    mutating func header(_ record: FeedRecord) -> [Finding]? {
        headerSeen = true
        headerNames = record.fields
        let map = HeaderMap<ChangeColumn>(header: record.fields, label: \.labelVI)
        let contract = map.contractFindings(line: record.line, required: ChangeColumn.allCases.filter(\.isAlwaysRequired))
        if let rejection = contract.rejection { return rejection }
        findings += contract.warnings
        checker = ChangeLineChecker(header: map, headerWidth: record.fields.count, reference: reference)
        return nil
    }

    mutating func line(_ record: FeedRecord) {
        guard let checker else { return }
        rows.read += 1
        var fields = record.fields.map { $0.trimmingSpaces }
        while fields.last?.isEmpty == true { fields.removeLast() }
        if !seenLines.insert(fields).inserted {
            rows.duplicates += 1
            return
        }
        switch checker.check(line: record.line, fields: record.fields) {
        case .rejected(let lineFindings):
            reject(line: record.line, fields: record.fields, lineFindings)
        case .accepted(let slip, let warnings):
            slips.append((slip, warnings, record.fields))
        }
    }

    mutating func malformed(line: Int, detail: String) {
        rows.read += 1
        rows.rejected += 1
        findings.append(Finding(line: line, rule: .F03, value: detail,
            vi: "Dòng không đúng định dạng (dấu ngoặc kép không cân đối hoặc số cột sai): \(detail).",
            en: "Malformed record (unbalanced quotes or fields cannot be aligned): \(detail)."))
        quarantine.append(QuarantineEntry(line: line, communeCode: nil, recordJSON: "{}", rules: ["F03"]))
    }

    /// Keeps a line out, with its findings, in the quarantine.
    mutating func reject(line: Int, fields: [String], _ lineFindings: [Finding]) {
        rows.rejected += 1
        findings += lineFindings
        quarantine.append(QuarantineEntry(
            line: line, communeCode: cell(.communeCode, fields), recordJSON: recordJSON(fields),
            rules: Array(Set(lineFindings.filter { $0.severity == .error }.map(\.rule.rawValue))).sorted()))
    }

    func cell(_ column: ChangeColumn, _ fields: [String]) -> String? {
        checker?.header[column].flatMap { $0 < fields.count ? fields[$0].trimmingSpaces : nil }
    }

    /// The line as written, machine column name → cell (unknown columns by their header).
    func recordJSON(_ fields: [String]) -> String {
        var object: [String: String] = [:]
        for (i, value) in fields.enumerated() where !value.isEmpty {
            let name = checker?.header.positions.first { $0.value == i }?.key.machineName
                ?? (i < headerNames.count ? headerNames[i] : "column_\(i + 1)")
            object[name] = value
        }
        return JSONText.object(object)
    }
}
