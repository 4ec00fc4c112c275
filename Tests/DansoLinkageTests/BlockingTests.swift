import Testing
import DansoLinkage

@Suite("Blocking")
struct BlockingTests {
    static func record(_ id: Int64, _ name: String, _ y: Int?, _ m: Int? = nil, _ d: Int? = nil, number: String? = nil,
                       household: String? = nil, commune: String? = nil, mother: String? = nil) -> PersonRecord {
        PersonRecord(id: id, fullName: name, sex: 1, birthYear: y, birthMonth: m, birthDay: d, personalNumber: number,
                     householdKey: household, communeCode: commune, motherKey: mother)
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
            Self.record(6, "VO THI DUNG", 1950, 8, 8, household: "h6"),                             // 4–5: partial date
            Self.record(7, "Đỗ Văn Em", 2015, 1, 1, household: "h7", mother: "m1"),
            Self.record(8, "Đỗ Văn Êm", 2015, 9, 9, household: "h8", mother: "m1"),                 // 6–7: mother + year
            Self.record(9, "Ngô Văn Giang", 1960, household: "h9"),
            Self.record(10, "Ngô Giang", 1961, household: "h9"),                                     // 8–9: household + given
            Self.record(11, "Hồ Văn Hải", 1970, household: "h10"),
            Self.record(12, "Hồ Văn Hảii", 1970, household: "h10"),                                 // 10–11: household + year
            Self.record(13, "Trần Thị Mỹ Yên", 1956, 8, 31, household: "h11"),
            Self.record(14, "Trần Thị Mỹ Yêl", 1956, 8, 31, household: "h12"),                      // 12–13: date + family + middle
            Self.record(15, "Mai Văn Khoa", 1988, 4, 5, household: "h13", commune: "25459"),
            Self.record(16, "Mai Văn Khoa", 1988, 4, 15, household: "h14", commune: "25459"),       // 14–15: year + names + commune
            Self.record(17, "Lưu Thị Lan", 1999, 3, 11, household: "h15", commune: "25459"),
            Self.record(18, "Đào Lan", 1999, 11, 3, household: "h16", commune: "25480"),             // 16–17: date, day and month swapped
        ]
        let all = Self.pairs(records, BlockingRule.defaults)
        #expect(all == [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 11], [12, 13], [14, 15], [16, 17]])
        // Each rule alone makes its own pair.
        let expected: [(BlockingRule, [Int32])] = [
            (.personalNumber, [0, 1]), (.birthDateGiven, [2, 3]), (.partialBirthDate, [4, 5]),
            (.motherBirthYear, [6, 7]), (.householdGiven, [8, 9]), (.householdBirthYear, [10, 11]),
            (.birthDateFamilyMiddle, [12, 13]), (.birthYearFamilyGivenCommune, [14, 15]), (.birthDateGiven, [16, 17]),
        ]
        for (rule, pair) in expected {
            #expect(Self.pairs(records, [rule]).contains(pair), "\(rule.name)")
        }
    }

    @Test func aPartialDatePairsAcrossCommunesButTwoFullDatesDoNot() {
        // One name and year in three communes: the commune rule pairs none of them, the
        // partial-date rule pairs the year-only record with each of the others, not the
        // two with full dates (a 1990 Nguyễn Văn Anh in every commune of the province).
        let records = [
            Self.record(1, "Nguyễn Văn Anh", 1990, 2, 3, household: "h1", commune: "25459"),
            Self.record(2, "Nguyễn Văn Anh", 1990, 7, 21, household: "h2", commune: "25480"),
            Self.record(3, "Nguyễn Văn Anh", 1990, household: "h3", commune: "25501"),
        ]
        #expect(Self.pairs(records, BlockingRule.defaults) == [[0, 2], [1, 2]])
        #expect(Self.pairs(Array(records.prefix(2)), BlockingRule.defaults).isEmpty)
        // Linking, the pairs need a new record and an anchor: a new full date meets an
        // existing year-only record, not an existing full date.
        let linked = CandidatePairs.generate(new: [records[0]], existing: [records[1], records[2]], rules: BlockingRule.defaults)
        #expect(linked.pairs.map { [$0.0, $0.1] } == [[0, 1]])
    }

    @Test func keysAcrossCommunesStayInTheirAreaAndPersonalNumbersDoNot() {
        // The same person listed in two provinces: each cross-commune rule pairs the two
        // records within one area and not across two; an equal personal number pairs them anywhere.
        func inArea(_ r: PersonRecord, _ area: String?) -> PersonRecord { var r = r; r.area = area; return r }
        let cases: [(BlockingRule, PersonRecord, PersonRecord)] = [
            (.birthDateGiven, Self.record(1, "Lê Hữu Cường", 1980, 3, 4, commune: "25459"),
             Self.record(2, "Phạm Cường", 1980, 4, 3, commune: "27700")),
            (.birthDateFamilyMiddle, Self.record(1, "Trần Thị Mỹ Yên", 1956, 8, 31, commune: "25459"),
             Self.record(2, "Trần Thị Mỹ Yêl", 1956, 8, 31, commune: "27700")),
            (.partialBirthDate, Self.record(1, "Võ Thị Dung", 1950, commune: "25459"),
             Self.record(2, "Võ Thị Dung", 1950, 8, 8, commune: "27700")),
            (.personalNumber, Self.record(1, "Trần Văn Bình", 1975, 5, 5, number: "072075000001", commune: "25459"),
             Self.record(2, "Trần Văn Bình", 1975, 5, 5, number: "072075000001", commune: "27700")),
        ]
        for (rule, a, b) in cases {
            #expect(Self.pairs([inArea(a, "80"), inArea(b, "80")], [rule]) == [[0, 1]], "\(rule.name), one area")
            #expect(Self.pairs([a, b], [rule]) == [[0, 1]], "\(rule.name), no area")
            let apart = Self.pairs([inArea(a, "80"), inArea(b, "79")], [rule])
            #expect(apart == (rule.name == BlockingRule.personalNumber.name ? [[0, 1]] : []), "\(rule.name), two areas")
        }
    }

    @Test func anAnchoredBlockIsCappedByItsAnchoredPairs() {
        // 30 full dates and one year-only record: 30 anchored pairs, under a full block of
        // 10 (45 pairs), though the block holds 31 records.
        let full = (1...30).map { Self.record(Int64($0), "Lê Văn Tâm", 1970, 1 + $0 % 12, 1 + $0 % 28, commune: "c\($0)") }
        let records = full + [Self.record(99, "Lê Văn Tâm", 1970)]
        let result = CandidatePairs.generate(records, rules: [.partialBirthDate], maxBlockSize: 10)
        #expect(result.pairs.count == 30)
        #expect(result.pairs.allSatisfy { $0.1 == 30 })
        #expect(result.skippedBlocks == 0)
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
