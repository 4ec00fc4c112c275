import DansoDomain
import DansoFeeds

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
        var firstLine: Int
        /// Lines after the first, once the key conflicted (empty, so not allocated, otherwise).
        var laterLines: [Int] = []
        var conflicted = false
        var lines: [Int] { [firstLine] + laterLines }
    }
    private struct Household {
        var name: String
        var firstLine: Int
        var heads: [(line: Int, birth: CivilDate, age: Int)] = []
        var children: [(line: Int, birth: CivilDate)] = []
    }
    private var keys: [PersonKey: KeyState] = [:]
    /// Households in the order first seen, and their index by `commune/household`.
    private var households: [Household] = []
    private var householdIndex: [String: Int] = [:]
    /// The household of the last recorded line: its members come one after another, so
    /// most lines find it without building and hashing the `commune/household` name.
    private var lastHousehold: (commune: String, household: String, index: Int)?
    private var personalNumbers: [PersonalNumber: PersonKey] = [:]
    private var sharedNumbers: [Finding] = []
    /// Lines accepted first and rejected later because their key conflicted.
    public private(set) var lateRejections: Set<Int> = []

    public init() {}

    /// Makes room for `lines` lines, so the tables need not grow on the way.
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
        let hash = Self.contentHash(trimmed: fields, nfc: nfc)
        return Self.admit(&keys[key], hash: hash, line: line)   // one look-up, inserting a new key
    }

    private static func admit(_ slot: inout KeyState?, hash: Int, line: Int) -> Admission {
        guard var state = slot else {
            slot = KeyState(contentHash: hash, firstLine: line)
            return .new
        }
        if !state.conflicted && state.contentHash == hash { return .duplicate }
        let earlier = state.conflicted ? [] : state.lines
        state.conflicted = true
        state.laterLines.append(line)
        slot = state
        return .conflict(earlierLines: earlier)
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
        let h = householdIndex(person)
        if person.relationship == .head { households[h].heads.append((person.line, person.birthDate.referenceDay, person.age)) }
        if person.relationship == .child { households[h].children.append((person.line, person.birthDate.referenceDay)) }
        if let number = person.personalNumber {
            let key = person.personKey
            if let other = Self.claim(&personalNumbers[number], for: key) {
                sharedNumbers.append(Finding(line: person.line, rule: .R15, column: RegisterColumn.personalNumber.machineName,
                    value: number.digits,
                    vi: "Số định danh \(number) đã dùng cho người khác (\(other)).",
                    en: "Personal number \(number) is already used by another person (\(other))."))
            }
        }
    }

    /// The index of a line's household in `households`, added on first sight.
    private mutating func householdIndex(_ person: RegisterLine) -> Int {
        if let last = lastHousehold, last.commune == person.communeCode, last.household == person.householdCode {
            return last.index
        }
        let name = "\(person.communeCode)/\(person.householdCode)"
        let index: Int
        if let known = householdIndex[name] {
            index = known
        } else {
            index = households.count
            householdIndex[name] = index
            households.append(Household(name: name, firstLine: person.line))
        }
        lastHousehold = (person.communeCode, person.householdCode, index)
        return index
    }

    /// Gives an unclaimed personal number to `key`; returns the other person holding it, if any.
    private static func claim(_ slot: inout PersonKey?, for key: PersonKey) -> PersonKey? {
        guard let holder = slot else {
            slot = key
            return nil
        }
        return holder == key ? nil : holder
    }

    /// Forgets a line rejected after the fact (R11), so household checks ignore it.
    public mutating func withdraw(line: Int) { lateRejections.insert(line) }

    /// The warnings about households and shared numbers, once every line is seen.
    public func finish() -> [Finding] {
        var findings: [Finding] = []
        for house in households {
            let hh = house.name
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
