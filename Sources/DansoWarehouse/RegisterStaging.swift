import DansoDomain
import DansoFeeds
import DansoValidation
import Foundation

/// Turns the records of one register file into staging rows, quarantine entries and
/// findings, line by line, so the file streams through without being held in memory.
struct RegisterStaging: LineStaging {
    /// Columns of `staging.a0_line` in the order `row(for:)` writes them.
    static let columns = [
        "batch_id", "line_no", "as_of", "commune_code", "province_code", "district_code", "area_no",
        "collaborator_code", "household_code", "address", "member_no", "personal_number", "health_card",
        "full_name", "relationship", "sex", "birth_year", "birth_month", "birth_day", "birth_date", "ethnicity",
        "education", "marital_status", "residence", "method", "updated_on", "extra",
    ]

    let reference: ReferenceData
    let batchID: Int
    /// `batchID` and `asOf` as text: the same on every row.
    private let batchText: String
    private var asOfText = ""
    var rows = ValidationReport.Rows()
    var quarantine: [QuarantineEntry] = []
    var findings: [Finding] = []
    var headerSeen = false
    var asOf: CivilDate?
    private var headerNames: [String] = []
    private var checker: RegisterLineChecker?
    private var fileChecks = RegisterFileChecks()
    private var conflictLines: [PersonKey: [Int]] = [:]

    init(reference: ReferenceData, batchID: Int) {
        self.reference = reference
        self.batchID = batchID
        batchText = String(batchID)
    }

    /// Reads the header; returns the findings that reject the file (F02), if any.
    mutating func header(_ record: FeedRecord) -> [Finding]? {
        headerSeen = true
        headerNames = record.fields
        let map = HeaderMap<RegisterColumn>(header: record.fields, label: \.labelVI)
        let contract = map.contractFindings(line: record.line, required: RegisterColumn.allCases.filter(\.isRequiredInHeader))
        if let rejection = contract.rejection { return rejection }
        findings += contract.warnings
        checker = RegisterLineChecker(header: map, headerWidth: record.fields.count, reference: reference)
        return nil
    }

    /// Checks a record; returns the staging row to COPY when the line is accepted.
    ///
    /// The helpers it calls are static: a non-mutating method called from here was handed
    /// a copy of the whole staging (every collection retained and released) on each line.
    mutating func line(_ record: FeedRecord) -> [String?]? {
        guard let checker else { return nil }
        rows.read += 1
        // Trimmed once here: the key, the content hash and every check read trimmed cells,
        // and trimming a trimmed cell is a no-op that only looks at its edge bytes.
        let fields = record.fieldsAreTrimmed ? record.fields : Self.trimmed(record.fields)
        let key = Self.rawKey(fields, checker.header)
        switch fileChecks.admit(key: key, line: record.line, trimmedFields: fields, nfc: true) {
        case .duplicate:
            rows.duplicates += 1
            return nil
        case .conflict(let earlier):
            let all = (conflictLines[key] ?? earlier) + [record.line]
            conflictLines[key] = all
            for line in earlier { fileChecks.withdraw(line: line) }
            reject(record, [RegisterFileChecks.conflictFinding(line: record.line, key: key, lines: all)])
            return nil
        case .new:
            break
        }
        switch checker.check(line: record.line, trimmedFields: fields) {
        case .rejected(let lineFindings):
            reject(record, lineFindings)
            return nil
        case .accepted(let person, let warnings):
            if asOf == nil {
                asOf = person.asOf
                asOfText = person.asOf.iso
            }
            if person.asOf != asOf {
                reject(record, [Finding(line: record.line, rule: .R03, column: RegisterColumn.asOf.machineName,
                    value: person.asOf.iso,
                    vi: "Ngày chốt sổ \(PartialDate(person.asOf)) khác ngày chốt của tệp (\(PartialDate(asOf!))): mỗi tệp chỉ một ngày chốt.",
                    en: "Register date \(person.asOf.iso) differs from the file's (\(asOf!.iso)): one register date per file.")])
                return nil
            }
            findings += warnings
            rows.accepted += 1
            fileChecks.record(person)
            return Self.row(person, batch: batchText, asOf: asOfText, extra: Self.extraJSON(fields, checker))
        }
    }

    /// Sizes the in-file checks' arrays for the lines a file of this size may hold (a UTF-8
    /// register line is some 160 bytes), so they seldom grow, copying, while the file is read.
    /// Only address space is set aside: a guess too high (a UTF-16 file) touches no memory.
    mutating func expect(bytes: Int) {
        fileChecks.reserveCapacity(lines: min(bytes / 160, 1 << 20))
    }

    /// A record libcsv could not parse (F03).
    mutating func malformed(line: Int, detail: String) {
        rows.read += 1
        let finding = Finding(line: line, rule: .F03, value: detail,
            vi: "Dòng không đúng định dạng (dấu ngoặc kép không cân đối hoặc số cột sai): \(detail).",
            en: "Malformed record (unbalanced quotes or fields cannot be aligned): \(detail).")
        findings.append(finding)
        rows.rejected += 1
        quarantine.append(QuarantineEntry(line: line, communeCode: nil, recordJSON: "{}", rules: ["F03"]))
    }

