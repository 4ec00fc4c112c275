import DansoDomain
import Testing
@testable import DansoLinkage

/// The matcher's fast paths give what the public comparisons give.
@Suite("Fast paths agree with the comparisons")
struct FastPathTests {
    static let names = [
        "Nguyễn Thị Lan", "Nguyen Thi Lan", "Nguyễn Lan", "Nguyễn Thị Lam", "Nguyễn Thị Hoa", "Ngyễn Thị Lan",
        "Lê Thị Hoà", "Lê Thị Hòa", "Trần Văn Hùng", "Trần Văn Hưng", "Trần Văn Hùnh", "Trần Văn Dũng", "Lê Văn Hùng",
        "Ysa", "", "  ", "Lâm 中文", "Lâm 中文x", "Lâm 中x文", "Sa Ly Mah", "Sa Ly Ma", "Thạch Thị Sa Rương",
        "Thạch Sa Rương", "Đặng Ánh", "Dang Anh", "Straße Thị Lan", "Strasse Thị Lan", "ÉÈ Lan",
    ]
    static let numbers: [String?] = [
        nil, "", "072090347459", "072090347458", "072090374459", "072090347495", "072090374458", "07209034745",
        "07209034745a", "0720903474591234567", "999999999999",
    ]
    static let keys: [String?] = [nil, "", "79001/1", "79001/2", "Ánh/1"]

    static func records(count: Int, seed: UInt64) -> [PersonRecord] {
        var rng = SplitMix64(seed: seed)
        // Now and then a value the compact records cannot hold.
        func maybe(_ values: [Int?], odd: [Int]) -> Int? { rng.chance(0.02) ? rng.pick(odd) : rng.pick(values) }
        return (0..<count).map { i in
            PersonRecord(id: Int64(i), fullName: rng.pick(names), sex: maybe([nil, 1, 2, 0], odd: [Int.max]),
                         birthYear: maybe([nil, 1990, 1991, 1992], odd: [Int.max, Int.min, Int(Int32.min)]),
                         birthMonth: maybe([nil, 3, 5, 12], odd: [1 << 40]), birthDay: maybe([nil, 3, 5, 12], odd: [-1 << 40]),
                         personalNumber: rng.pick(numbers), householdKey: rng.pick(keys),
                         communeCode: rng.pick(keys), motherKey: rng.pick(keys))
        }
    }

    @Test func compactComparisonEqualsComparisons() {
        let records = Self.records(count: 400, seed: 3)
        let names = records.map { NameForms($0.fullName) }
        let compact = CompactRecords(records, names: names)
        var unusual = 0, checked = 0
        CompactComparison.withTables(compact) { comparison in
            for a in records.indices {
                for b in records.indices where b > a && (a * 31 + b) % 7 == 0 {
                    let expected = Comparisons.packedCompare(records[a], records[b], names[a], names[b])
                    #expect(expected == Comparisons.compare(records[a], records[b]).packed)
                    if comparison.isUnusual(a, b) {
                        unusual += 1
                        continue
                    }
                    checked += 1
                    let got = comparison.packed(a, b)
                    #expect(got == expected, "\(records[a]) / \(records[b])")
                }
            }
        }
        #expect(checked > 5000)
        #expect(unusual > 0)   // huge values and letters in a number go the public way
    }

