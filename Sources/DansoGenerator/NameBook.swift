/// Vietnamese names, stored once as parts (family, middle, given) that people point to by
/// index: a million names then cost six bytes each, and writing one is three byte copies.
///
/// The lists (NameBook+Lists.swift) are common Vietnamese names in southern usage, written
/// from general knowledge of Vietnamese naming, not taken from a register, so the weights are
/// approximate: Nguyễn for about a third of people, Trần, Lê, Phạm, Huỳnh, Võ… and a tail of
/// rarer family names; Thị for most older women and Văn for most older men, more varied
/// middle names for the young (born 1992 or later); a few hundred given names drawn with
/// Zipf-like weights; and Khmer, Hoa and Chăm names for the province's minorities.
public final class NameBook: @unchecked Sendable {  // immutable after init
    /// Name parts; index 0 is the empty part.
    public private(set) var parts: [String] = [""]
    /// The UTF-8 bytes of each part.
    private(set) var bytes: [[UInt8]] = [[]]
    private var index: [String: UInt16] = [:]

    struct List {
        var items: [UInt16]
        var table: WeightTable
        func draw(_ rng: inout Xoshiro) -> UInt16 { items[table.draw(&rng)] }
    }

    enum Style { case kinh, khmer, hoa, cham, minority }

    private var family: [Int: List] = [:]          // by ethnic code; missing: Kinh
    private var kinhMaleMidOld: List!, kinhMaleMidYoung: List!, kinhFemaleMidOld: List!, kinhFemaleMidYoung: List!
    private var kinhMaleOld: List!, kinhMaleYoung: List!, kinhFemaleOld: List!, kinhFemaleYoung: List!
    private var khmerMale: List!, khmerFemale: List!, hoaMaleMid: List!, hoaMale: List!, hoaFemaleMid: List!, hoaFemale: List!
    private var chamMale: List!, chamFemale: List!
    private var thi: UInt16 = 0
    private var van: UInt16 = 0
    /// Given names of two words ("Khánh Linh"), with the parts of their words: they take no
    /// middle name, Thị, or a middle name of `beforeTwoWords` ("Ngọc Bảo Trân").
    private var twoWords: [UInt16: [UInt16]] = [:]
    private var beforeTwoWords: List!
    /// Middle names a young man's middle name may be doubled with.
    private var secondMiddle: List!
    /// Middle names that follow Thị ("Thị Ngọc", "Thị Kim"), and the doubled parts, item by item.
    private var afterThi: List!
    private var thiPairs: [UInt16] = []

    public init() {
        func list(_ pairs: [(String, Double)]) -> List {
            List(items: pairs.map { add($0.0) }, table: WeightTable(pairs.map(\.1)))
        }
        family[1] = list(Self.kinhFamily)
        family[5] = list(Self.khmerFamily)
        family[6] = list(Self.hoaFamily)
        family[14] = list(Self.chamFamily)
        for (ethnic, names) in Self.otherFamily.sorted(by: { $0.key < $1.key }) { family[ethnic] = list(names) }
        kinhMaleMidOld = list(Self.kinhMaleMidOld)
        kinhMaleMidYoung = list(Self.kinhMaleMidYoung)
        kinhFemaleMidOld = list(Self.kinhFemaleMidOld)
        kinhFemaleMidYoung = list(Self.kinhFemaleMidYoung)
        // The older generations' given names are more concentrated than the young's.
        kinhMaleOld = list(Self.ranked(Self.kinhMaleOld, shift: 7))
        kinhMaleYoung = list(Self.ranked(Self.kinhMaleYoung, shift: 10))
        kinhFemaleOld = list(Self.ranked(Self.kinhFemaleOld, shift: 7))
        kinhFemaleYoung = list(Self.ranked(Self.kinhFemaleYoung, shift: 10))
        khmerMale = list(Self.ranked(Self.khmerMale, shift: 4))
        khmerFemale = list(Self.ranked(Self.khmerFemale, shift: 4))
        hoaMaleMid = list(Self.hoaMaleMid)
        hoaMale = list(Self.ranked(Self.hoaMale, shift: 4))
        hoaFemaleMid = list(Self.hoaFemaleMid)
        hoaFemale = list(Self.ranked(Self.hoaFemale, shift: 4))
        chamMale = list(Self.ranked(Self.chamMale, shift: 4))
        chamFemale = list(Self.ranked(Self.chamFemale, shift: 4))
        secondMiddle = list(Self.secondMiddle)
        afterThi = list(Self.afterThi)
        beforeTwoWords = list(Self.beforeTwoWords)
        thi = add("Thị")
        van = add("Văn")
        for given in kinhFemaleYoung.items where parts[Int(given)].contains(" ") {
            twoWords[given] = parts[Int(given)].split(separator: " ").compactMap { index[String($0)] }
        }
        registerDoubledMiddles()
    }

    /// Zipf-like weights for a list ranked most frequent first: the name of rank r (from 0)
    /// weighs 1 / (r + shift), so a larger shift flattens the head of the list.
    static func ranked(_ names: [String], shift: Double) -> [(String, Double)] {
        names.enumerated().map { ($0.element, 1 / (Double($0.offset) + shift)) }
    }

