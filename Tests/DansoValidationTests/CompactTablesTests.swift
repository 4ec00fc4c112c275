import Testing
import DansoDomain
@testable import DansoValidation

/// Every key hashes alike: each lookup walks one probe chain, and only exact comparison keeps keys apart.
private let colliding = KeyHashing(bytes: { _ in 7 }, word: { _ in 7 })

@Suite("Compact whole-file tables")
struct CompactTablesTests {
    // MARK: Building blocks

    @Test func slotIndexKeepsCollidingKeysApart() {
        var keys: [Int] = []
        var index = SlotIndex()
        for key in (0..<200).map({ $0 * 37 }) {
            guard case .vacant(let slot) = index.find(hash: 7, matches: { keys[$0] == key }) else {
                Issue.record("key \(key) found before it was added")
                return
            }
            keys.append(key)
            index.insert(keys.count - 1, at: slot) { _ in 7 }
        }
        #expect(index.count == 200)
        for (position, key) in keys.enumerated() {
            #expect(index.find(hash: 7, matches: { keys[$0] == key }) == .found(position))
        }
        #expect(index.find(hash: 7, matches: { keys[$0] == 1 }) != .found(0))
    }

    @Test func compactColumnKeepsEveryValue() {
        var column = CompactColumn<UInt8>()
        let values = [0, 1, 99, 254, 255, 256, -1, Int.max, Int.min, 7]
        for value in values { column.append(value) }
        #expect((0..<column.count).map { column[$0] } == values)
        var lines = LineNumbers()
        let big = [2, Int(UInt32.max) - 1, Int(UInt32.max), Int(UInt32.max) + 1, 5_000_000_000]
        for line in big { lines.append(line) }
        #expect((0..<lines.count).map { lines[$0] } == big)
    }

    @Test(arguments: [KeyHashing.standard, colliding])
    func householdTableNumbersExactNames(hashing: KeyHashing) {
        var table = HouseholdTable(hashing: hashing)
        let names = [("25489", "H1"), ("25489", "H2"), ("2548", "9H1"), ("25489H", "1"), ("", ""), ("25489", ""),
                     ("", "H1"), ("25489", "Hộ Nguyễn Văn Ánh số 1, ấp Tân Hòa"), ("25489", "H1 ")]
        let ids = names.map { table.id(commune: $0.0, household: $0.1) }
        #expect(ids == Array(0..<names.count))
        // Again, in another order (so the last-household shortcut does not answer).
        for (id, name) in zip(ids, names).reversed() {
            #expect(table.id(commune: name.0, household: name.1) == id)
            #expect(table.names(id) == name)
        }
        #expect(table.count == names.count)
        // Codes are equal as Swift strings are, by canonical equivalence.
        let composed = table.id(commune: "25489", household: "Hộ Ánh")
        #expect(table.id(commune: "25489", household: "Ho\u{0323}\u{0302} A\u{0301}nh") == composed)
        #expect(table.id(commune: "25489", household: "H1") == ids[0])
        #expect(table.id(commune: "25489", household: "Ho\u{0323}\u{0302} A\u{0301}nh") == composed)
    }

