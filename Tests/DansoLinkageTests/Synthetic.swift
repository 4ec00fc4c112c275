import DansoDomain
import DansoLinkage
import Foundation

/// SplitMix64 (DansoDomain), with the draws the synthetic data sets need.
extension SplitMix64 {
    /// Uniform in `0..<n`.
    mutating func below(_ n: Int) -> Int { Int(UInt64(n).multipliedFullWidth(by: next()).high) }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index drawn with the given weights.
    mutating func weighted(_ weights: [Double]) -> Int {
        var x = unit() * weights.reduce(0, +)
        for (i, w) in weights.enumerated() {
            x -= w
            if x < 0 { return i }
        }
        return weights.count - 1
    }
}

/// Synthetic people of a province: households sharing a family name, children with a
/// recorded mother, names as concentrated as real ones (Nguyễn a third, Thị and Văn).
struct SyntheticProvince {
    static let families: [(String, Double)] = [
        ("Nguyễn", 31), ("Trần", 11), ("Lê", 9), ("Phạm", 6), ("Huỳnh", 5), ("Võ", 5), ("Phan", 4), ("Trương", 2),
        ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 2), ("Lý", 1), ("Đoàn", 1), ("Lâm", 1),
        ("Mai", 1), ("Tô", 1), ("Cao", 1), ("Châu", 1), ("Lương", 1), ("Đinh", 1), ("Trịnh", 1), ("Thái", 1), ("La", 1),
    ]
    static let maleGiven = ["Hùng", "Dũng", "Hải", "Sơn", "Phúc", "Tài", "Lộc", "Thắng", "Bình", "Cường", "Hòa", "Tâm",
        "Nam", "Long", "Trung", "Hiếu", "Nghĩa", "Phong", "Thành", "Toàn", "Vinh", "Quang", "Hậu", "Thịnh", "Lợi", "Tuấn",
        "Sang", "Tùng", "Hưng", "Định", "Đức", "Kiên", "Trí", "Tín", "Nhân", "Phước", "Tấn", "Lực", "Cảnh", "Chiến",
        "Khang", "Khôi", "Bảo", "Huy", "Kiệt", "Khoa", "Quân", "Minh", "Đạt", "Duy", "Hào", "Phát", "An", "Nguyên"]
    static let femaleGiven = ["Lan", "Hoa", "Hồng", "Mai", "Hạnh", "Hương", "Nga", "Thủy", "Tuyết", "Liên", "Loan",
        "Phượng", "Dung", "Yến", "Nhung", "Thảo", "Hằng", "Thúy", "Bích", "Kiều", "Ánh", "Xuân", "Cúc", "Lệ", "Sen",
        "Trang", "Linh", "Vy", "Ngân", "Hân", "Như", "Nhi", "Anh", "Tiên", "Diễm", "Trinh", "Quyên", "Oanh", "Thư", "My",
        "Uyên", "Ngọc", "Hà", "Vân", "Trâm", "Huyền", "Duyên", "Giang", "Tâm", "Ý"]
    static let maleMiddle: [(String, Double)] = [("Văn", 10), ("Minh", 3), ("Hữu", 2), ("Thanh", 2), ("Công", 1),
        ("Quốc", 2), ("Ngọc", 1), ("Tấn", 1), ("Hoàng", 2), ("Đức", 2), ("Gia", 2), ("Nhật", 1), ("Bảo", 1)]
    static let femaleMiddle: [(String, Double)] = [("Thị", 14), ("Ngọc", 2), ("Kim", 1), ("Thanh", 1), ("Hồng", 1),
        ("Mỹ", 1), ("Thu", 1), ("Phương", 1), ("Thùy", 1), ("Bảo", 1)]

    var records: [PersonRecord] = []
    /// For each record, the person it describes (duplicates share it).
    var person: [Int] = []
    private var rng: SplitMix64
    private var nextNumber = 100_000

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func name(family: String, sex: Int) -> String {
        let middle = sex == 1 ? Self.maleMiddle : Self.femaleMiddle
        let mid = middle[rng.weighted(middle.map(\.1))].0
        let given = rng.pick(sex == 1 ? Self.maleGiven : Self.femaleGiven)
        return "\(family) \(mid) \(given)"
    }

    mutating func family() -> String { Self.families[rng.weighted(Self.families.map(\.1))].0 }

    /// Adds households until `count` people (each record a distinct person).
    mutating func addPeople(_ count: Int, communes: Int = 40) {
        var household = 0
        while records.count < count {
            household += 1
            let commune = "7\(String(1000 + rng.below(communes)).suffix(4))"
            let householdKey = "\(commune)/\(household)"
            let fatherFamily = family()
            let headYear = 1940 + rng.below(65)
            add(name: name(family: fatherFamily, sex: 1), sex: 1, year: headYear,
                           household: householdKey, commune: commune, mother: nil)
            let wife = add(name: name(family: family(), sex: 2), sex: 2, year: headYear + rng.below(7) - 2,
                           household: householdKey, commune: commune, mother: nil)
            let children = rng.below(4)
            var year = headYear + 20 + rng.below(8)
            for _ in 0..<children where year <= 2024 {
                let sex = 1 + rng.below(2)
                add(name: name(family: fatherFamily, sex: sex), sex: sex, year: year,
                    household: householdKey, commune: commune, mother: String(records[wife].id))
                year += 1 + rng.below(5)
            }
        }
        if records.count > count {
            records.removeLast(records.count - count)
            person.removeLast(person.count - count)
        }
    }

    @discardableResult
    private mutating func add(name: String, sex: Int, year: Int, household: String, commune: String,
                              mother: String?) -> Int {
        let month = 1 + rng.below(12), day = 1 + rng.below(28)
        var number: String? = nil
        if rng.chance(0.6) {
            nextNumber += 1 + rng.below(3)
            number = "072" + String((sex == 1 ? 0 : 1) + (year >= 2000 ? 2 : 0)) + String(year % 100 + 100).suffix(2)
                + String(nextNumber)
        }
        let partial = year < 1950 && rng.chance(0.5)
        records.append(PersonRecord(id: Int64(records.count + 1), fullName: name, sex: sex, birthYear: year,
                                    birthMonth: partial ? nil : month, birthDay: partial ? nil : day,
                                    personalNumber: number, householdKey: household, communeCode: commune,
                                    motherKey: mother))
        person.append(records.count - 1)
        return records.count - 1
    }

    /// Adds a second record of `original`, each field corrupted independently.
    mutating func addDuplicate(of original: Int) {
        var r = records[original]
        r.id = Int64(records.count + 1)
        r.fullName = corruptName(r.fullName)
        if let number = r.personalNumber {
            r.personalNumber = corruptNumber(number)
        }
        switch rng.below(20) {
        case 0:   // day and month swapped, when that makes a date
            if let d = r.birthDay, let m = r.birthMonth, d <= 12, d != m { (r.birthDay, r.birthMonth) = (m, d) }
        case 1: r.birthDay = r.birthDay.map { $0 % 28 + 1 }
        case 2: (r.birthMonth, r.birthDay) = (nil, nil)
        case 3: r.birthYear = r.birthYear.map { $0 + 1 }
        default: break
        }
        if rng.chance(0.02) { r.sex = r.sex == 1 ? 2 : 1 }
        if rng.chance(0.35) {
            r.householdKey = "moved/\(records.count)"
            if rng.chance(0.5) { r.communeCode = "79\(100 + rng.below(900))" }
        }
        if r.motherKey != nil, rng.chance(0.1) { r.motherKey = nil }
        records.append(r)
        person.append(person[original])
    }

    private mutating func corruptName(_ name: String) -> String {
        var tokens = name.split(separator: " ").map(String.init)
        switch rng.below(20) {
        case 0, 1:   // tones lost
            return tokens.joined(separator: " ").folding()
        case 2, 3:   // middle name dropped
            if tokens.count > 2 { tokens.remove(at: 1) }
        case 4, 5:   // one letter of the given name changed (the last)
            var given = Array(tokens[tokens.count - 1])
            given[given.count - 1] = given.last == "x" ? "y" : "x"
            tokens[tokens.count - 1] = String(given)
        case 6:      // another given name altogether
            tokens[tokens.count - 1] = "Zô"
        case 7:      // all capitals, doubled spaces
            return "  " + tokens.joined(separator: "  ").uppercased()
        default: break
        }
        return tokens.joined(separator: " ")
    }

    private mutating func corruptNumber(_ number: String) -> String? {
        var digits = Array(number)
        switch rng.below(25) {
        case 0:
            let i = 6 + rng.below(6)
            digits[i] = digits[i] == "9" ? "0" : Character(String(Int(String(digits[i]))! + 1))
        case 1:
            let i = 6 + rng.below(5)
            if digits[i] != digits[i + 1] { digits.swapAt(i, i + 1) } else { digits[i] = digits[i] == "1" ? "2" : "1" }
        case 2:
            return nil
        default: break
        }
        return String(digits)
    }

    /// The index pairs of records of one person.
    var truePairs: [(Int, Int)] {
        var byPerson: [Int: [Int]] = [:]
        for (i, p) in person.enumerated() { byPerson[p, default: []].append(i) }
        var pairs: [(Int, Int)] = []
        for members in byPerson.values where members.count > 1 {
            for x in 0..<members.count { for y in (x + 1)..<members.count { pairs.append((members[x], members[y])) } }
        }
        return pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    }
}

extension String {
    /// Without tone marks and diacritics, keeping case (a register typed without accents).
    func folding() -> String {
        var out = String.UnicodeScalarView()
        for scalar in decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue
            case 0x0110: out.append("D")
            case 0x0111: out.append("d")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