    @discardableResult
    private func add(_ part: String) -> UInt16 {
        if let i = index[part] { return i }
        let i = UInt16(parts.count)
        parts.append(part)
        bytes.append(Array(part.utf8))
        index[part] = i
        return i
    }

    static func style(_ ethnic: Int) -> Style {
        switch ethnic {
        case 5: .khmer
        case 6: .hoa
        case 14: .cham
        case 1: .kinh
        default: .minority
        }
    }

    /// A family name for an ethnic group.
    func familyName(ethnic: Int, _ rng: inout Xoshiro) -> UInt16 {
        (family[ethnic] ?? family[1]!).draw(&rng)
    }

    /// Middle and given names for a person of a family, sex (1 male, 2 female) and birth year.
    func names(ethnic: Int, sex: Int, year: Int, _ rng: inout Xoshiro) -> (middle: UInt16, given: UInt16) {
        let young = year >= 1992
        switch Self.style(ethnic) {
        case .khmer:
            if sex == 1 { return (0, khmerMale.draw(&rng)) }
            return (rng.chance(0.6) ? thi : 0, khmerFemale.draw(&rng))
        case .hoa:
            let given = (sex == 1 ? hoaMale : hoaFemale).draw(&rng)
            return (middle(sex == 1 ? hoaMaleMid : hoaFemaleMid, unlike: given, &rng), given)
        case .cham:
            return (0, (sex == 1 ? chamMale : chamFemale).draw(&rng))
        case .kinh, .minority:
            if sex == 1 {
                if young {
                    let given = kinhMaleYoung.draw(&rng)
                    var mid = middle(kinhMaleMidYoung, unlike: given, &rng)
                    if mid != van, rng.chance(0.25) {
                        let first = secondMiddle.draw(&rng)
                        if first != given { mid = add2(first, mid) }
                    }
                    return (mid, given)
                }
                let given = kinhMaleOld.draw(&rng)
                return (middle(kinhMaleMidOld, unlike: given, &rng), given)
            }
            if young {
                let given = kinhFemaleYoung.draw(&rng)
                if let words = twoWords[given] {
                    if rng.chance(0.4) { return (0, given) }
                    if rng.chance(0.6) { return (thi, given) }
                    let mid = beforeTwoWords.draw(&rng)
                    return (words.contains(mid) ? thi : mid, given)
                }
                return (doubledThi(middle(kinhFemaleMidYoung, unlike: given, &rng), unlike: given, 0.35, &rng), given)
            }
            let given = kinhFemaleOld.draw(&rng)
            return (doubledThi(middle(kinhFemaleMidOld, unlike: given, &rng), unlike: given, 0.3, &rng), given)
        }
    }

    /// Thị, with the given chance doubled with a second middle name ("Thị Kim Anh"); other
    /// middle names as they are.
    private func doubledThi(_ mid: UInt16, unlike given: UInt16, _ chance: Double, _ rng: inout Xoshiro) -> UInt16 {
        guard mid == thi, rng.chance(chance) else { return mid }
        let k = afterThi.table.draw(&rng)
        return afterThi.items[k] == given ? mid : thiPairs[k]
    }

    /// A middle name other than the given name (no "Ngọc Ngọc"): a few draws, then Thị or
    /// Văn (which are not given names).
    private func middle(_ list: List, unlike given: UInt16, _ rng: inout Xoshiro) -> UInt16 {
        for _ in 0..<3 {
            let mid = list.draw(&rng)
            if mid != given { return mid }
        }
        return list.items.contains(thi) ? thi : van
    }

    /// Two middle names as one part ("Gia Minh"); known in advance so `parts` never grows
    /// after init (the book is shared read-only).
    private func add2(_ a: UInt16, _ b: UInt16) -> UInt16 {
        index[parts[Int(a)] + " " + parts[Int(b)]] ?? b
    }

    /// The full name as text.
    public func fullName(_ family: UInt16, _ middle: UInt16, _ given: UInt16) -> String {
        [family, middle, given].filter { $0 != 0 }.map { parts[Int($0)] }.joined(separator: " ")
    }

    /// Appends the full name's UTF-8 bytes.
    @inline(__always)
    func appendName(_ family: UInt16, _ middle: UInt16, _ given: UInt16, to out: inout [UInt8]) {
        out.append(contentsOf: bytes[Int(family)])
        if middle != 0 {
            out.append(0x20)
            out.append(contentsOf: bytes[Int(middle)])
        }
        if given != 0 {
            out.append(0x20)
            out.append(contentsOf: bytes[Int(given)])
        }
    }

    /// Registers every doubled middle name up front (see `add2`).
    func registerDoubledMiddles() {
        for a in secondMiddle.items {
            for b in kinhMaleMidYoung.items where parts[Int(b)] != "Văn" && a != b {
                add(parts[Int(a)] + " " + parts[Int(b)])
            }
        }
        thiPairs = afterThi.items.map { add("Thị " + parts[Int($0)]) }
    }
}
