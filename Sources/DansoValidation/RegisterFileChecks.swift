import DansoDomain

/// The checks that need the whole file: repeated keys (R11, duplicates), households
/// (R12–R14) and personal numbers shared by two people (R15).
///
/// Keeps only compact facts per line (key, content hash, household summary), so memory
/// grows slowly with the file while lines themselves stream on to the database.
public struct RegisterFileChecks: Sendable {
    /// What to do with a line given the lines seen before it.
    public enum Admission: Equatable, Sendable {
        /// First time this key is seen: check it and load it.
        case new
        /// The same content again: kept once, counted in `duplicates`.
        case duplicate
        /// Same key, other content: this line and every other line of the key are rejected.
        case conflict(earlierLines: [Int])
    }

    private struct KeyState {
        var contentHash: Int
        var lines: [Int]
        var conflicted: Bool
    }
    private struct Household {
        var firstLine: Int
        var heads: [(line: Int, birth: CivilDate, age: Int)] = []
        var children: [(line: Int, birth: CivilDate)] = []
    }
    private var keys: [PersonKey: KeyState] = [:]
    private var households: [String: Household] = [:]
    private var householdOrder: [String] = []
    private var personalNumbers: [PersonalNumber: PersonKey] = [:]
    private var sharedNumbers: [Finding] = []
    /// Lines accepted first and rejected later because their key conflicted.
    public private(set) var lateRejections: Set<Int> = []

    public init() {}

    /// Decides on a line by its key and full content, before loading it.
    public mutating func admit(key: PersonKey, line: Int, fields: [String]) -> Admission {
        var width = fields.count
        while width > 0, fields[width - 1].trimmingSpaces.isEmpty { width -= 1 }   // trailing empty columns are ignored (feeds.md §1)
        var hasher = Hasher()
        hasher.combine(width)
        for i in 0..<width { hasher.combine(fields[i].trimmingSpaces) }
        let hash = hasher.finalize()
        guard var state = keys[key] else {
            keys[key] = KeyState(contentHash: hash, lines: [line], conflicted: false)
            return .new
        }
        if !state.conflicted && state.contentHash == hash { return .duplicate }
        let earlier = state.conflicted ? [] : state.lines
        state.conflicted = true
        state.lines.append(line)
        keys[key] = state
        return .conflict(earlierLines: earlier)
    }

    /// The R11 finding for a line whose key conflicts.
    public static func conflictFinding(line: Int, key: PersonKey, lines: [Int]) -> Finding {
        let list = lines.map(String.init).joined(separator: ", ")
        return Finding(line: line, rule: .R11, column: RegisterColumn.memberNo.machineName, value: key.description,
                       vi: "Người \(key) xuất hiện nhiều lần với nội dung khác nhau (dòng \(list)): loại tất cả các dòng này.",
                       en: "Person \(key) appears more than once with different content (lines \(list)): all are rejected.")
    }

    /// Records a line that will be loaded, for the household and personal-number checks.
    public mutating func record(_ person: RegisterLine) {
        let hh = "\(person.communeCode)/\(person.householdCode)"
        if households[hh] == nil {
            households[hh] = Household(firstLine: person.line)
            householdOrder.append(hh)
        }
        let birth = person.birthDate.referenceDay
        if person.relationship == .head { households[hh]!.heads.append((person.line, birth, person.age)) }
        if person.relationship == .child { households[hh]!.children.append((person.line, birth)) }
        if let number = person.personalNumber {
            if let other = personalNumbers[number], other != person.personKey {
                sharedNumbers.append(Finding(line: person.line, rule: .R15, column: RegisterColumn.personalNumber.machineName,
                    value: number.digits,
                    vi: "Số định danh \(number) đã dùng cho người khác (\(other)).",
                    en: "Personal number \(number) is already used by another person (\(other))."))
            } else {
                personalNumbers[number] = person.personKey
            }
        }
    }

    /// Forgets a line rejected after the fact (R11), so household checks ignore it.
    public mutating func withdraw(line: Int) { lateRejections.insert(line) }

    /// The warnings about households and shared numbers, once every line is seen.
    public func finish() -> [Finding] {
        var findings: [Finding] = []
        for hh in householdOrder {
            let house = households[hh]!
            let heads = house.heads.filter { !lateRejections.contains($0.line) }
            if heads.count != 1 {
                findings.append(Finding(line: house.firstLine, rule: .R12, column: RegisterColumn.relationship.machineName,
                    value: hh, vi: "Hộ \(hh) có \(heads.count) chủ hộ (phải đúng 1).",
                    en: "Household \(hh) has \(heads.count) heads (exactly one expected)."))
            }
            for head in heads where head.age < 15 {
                findings.append(Finding(line: head.line, rule: .R13, column: RegisterColumn.birthDate.machineName,
                    value: String(head.age), vi: "Chủ hộ mới \(head.age) tuổi (dưới 15).",
                    en: "Household head is only \(head.age) (under 15)."))
            }
            if heads.count == 1 {
                let head = heads[0]
                for child in house.children where !lateRejections.contains(child.line) {
                    let gap = head.birth.completedYears(at: child.birth)
                    if gap < 12 {
                        findings.append(Finding(line: child.line, rule: .R14, column: RegisterColumn.birthDate.machineName,
                            value: String(gap),
                            vi: "Con chỉ kém chủ hộ \(gap) tuổi (ít nhất 12): kiểm tra ngày sinh hoặc quan hệ.",
                            en: "Child is only \(gap) years younger than the head (at least 12 expected): check birth dates or relationship."))
                    }
                }
            }
        }
        return (findings + sharedNumbers).sorted { ($0.line, $0.rule.rawValue) < ($1.line, $1.rule.rawValue) }
    }
}