    @Test func everyNamePairAgrees() {
        let records = Self.names.enumerated().map { PersonRecord(id: Int64($0.offset), fullName: $0.element) }
        let names = records.map { NameForms($0.fullName) }
        let compact = CompactRecords(records, names: names)
        CompactComparison.withTables(compact) { comparison in
            for a in records.indices {
                for b in records.indices {
                    #expect(comparison.packed(a, b) & 0xFF == UInt64(Comparisons.nameLevel(names[a], names[b])),
                            "\(records[a].fullName) / \(records[b].fullName)")
                }
            }
        }
    }

    @Test func composedSkipsFoundationOnlyWhenTheTextIsNFC() {
        let pieces = ["Nguyễn", "Nguye\u{0302}\u{0303}n", "a\u{0301}", "Ω", "Å", "中", "ﬁ", " ", "Đ", "ǅ", "ĳ", "ẞ"]
        var rng = SplitMix64(seed: 17)
        for _ in 0..<2000 {
            let text = (0..<(1 + rng.below(4))).map { _ in rng.pick(pieces) }.joined()
            #expect(NameForms.composed(text).unicodeScalars.map(\.value) ==
                    VietnameseText.nfc(text).unicodeScalars.map(\.value), "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test func matcherWeightsEqualTheModelOnRandomRecords() {
        // Every pair the matcher keeps has the vector and weight of the public path.
        let records = Self.records(count: 300, seed: 9)
        let rule = BlockingRule(name: "all") { _, _ in "x" }
        let matcher = Matcher(model: .defaults, thresholds: MatchThresholds(link: 0, review: -1000), rules: [rule])
        let result = matcher.scoreAll(records)
        #expect(result.pairs.count == 300 * 299 / 2)
        let tf = TermFrequencyAdjustment(records: records)
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
        for pair in result.pairs {
            let v = Comparisons.compare(byID[pair.a]!, byID[pair.b]!)
            #expect(pair.vector == v)
            #expect(pair.score.weight == LinkageModel.defaults.weight(v, termFrequency: tf).weight)
        }
    }

    /// `withinOneEdit` answers `damerauLevenshtein(a, b, bound: 1) <= 1` on every pair of short
    /// texts over a small alphabet (where swaps, repeats and near misses are frequent).
    @Test func withinOneEditEqualsTheBoundedDistance() {
        let alphabet: [UInt8] = Array("abn ".utf8)
        var texts: [[UInt8]] = [[]]
        for length in 1...4 {
            var next: [[UInt8]] = [[]]
            for _ in 0..<length { next = next.flatMap { t in alphabet.map { t + [$0] } } }
            texts += next
        }
        var checked = 0
        for a in texts {
            for b in texts where abs(a.count - b.count) <= 2 {
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        let expected = StringDistance.damerauLevenshtein(pa, pb, bound: 1) <= 1
                        #expect(StringDistance.withinOneEdit(pa, pb) == expected, "\(a) \(b)")
                    }
                }
                checked += 1
            }
        }
        #expect(checked > 50_000)
        // On letters when a text is not ASCII.
        #expect(Comparisons.withinOneEdit("hằng", "ằng") && Comparisons.withinOneEdit("liễu", "liuễ"))
        #expect(Comparisons.withinOneEdit("hằng", "hnằg") && !Comparisons.withinOneEdit("hằng", "ngằh") && !Comparisons.withinOneEdit("nhung", "nhu"))
    }

    /// The family and middle names by id: equal ids, equal texts.
    /// The default rules' keys as they were first written, one string each.
    static func referenceKeys(_ r: PersonRecord, _ n: NameForms) -> [String?] {
        let sep = "\u{1F}"
        func inArea(_ key: String) -> String { r.area.map { $0.isEmpty ? key : $0 + sep + key } ?? key }
        let yfg: String? = r.birthYear.flatMap { y in
            n.given.isEmpty || n.family.isEmpty ? nil : String(y) + sep + n.family + sep + n.given
        }
        let date: (Int, Int, Int)? = r.birthYear.flatMap { y in r.birthMonth.flatMap { m in r.birthDay.map { (y, m, $0) } } }
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        return [
            nonEmpty(r.personalNumber),
            date.flatMap { d in n.given.isEmpty ? nil : inArea("\(d.0)-\(min(d.1, d.2))-\(max(d.1, d.2))" + sep + n.given) },
            nonEmpty(r.communeCode).flatMap { c in yfg.map { $0 + sep + c } },
            date.flatMap { d in n.familyAndMiddle.isEmpty ? nil : inArea("\(d.0)-\(d.1)-\(d.2)" + sep + n.familyAndMiddle) },
            nonEmpty(r.motherKey).flatMap { m in r.birthYear.map { m + sep + String($0) } },
            nonEmpty(r.householdKey).flatMap { h in n.given.isEmpty ? nil : h + sep + n.given },
            nonEmpty(r.householdKey).flatMap { h in r.birthYear.map { h + sep + String($0) } },
            yfg.map(inArea),
        ]
    }

    @Test func rulesWritingTheirKeysPartByPartGiveTheKeysAsFirstWritten() {
        var rng = SplitMix64(seed: 29)
        let records = Self.records(count: 3000, seed: 5).map { r -> PersonRecord in
            var r = r
            r.area = rng.pick([nil, "", "72", "80"])
            return r
        }
        #expect(BlockingRule.defaults.count == 8)
        var keyed = 0
        for r in records {
            let names = NameForms(r.fullName)
            for (rule, expected) in zip(BlockingRule.defaults, Self.referenceKeys(r, names)) {
                #expect(rule.key(r, names) == expected, "\(rule.name): \(r)")
                #expect(rule.hashedKey(r, names) == expected.map { Int64(bitPattern: StableHash.of($0)) }, "\(rule.name)")
                if expected != nil { keyed += 1 }
            }
        }
        #expect(keyed > 6000)
    }

    @Test func nameTokensAreTheFoldedNameSplitOnSpaces() {
        let pieces = ["nguyen", "thi", " ", "  ", "lan", "đặng", "a", "中"]
        var rng = SplitMix64(seed: 41)
        for _ in 0..<3000 {
            let folded = (0..<rng.below(6)).map { _ in rng.pick(pieces) }.joined()
            let names = NameForms(nfc: folded, toned: folded, folded: folded)
            let parts = folded.split(separator: " ").map(String.init)
            #expect(names.given == (parts.last ?? ""), "\(folded)")
            #expect(names.family == (parts.count > 1 ? parts[0] : ""), "\(folded)")
            #expect(names.middle == (parts.count > 2 ? Array(parts[1..<(parts.count - 1)]) : []), "\(folded)")
            #expect(names.foldedIsASCII == folded.utf8.allSatisfy { $0 < 0x80 })
            #expect(names.hasFamilyAndMiddle == !names.familyAndMiddle.isEmpty, "\(folded)")
        }
    }

    @Test func familyAndMiddleIsInterned() {
        let names = ["Nguyễn Văn Hùng", "NGUYEN VAN Dũng", "Nguyễn Hùng", "Hùng", "Trần Thị Mỹ Yên"].map(NameForms.init)
        let people = names.indices.map { PersonRecord(id: Int64($0), fullName: "x") }
        let compact = CompactRecords(people, names: names)
        #expect(compact.records[0].familyAndMiddle == compact.records[1].familyAndMiddle)
        #expect(compact.records[0].familyAndMiddle != compact.records[2].familyAndMiddle)
        #expect(compact.records[3].familyAndMiddle == -1)
        #expect(names.map(\.familyAndMiddle) == ["nguyen van", "nguyen van", "nguyen", "", "tran thi my"])
    }
}
