import DansoDomain

/// A column of a feed, as messages name it.
public protocol FeedColumn: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    var machineName: String { get }
    var labelVI: String { get }
}
extension RegisterColumn: FeedColumn {}
extension ChangeColumn: FeedColumn {}

/// Reads the cells of one line by column and records what is wrong with them.
///
/// Shared by the register and change checks so that a code, number or date is read, and
/// its finding worded, the same way in both.
struct LineCells<Column: FeedColumn> {
    let line: Int
    let fields: [String]
    let header: HeaderMap<Column>
    /// The fields are trimmed already: cells are read ~40 times a line, so the staging trims
    /// each field once and says so.
    let trimmed: Bool
    var findings: [Finding] = []

    init(line: Int, fields: [String], header: HeaderMap<Column>, trimmed: Bool = false) {
        self.line = line
        self.fields = fields
        self.header = header
        self.trimmed = trimmed
    }

    var hasErrors: Bool { findings.contains { $0.severity == .error } }

    /// The trimmed cell, nil when absent or empty.
    func cell(_ c: Column) -> String? {
        guard let p = header[c], p < fields.count else { return nil }
        let v = trimmed ? fields[p] : fields[p].trimmingSpaces
        return v.isEmpty ? nil : v
    }

    mutating func add(_ rule: RuleCode, _ c: Column?, _ value: String?, severity: Severity? = nil, vi: String, en: String) {
        findings.append(Finding(line: line, rule: rule, severity: severity, column: c?.machineName, value: value, vi: vi, en: en))
    }

    mutating func requireFilled(_ columns: [Column], because reasonVI: String = "bắt buộc", _ reasonEN: String = "required") {
        for c in columns where cell(c) == nil {
            add(.R01, c, nil, vi: "Thiếu \(c.labelVI) (\(reasonVI)).", en: "\(c.machineName) is \(reasonEN) but empty.")
        }
    }

    mutating func coded<T: CodeListValue>(_ c: Column, _ type: T.Type) -> T? {
        guard let raw = cell(c) else { return nil }
        if let v = T.parse(raw) { return v }
        add(.R02, c, raw, vi: "\(c.labelVI) «\(raw)» không có trong danh mục \(T.listName) (\(T.catalogue)).",
            en: "\(c.machineName) '\(raw)' is not in code list \(T.listName).")
        return nil
    }

    mutating func number(_ c: Column, _ range: ClosedRange<Int>) -> Int? {
        guard let raw = cell(c) else { return nil }
        if let n = Int(cell: raw), range.contains(n) { return n }
        add(.R02, c, raw, vi: "\(c.labelVI) «\(raw)» phải là số từ \(range.lowerBound) đến \(range.upperBound).",
            en: "\(c.machineName) '\(raw)' must be a number from \(range.lowerBound) to \(range.upperBound).")
        return nil
    }

    mutating func date(_ c: Column, partial: Bool) -> PartialDate? {
        guard let raw = cell(c) else { return nil }
        switch PartialDate.parse(raw, allowPartial: partial) {
        case .success(let d): return d
        case .failure(let problem):
            let (vi, en): (String, String) = switch problem {
            case .twoDigitYear: ("năm phải có 4 chữ số, không đoán năm 2 chữ số", "the year must have 4 digits; 2-digit years are never guessed")
            case .impossible: ("ngày không tồn tại", "the day does not exist")
            case .partialNotAllowed: ("cần ngày đầy đủ dd/mm/yyyy", "a full date dd/mm/yyyy is required")
            case .unreadable: ("không đọc được; dùng dd/mm/yyyy hoặc yyyy-mm-dd", "unreadable; use dd/mm/yyyy or yyyy-mm-dd")
            }
            add(.R03, c, raw, vi: "\(c.labelVI) «\(raw)»: \(vi).", en: "\(c.machineName) '\(raw)': \(en).")
            return nil
        }
    }

    /// A full date (`dd/mm/yyyy` or ISO), or nil with R03.
    mutating func fullDate(_ c: Column) -> CivilDate? {
        date(c, partial: false).flatMap { CivilDate(year: $0.year, month: $0.month!, day: $0.day!) }
    }

    /// A personal number: malformed ones are dropped with R07, disagreeing ones kept with R08.
    mutating func personalNumber(_ c: Column, sex: Sex?, birthYear: Int?) -> PersonalNumber? {
        guard let raw = cell(c) else { return nil }
        guard let number = PersonalNumber(raw) else {
            add(.R07, c, raw, vi: "Số định danh «\(raw)» không phải 12 chữ số: bỏ số này, vẫn nạp dòng.",
                en: "Personal number '\(raw)' is not 12 digits: dropped, line kept.")
            return nil
        }
        if !number.agrees(sex: sex, birthYear: birthYear) {
            add(.R08, c, raw,
                vi: "Số định danh «\(raw)» không khớp giới tính hoặc năm sinh (số cho: \(number.sex.labelVI), \(number.birthYear)).",
                en: "Personal number '\(raw)' disagrees with sex or birth year (it encodes \(number.sex.labelEN), \(number.birthYear)).")
        }
        return number
    }

    /// A person's name, checked against rule R16.
    mutating func name(_ c: Column) -> String? {
        guard let name = cell(c) else { return nil }
        if !PersonName.isPlausible(name) {
            add(.R16, c, name, vi: "Họ tên «\(name)» chứa chữ số, ký tự điều khiển hoặc chỉ có dấu câu.",
                en: "Name '\(name)' contains digits, control characters or only punctuation.")
        }
        return name
    }

    /// F03 when the line has more non-empty cells than the header has columns.
    static func misaligned(line: Int, fields: [String], headerWidth: Int) -> Finding? {
        guard fields.count > headerWidth, fields[headerWidth...].contains(where: { !$0.trimmingSpaces.isEmpty }) else { return nil }
        return Finding(line: line, rule: .F03, value: String(fields.count),
            vi: "Dòng có \(fields.count) cột, tiêu đề chỉ có \(headerWidth): không thể khớp cột (kiểm tra dấu phân cách hoặc dấu ngoặc kép).",
            en: "The line has \(fields.count) fields but the header has \(headerWidth): fields cannot be aligned (check delimiters or quotes).")
    }
}