    /// After the last line: file-level findings and the lines to withdraw (R11).
    ///
    /// Looks the conflicting lines up in tables built once, so settling stays linear in the
    /// quarantine and findings however many keys conflict (a search of both per line was
    /// quadratic).
    mutating func finish() -> (findings: [Finding], withdrawnLines: [Int]) {
        var withdrawn: [Int] = []
        let conflicting = Set(conflictLines.values.joined())
        var quarantined: [Int: Int] = [:]
        var withR11: Set<Int> = []
        if !conflicting.isEmpty {
            for (i, entry) in quarantine.enumerated() where conflicting.contains(entry.line) && quarantined[entry.line] == nil {
                quarantined[entry.line] = i
            }
            for finding in findings where finding.rule == .R11 && conflicting.contains(finding.line) { withR11.insert(finding.line) }
        }
        for (key, lines) in conflictLines {
            for line in lines {
                if let i = quarantined[line] {
                    if !quarantine[i].rules.contains("R11") { quarantine[i].rules.append("R11") }
                } else {
                    withdrawn.append(line)
                }
                if withR11.insert(line).inserted {
                    findings.append(RegisterFileChecks.conflictFinding(line: line, key: key, lines: lines))
                }
            }
        }
        let withdrawnSet = Set(withdrawn)
        findings.removeAll { withdrawnSet.contains($0.line) && $0.severity == .warning }
        findings += fileChecks.finish()
        findings.sort { ($0.line, $0.rule.rawValue, $0.column ?? "") < ($1.line, $1.rule.rawValue, $1.column ?? "") }
        return (findings, withdrawn.sorted())
    }

    private mutating func reject(_ record: FeedRecord, _ lineFindings: [Finding]) {
        rows.rejected += 1
        findings += lineFindings
        let commune = checker?.header[.communeCode].flatMap { $0 < record.fields.count ? record.fields[$0].trimmingSpaces : nil }
        quarantine.append(QuarantineEntry(
            line: record.line, communeCode: commune, recordJSON: recordJSON(record.fields),
            rules: Array(Set(lineFindings.filter { $0.severity == .error }.map(\.rule.rawValue))).sorted()))
    }

    /// The fields trimmed; the same array when no field is padded, as on most lines.
    private static func trimmed(_ fields: [String]) -> [String] {
        guard let first = fields.firstIndex(where: { $0.trimmingSpaces.utf8.count != $0.utf8.count }) else { return fields }
        var result = fields
        for i in first..<result.count { result[i] = result[i].trimmingSpaces }
        return result
    }

    /// The line's key, from fields already trimmed.
    private static func rawKey(_ fields: [String], _ header: HeaderMap<RegisterColumn>) -> PersonKey {
        func cell(_ c: RegisterColumn) -> String {
            header[c].flatMap { $0 < fields.count ? fields[$0] : nil } ?? ""
        }
        return PersonKey(communeCode: cell(.communeCode), householdCode: cell(.householdCode),
                         memberNo: Int(cell: cell(.memberNo)) ?? -1)
    }

    /// The line as written, column name → cell, for the quarantine.
    private func recordJSON(_ fields: [String]) -> String {
        var object: [String: String] = [:]
        for (i, value) in fields.enumerated() where !value.isEmpty {
            let name = i < headerNames.count ? canonicalName(i) : "column_\(i + 1)"
            object[name] = value
        }
        return JSONText.object(object)
    }

    private func canonicalName(_ position: Int) -> String {
        checker?.header.positions.first { $0.value == position }?.key.machineName ?? headerNames[position]
    }

    private static func extraJSON(_ fields: [String], _ checker: RegisterLineChecker) -> String? {
        guard !checker.header.unknown.isEmpty else { return nil }
        var object: [String: String] = [:]
        for unknown in checker.header.unknown where unknown.position < fields.count {
            let v = fields[unknown.position].trimmingSpaces
            if !v.isEmpty { object[unknown.name] = v }
        }
        return object.isEmpty ? nil : JSONText.object(object)
    }

    /// The row for `p`, whose register date `asOfText` writes.
    private static func row(_ p: RegisterLine, batch batchText: String, asOf asOfText: String, extra: String?) -> [String?] {
        let d = DecimalText.of
        func s(_ i: Int?) -> String? { i.map(d) }
        return [
            batchText, d(p.line), asOfText, p.communeCode, p.provinceCode, p.districtCode, d(p.area),
            p.collaborator, p.householdCode, p.address, d(p.memberNo), p.personalNumber?.digits, p.healthCard,
            p.fullName, d(p.relationship.rawValue), d(p.sex.rawValue), d(p.birthDate.year),
            s(p.birthDate.month), s(p.birthDate.day), p.birthDate.referenceDay.iso, p.ethnicity,
            s(p.education?.rawValue), s(p.maritalStatus?.rawValue), d(p.residence.rawValue),
            s(p.method?.rawValue), p.updatedOn?.iso, extra,
        ]
    }
}

/// `String(n)` for the numbers of a staged row, written straight as ASCII digits: a row
/// has a dozen, and the generic integer formatting showed in profiles.
enum DecimalText {
    /// 0–9999 ready made: codes, member numbers, years.
    private static let small = (0..<10_000).map { String($0) }

    static func of(_ n: Int) -> String {
        if n >= 0 && n < small.count { return small[n] }
        guard n >= 0 else { return String(n) }
        var digits = 1, rest = n / 10
        while rest > 0 { digits += 1; rest /= 10 }
        return String(unsafeUninitializedCapacity: digits) { out in
            var value = n
            for i in stride(from: digits - 1, through: 0, by: -1) {
                out[i] = UInt8(truncatingIfNeeded: 48 + value % 10)
                value /= 10
            }
            return digits
        }
    }
}
