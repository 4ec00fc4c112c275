import Testing
import DansoLinkage

@Suite("Blocking")
struct BlockingTests {
    static func record(_ id: Int64, _ name: String, _ y: Int?, _ m: Int? = nil, _ d: Int? = nil, number: String? = nil,
                       household: String? = nil, mother: String? = nil) -> PersonRecord {
        PersonRecord(id: id, fullName: name, sex: 1, birthYear: y, birthMonth: m, birthDay: d, personalNumber: number,
                     householdKey: household, communeCode: nil, motherKey: mother)
    }

    static func pairs(_ records: [PersonRecord], _ rules: [BlockingRule], cap: Int = 500) -> Set<[Int32]> {
        Set(CandidatePairs.generate(records, rules: rules, maxBlockSize: cap).pairs.map { [$0.0, $0.1] })
    }

    @Test func eachDefaultRuleMakesItsPairs() {
        let records = [
            Self.record(1, "Nguyễn Văn An", 1990, 1, 2, number: "072090000001", household: "h1"),
            Self.record(2, "Trần Văn Bình", 1975, 5, 5, number: "072090000001", household: "h2"),   // 0–1: number
            Self.record(3, "Lê Hữu Cường", 1980, 3, 4, household: "h3"),
            Self.record(4, "Phạm Cường", 1980, 3, 4, household: "h4"),                               // 2–3: date + given
            Self.record(5, "Võ Thị Dung", 1950, household: "h5"),
            Self.record(6, "VO THI DUNG", 1950, 8, 8, household: "h6"),                             // 4–5: year + family + given
            Self.record(7, "Đỗ Văn Em", 2015, 1, 1, household: "h7", mother: "m1"),
            Self.record(8, "Đỗ Văn Êm", 2015, 9, 9, household: "h8", mother: "m1"),                 // 6–7: mother + year
            Self.record(9, "Ngô Văn Giang", 1960, household: "h9"),
            Self.record(10, "Ngô Giang", 1961, household: "h9"),                                     // 8–9: household + given
            Self.record(11, "Hồ Văn Hải", 1970, household: "h10"),
            Self.record(12, "Hồ Văn Hảii", 1970, household: "h10"),                                 // 10–11: household + year
            Self.record(13, "Trần Thị Mỹ Yên", 1956, 8, 31, household: "h11"),
            Self.record(14, "Trần Thị Mỹ Yêl", 1956, 8, 31, household: "h12"),                      // 12–13: date + family + middle
        ]
        let all = Self.pairs(records, BlockingRule.defaults)
        #expect(all == [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 11], [12, 13]])
        // Each rule alone makes its own pair.
        let expected: [(BlockingRule, [Int32])] = [
            (.personalNumber, [0, 1]), (.birthDateGiven, [2, 3]), (.birthYearFamilyGiven, [4, 5]),
            (.motherBirthYear, [6, 7]), (.householdGiven, [8, 9]), (.householdBirthYear, [10, 11]),
            (.birthDateFamilyMiddle, [12, 13]),
        ]
        for (rule, pair) in expected {
            #expect(Self.pairs(records, [rule]).contains(pair), "\(rule.name)")
        }
    }

    @Test func birthDateFamilyMiddleNeedsAFullDateAndTwoWords() {
        let rule = BlockingRule.birthDateFamilyMiddle
        let key = { (r: PersonRecord) in rule.key(r, NameForms(r.fullName)) }
        #expect(key(Self.record(1, "Trần Thị Mỹ Yên", 1956, 8, 31)) == "1956-8-31\u{1F}tran thi my")
        #expect(key(Self.record(2, "TRAN THI MY YEL", 1956, 8, 31)) == "1956-8-31\u{1F}tran thi my")
        #expect(key(Self.record(3, "Trần Thị Mỹ Yên", 1956, 8)) == nil)     // no day
        #expect(key(Self.record(4, "Yên", 1956, 8, 31)) == nil)             // one word: no family name
        #expect(key(Self.record(5, "Trần Yên", 1956, 8, 31)) == "1956-8-31\u{1F}tran")
    }