    @Test func personKeyTableFindsKeysOutOfOrderAndInLargeHouseholds() {
        var table = PersonKeyTable()
        var line = 1
        func admit(_ household: Int, _ member: Int, _ hash: Int = 0) -> RegisterFileChecks.Admission {
            line += 1
            return table.admit(household: household, member: member, hash: hash, line: line)
        }
        // Households 0 and 1 interleaved, then household 2 far beyond the scan limit.
        #expect(admit(0, 1) == .new)
        #expect(admit(1, 1) == .new)
        #expect(admit(0, 2) == .new)
        #expect(admit(1, 2) == .new)
        #expect(admit(0, 1) == .duplicate)
        #expect(admit(1, 2, 9) == .conflict(earlierLines: [5]))
        #expect(admit(1, 2, 0) == .conflict(earlierLines: []))
        let odd = [-1, 0, 255, 256, 1_000_000, Int.max]
        for member in Array(1...(PersonKeyTable.scanLimit + 40)) + odd { #expect(admit(2, member) == .new) }
        for member in Array(1...(PersonKeyTable.scanLimit + 40)) + odd { #expect(admit(2, member) == .duplicate) }
        #expect(admit(2, 3, 5) != .new)
        // The odd member numbers of a small household too.
        for member in odd { #expect(admit(3, member) == .new) }
        for member in odd { #expect(admit(3, member) == .duplicate) }
        #expect(admit(0, 3) == .new)
    }

    @Test(arguments: [KeyHashing.standard, colliding])
    func personalNumbersAreClaimedOnce(hashing: KeyHashing) {
        var table = PersonalNumberTable(hashing: hashing)
        let numbers: [UInt64] = (0..<300).map { 72_090_000_000 + UInt64($0) * 4_294_967_296 % 999_999_999_999 }
        for (i, number) in numbers.enumerated() { #expect(table.claim(number, household: i, member: 1) == nil) }
        for (i, number) in numbers.enumerated() {
            #expect(table.claim(number, household: i, member: 1) == nil)
            let other = table.claim(number, household: i, member: 2)
            #expect(other?.household == i && other?.member == 1)
        }
        #expect(table.claim(999_999_999_999, household: 0, member: 300) == nil)
    }

    @Test func rosterKeepsMembersOfInterleavedHouseholds() {
        var roster = HouseholdRoster()
        let day = { (y: Int) in CivilDate(year: y, month: 2, day: 29 - (y % 4 == 0 ? 0 : 1))! }
        roster.add(household: 5, line: 2, relationship: .head, birth: day(1960), age: 63)
        roster.add(household: 1, line: 3, relationship: .spouse, birth: day(1961), age: 62)
        roster.add(household: 5, line: 4, relationship: .child, birth: day(1988), age: 35)
        roster.add(household: 1, line: 5, relationship: .head, birth: day(9999), age: 300)
        roster.add(household: 5, line: 6, relationship: .child, birth: day(1), age: 0)
        #expect(roster.count == 2)
        #expect(roster.household(0).id == 5 && roster.household(0).firstLine == 2)
        #expect(roster.household(1).id == 1 && roster.household(1).firstLine == 3)
        let first = roster.members(0), second = roster.members(1)
        #expect(first.heads.map(\.line) == [2] && first.heads.map(\.age) == [63] && first.heads.map(\.birth) == [day(1960)])
        #expect(first.children.map(\.line) == [4, 6] && first.children.map(\.birth) == [day(1988), day(1)])
        #expect(second.heads.map(\.age) == [300] && second.heads.map(\.birth) == [day(9999)] && second.children.isEmpty)
    }

    // MARK: The whole, against the plain definition

    @Test(arguments: [KeyHashing.standard, colliding])
    func fileChecksAgreeWithThePlainDefinition(hashing: KeyHashing) {
        var rng = SplitMix(seed: 20_251_122)
        var seen: Set<String> = []
        for round in 0..<40 {
            var compact = RegisterFileChecks(hashing: hashing)
            var plain = PlainFileChecks()
            let households = 1 + Int(rng.next() % 30)
            let shuffled = round % 2 == 1
            var line = 1
            for step in 0..<400 {
                line += 1 + Int(rng.next() % 2)
                let house = shuffled ? Int(rng.next() % UInt64(households)) : min(step / 4, households - 1)
                let commune = house % 3 == 0 ? "25489" : "25492"
                let member = rng.next() % 20 == 0 ? Int(rng.next() % 400) - 50 : 1 + Int(rng.next() % 6)
                let key = PersonKey(communeCode: commune, householdCode: "H\(house)", memberNo: member)
                let fields = [commune, "H\(house)", String(member), "v\(rng.next() % 3)"]
                let admission = compact.admit(key: key, line: line, fields: fields)
                #expect(admission == plain.admit(key: key, line: line, fields: fields))
                seen.insert(admission == .new ? "new" : admission == .duplicate ? "duplicate" : "conflict")
                if case .conflict(let earlier) = admission {
                    for l in earlier {
                        compact.withdraw(line: l)
                        plain.lateRejections.insert(l)
                    }
                }
                guard admission == .new, (1...99).contains(member) else { continue }
                let relationship = Relationship(rawValue: 1 + Int(rng.next() % 4))!
                let born = PartialDate(year: 1950 + Int(rng.next() % 70), month: rng.next() % 2 == 0 ? nil : 1 + Int(rng.next() % 12))
                let number = rng.next() % 3 == 0 ? nil : PersonalNumber("0720903474\(10 + rng.next() % 40)")
                let person = RegisterLine(
                    line: line, asOf: CivilDate(year: 2023, month: 12, day: 31)!, communeCode: commune, provinceCode: nil,
                    districtCode: nil, area: 1, collaborator: nil, householdCode: "H\(house)", address: nil, memberNo: member,
                    personalNumber: number, healthCard: nil, fullName: "Lê Văn A", relationship: relationship, sex: .male,
                    birthDate: born, ethnicity: "01", education: nil, maritalStatus: nil, residence: .permanent, method: nil,
                    updatedOn: nil)
                compact.record(person)
                plain.record(person)
            }
            #expect(compact.lateRejections == plain.lateRejections)
            let findings = compact.finish()
            #expect(findings == plain.finish())
            seen.formUnion(findings.map(\.rule.rawValue))
        }
        // The rounds met every case.
        #expect(seen.isSuperset(of: ["new", "duplicate", "conflict", "R12", "R13", "R14", "R15"]))
    }

    @Test func aLineCostsFewBytes() {
        var checks = RegisterFileChecks()
        let lines = 100_000
        for n in 0..<lines {
            let house = "H\(n / 4)", member = 1 + n % 4
            let key = PersonKey(communeCode: "25489", householdCode: house, memberNo: member)
            _ = checks.admit(key: key, line: n + 2, fields: [house, String(member), "Nguyễn Văn \(n)"])
            checks.record(RegisterLine(
                line: n + 2, asOf: CivilDate(year: 2023, month: 12, day: 31)!, communeCode: "25489", provinceCode: nil,
                districtCode: nil, area: 1, collaborator: nil, householdCode: house, address: nil, memberNo: member,
                personalNumber: PersonalNumber("072000" + String(repeating: "0", count: 6 - String(n).count) + String(n)),
                healthCard: nil, fullName: "A", relationship: member == 1 ? .head : .child, sex: .male,
                birthDate: PartialDate(year: member == 1 ? 1960 : 1990), ethnicity: "01", education: nil,
                maritalStatus: nil, residence: .permanent, method: nil, updatedOn: nil))
        }
        #expect(checks.finish().isEmpty)
        // Keys 17, households 9, heads and children 14 × 1, numbers 10 + index: about 60 with every line numbered.
        #expect(checks.byteCount / lines < 72)
    }
}

/// The whole-file checks as first written, with dictionaries and arrays of tuples: the
/// compact tables must give exactly what this gives.
private struct PlainFileChecks {
    private var keys: [PersonKey: (hash: Int, firstLine: Int, conflicted: Bool)] = [:]
    private var households: [(name: String, firstLine: Int, heads: [(line: Int, birth: CivilDate, age: Int)],
                              children: [(line: Int, birth: CivilDate)])] = []
    private var householdIndex: [String: Int] = [:]
    private var numbers: [String: PersonKey] = [:]
    private var shared: [Finding] = []
    var lateRejections: Set<Int> = []

    mutating func admit(key: PersonKey, line: Int, fields: [String]) -> RegisterFileChecks.Admission {
        let hash = RegisterFileChecks.contentHash(trimmed: fields.map(\.trimmingSpaces))
        guard let state = keys[key] else {
            keys[key] = (hash, line, false)
            return .new
        }
        if !state.conflicted && state.hash == hash { return .duplicate }
        keys[key]!.conflicted = true
        return .conflict(earlierLines: state.conflicted ? [] : [state.firstLine])
    }

    mutating func record(_ person: RegisterLine) {
        let name = "\(person.communeCode)/\(person.householdCode)"
        let h = householdIndex[name] ?? households.count
        if h == households.count {
            householdIndex[name] = h
            households.append((name, person.line, [], []))
        }
        if person.relationship == .head { households[h].heads.append((person.line, person.birthDate.referenceDay, person.age)) }
        if person.relationship == .child { households[h].children.append((person.line, person.birthDate.referenceDay)) }
        if let number = person.personalNumber {
            if let other = numbers[number.digits], other != person.personKey {
                shared.append(Finding(line: person.line, rule: .R15, column: "so_dinh_danh", value: number.digits,
                    vi: "Số định danh \(number) đã dùng cho người khác (\(other)).",
                    en: "Personal number \(number) is already used by another person (\(other))."))
            } else if numbers[number.digits] == nil {
                numbers[number.digits] = person.personKey
            }
        }
    }

    func finish() -> [Finding] {
        var findings: [Finding] = []
        for house in households {
            let hh = house.name
            let heads = house.heads.filter { !lateRejections.contains($0.line) }
            if heads.count != 1 {
                findings.append(Finding(line: house.firstLine, rule: .R12, column: "quan_he_chu_ho", value: hh,
                    vi: "Hộ \(hh) có \(heads.count) chủ hộ (phải đúng 1).", en: "Household \(hh) has \(heads.count) heads (exactly one expected)."))
            }
            for head in heads where head.age < 15 {
                findings.append(Finding(line: head.line, rule: .R13, column: "ngay_sinh", value: String(head.age),
                    vi: "Chủ hộ mới \(head.age) tuổi (dưới 15).", en: "Household head is only \(head.age) (under 15)."))
            }
            guard heads.count == 1 else { continue }
            for child in house.children where !lateRejections.contains(child.line) {
                let gap = heads[0].birth.completedYears(at: child.birth)
                if gap < 12 {
                    findings.append(Finding(line: child.line, rule: .R14, column: "ngay_sinh", value: String(gap),
                        vi: "Con chỉ kém chủ hộ \(gap) tuổi (ít nhất 12): kiểm tra ngày sinh hoặc quan hệ.",
                        en: "Child is only \(gap) years younger than the head (at least 12 expected): check birth dates or relationship."))
                }
            }
        }
        return (findings + shared).sorted { ($0.line, $0.rule.rawValue) < ($1.line, $1.rule.rawValue) }
    }
}

/// A small deterministic generator, so a failing round can be replayed.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
