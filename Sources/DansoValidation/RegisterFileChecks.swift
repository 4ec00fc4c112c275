import DansoDomain
import DansoFeeds

/// The checks that need the whole file: repeated keys (R11, duplicates), households
/// (R12–R14) and personal numbers shared by two people (R15).
///
/// What it keeps grows with the file, so it keeps it packed, in flat arrays of small
/// integers that touch no more memory than they fill: some 16 bytes a line for the keys
/// (`PersonKeyTable`), 20 a personal number (`PersonalNumberTable`), 14 a head or child
/// and 50 a household (`HouseholdTable`, `HouseholdRoster`): 50–60 bytes a line in all (a
/// 127,000-line register, 7 MB), where dictionaries of strings and arrays of tuples, sized
/// ahead for the file, took some 500. Lines themselves stream on to the database; only lines with findings leave
/// more (their findings).
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

    /// The households every key and loaded line names, numbered.
    private var households: HouseholdTable
    private var keys: PersonKeyTable
    private var roster = HouseholdRoster()
    private var personalNumbers: PersonalNumberTable
    private var sharedNumbers: [Finding] = []
    /// Lines accepted first and rejected later because their key conflicted.
    public private(set) var lateRejections: Set<Int> = []

    public init() {
        self.init(hashing: .standard)
    }

    /// With the tables hashing keys as `hashing` does (tests force collisions with it).
    init(hashing: KeyHashing) {
        households = HouseholdTable(hashing: hashing)
        keys = PersonKeyTable()
        personalNumbers = PersonalNumberTable(hashing: hashing)
    }

    /// Makes room for `lines` lines, so the tables need not grow on the way. Only address
    /// space is set aside: memory is touched as lines fill it, so a guess too high costs nothing.
    public mutating func reserveCapacity(lines: Int) {
        keys.reserveCapacity(lines)
        personalNumbers.reserveCapacity(lines)
    }

    /// Decides on a line by its key and full content, before loading it.
    public mutating func admit(key: PersonKey, line: Int, fields: [String]) -> Admission {
        admit(key: key, line: line, trimmedFields: fields.map(\.trimmingSpaces))
    }

    /// `admit(key:line:fields:)` for fields already `trimmingSpaces`-trimmed; `nfc` says they
    /// are NFC too (as the feed reader makes them), which spares checking each one.
    public mutating func admit(key: PersonKey, line: Int, trimmedFields fields: [String], nfc: Bool = false) -> Admission {
        let household = households.id(commune: key.communeCode, household: key.householdCode)
        return keys.admit(household: household, member: key.memberNo, hash: Self.contentHash(trimmed: fields, nfc: nfc),
                          line: line)
    }

    /// Hash of the trimmed cells, trailing empty ones ignored (feeds.md §1).
    ///
    /// Feeds a hasher what `String.hash(into:)` would (NFC UTF-8, then 0xFF, per cell), but
    /// takes the bytes as they are when they are NFC (trimming keeps NFC text NFC: it only
    /// cuts spaces that combine with nothing), and gathers them so the
    /// hasher is called once a line: Swift normalises every non-ASCII string it hashes, and
    /// a call per cell cost more than the hashing itself.
    static func contentHash(trimmed fields: [String], nfc: Bool = false) -> Int {
        var width = fields.count
        while width > 0, fields[width - 1].isEmpty { width -= 1 }
        var hasher = Hasher()
        hasher.combine(width)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { scratch in
            var used = 0
            func flush() {
                if used > 0 { hasher.combine(bytes: UnsafeRawBufferPointer(start: scratch.baseAddress, count: used)) }
                used = 0
            }
            for cell in fields[..<width] {
                let gathered = cell.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                    guard nfc || FieldText.isKnownNFC(UnsafeRawBufferPointer(bytes)), bytes.count < scratch.count else { return false }
                    if used + bytes.count + 1 > scratch.count { flush() }
                    _ = UnsafeMutableBufferPointer(rebasing: scratch[used...]).initialize(fromContentsOf: bytes)
                    used += bytes.count
                    scratch[used] = 0xFF
                    used += 1
                    return true
                }
                if gathered != true {
                    flush()
                    hasher.combine(cell)
                }
            }
            flush()
        }
        return hasher.finalize()
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
        let household = households.id(commune: person.communeCode, household: person.householdCode)
        roster.add(household: household, line: person.line, relationship: person.relationship,
                   birth: person.birthDate.referenceDay, age: person.age)
        if let number = person.personalNumber,
           let other = personalNumbers.claim(number.value, household: household, member: person.memberNo) {
            let names = households.names(other.household)
            let holder = PersonKey(communeCode: names.commune, householdCode: names.household, memberNo: other.member)
            sharedNumbers.append(Finding(line: person.line, rule: .R15, column: RegisterColumn.personalNumber.machineName,
                value: number.digits,
                vi: "Số định danh \(number) đã dùng cho người khác (\(holder)).",
                en: "Personal number \(number) is already used by another person (\(holder))."))
        }
    }

    /// Forgets a line rejected after the fact (R11), so household checks ignore it.
    public mutating func withdraw(line: Int) { lateRejections.insert(line) }

    /// The warnings about households and shared numbers, once every line is seen.
    public func finish() -> [Finding] {
        var findings: [Finding] = []
        for n in 0..<roster.count {
            let house = roster.household(n)
            let members = roster.members(n)
            let heads = lateRejections.isEmpty ? members.heads : members.heads.filter { !lateRejections.contains($0.line) }
            if heads.count != 1 {
                let names = households.names(house.id)
                let hh = "\(names.commune)/\(names.household)"
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
                for child in members.children where !lateRejections.contains(child.line) {
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

    /// Bytes the whole-file state holds (findings aside), for tests and measurements.
    var byteCount: Int { households.byteCount + keys.byteCount + roster.byteCount + personalNumbers.byteCount }
}