    @Test func pairsAreMadeOnceWithTheSmallerIndexFirst() {
        // Twins: equal by mother + year, household + year, and (with equal names) more.
        let records = (0..<4).map { i in
            Self.record(Int64(i), "Lâm Văn Tú", 2018, 2, 2, household: "h1", mother: "m")
        }
        let result = CandidatePairs.generate(records, rules: BlockingRule.defaults)
        #expect(result.pairs.count == 6)
        #expect(result.compared == 6)
        #expect(result.pairs.allSatisfy { $0.0 < $0.1 })
        #expect(Set(result.pairs.map { [$0.0, $0.1] }).count == 6)
    }

    @Test func largeBlocksAreSkippedAndCounted() {
        let everyone = BlockingRule(name: "everyone") { _, _ in "x" }
        let byYear = BlockingRule(name: "year") { record, _ in record.birthYear.map(String.init) }
        let records = (0..<10).map { Self.record(Int64($0), "Người \($0)", $0 < 2 ? 1990 : 2000 + $0) }
        let capped = CandidatePairs.generate(records, rules: [everyone], maxBlockSize: 5)
        #expect(capped.pairs.isEmpty)
        #expect(capped.skippedBlocks == 1)
        // A pair in a skipped block is still made by a later rule.
        let both = CandidatePairs.generate(records, rules: [everyone, byYear], maxBlockSize: 5)
        #expect(both.pairs.map { [$0.0, $0.1] } == [[0, 1]])
        #expect(both.skippedBlocks == 1)
        // Under the cap, the block is kept and the later rule adds nothing new.
        let uncapped = CandidatePairs.generate(records, rules: [everyone, byYear], maxBlockSize: 10)
        #expect(uncapped.pairs.count == 45)
        #expect(uncapped.skippedBlocks == 0)
    }

    @Test func missingKeysMakeNoPairs() {
        let records = [Self.record(1, "Lý Văn A", nil), Self.record(2, "Lý Văn A", nil)]
        // No number, no year, no household, no mother: no default rule applies.
        #expect(CandidatePairs.generate(records, rules: BlockingRule.defaults).pairs.isEmpty)
    }

    @Test func linkingTwoSets() {
        let existing = [
            Self.record(10, "Nguyễn Văn An", 1990, 1, 2, household: "h1"),
            Self.record(11, "Nguyễn Văn An", 1990, 1, 2, household: "h2"),   // a duplicate among existing
            Self.record(12, "Trần Thị Bé", 2001, 4, 4, household: "h3"),
        ]
        let new = [
            Self.record(20, "Nguyen Van An", 1990, 1, 2),
            Self.record(21, "Trần Thị Bé", 2001, 4, 4),
            Self.record(22, "Trần Thị Bé", 2001, 4, 4),                      // a duplicate among new
        ]
        let result = CandidatePairs.generate(new: new, existing: existing, rules: BlockingRule.defaults)
        let pairs = Set(result.pairs.map { [$0.0, $0.1] })
        #expect(pairs == [[0, 0], [0, 1], [1, 2], [2, 2]])   // (new, existing), never within a set
        #expect(result.compared == 4)
    }

    @Test func linkingCapsTheWorkOfABlock() {
        let everyone = BlockingRule(name: "everyone") { _, _ in "x" }
        let existing = (0..<20).map { Self.record(Int64($0), "A \($0)", 1990) }
        let one = [Self.record(100, "B", 1990)]
        // 1 × 20 pairs: less than a full block of 10 (45 pairs), so kept.
        #expect(CandidatePairs.generate(new: one, existing: existing, rules: [everyone], maxBlockSize: 10).pairs.count == 20)
        let three = (0..<3).map { Self.record(Int64(100 + $0), "B", 1990) }
        let skipped = CandidatePairs.generate(new: three, existing: existing, rules: [everyone], maxBlockSize: 10)
        #expect(skipped.pairs.isEmpty)   // 60 pairs > 45
        #expect(skipped.skippedBlocks == 1)
    }
}
