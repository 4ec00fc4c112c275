import DansoDomain
import Testing
import DansoLinkage

@Suite("Matcher")
struct MatcherTests {
    static let matcher = Matcher(model: .defaults, thresholds: .defaults)

    /// A household: mother, her twins, a son entered twice (a typo), and a stranger of the
    /// same name and year in another commune.
    static let family: [PersonRecord] = [
        PersonRecord(id: 101, fullName: "Lê Thị Hạnh", sex: 2, birthYear: 1988, birthMonth: 7, birthDay: 7,
                     personalNumber: "072188000123", householdKey: "79001/0012", communeCode: "79001"),
        PersonRecord(id: 102, fullName: "Nguyễn Minh Khang", sex: 1, birthYear: 2016, birthMonth: 4, birthDay: 3,
                     householdKey: "79001/0012", communeCode: "79001", motherKey: "101"),
        PersonRecord(id: 103, fullName: "Nguyễn Minh Khôi", sex: 1, birthYear: 2016, birthMonth: 4, birthDay: 3,
                     householdKey: "79001/0012", communeCode: "79001", motherKey: "101"),
        PersonRecord(id: 104, fullName: "Nguyễn Văn Hùng", sex: 1, birthYear: 2012, birthMonth: 6, birthDay: 20,
                     householdKey: "79001/0012", communeCode: "79001", motherKey: "101"),
        PersonRecord(id: 105, fullName: "NGUYEN VAN HUNH", sex: 1, birthYear: 2012, birthMonth: 6, birthDay: 20,
                     householdKey: "79001/0012", communeCode: "79001", motherKey: "101"),
        PersonRecord(id: 106, fullName: "Lê Thị Hạnh", sex: 2, birthYear: 1988, birthMonth: 1, birthDay: 30,
                     householdKey: "79017/0444", communeCode: "79017"),
    ]

    @Test func findsTheDuplicateAndHoldsTwinsApart() throws {
        let result = Self.matcher.scoreAll(Self.family)
        let links = result.links.map { [$0.a, $0.b] }
        #expect(links == [[104, 105]])
        #expect(result.reviews.isEmpty)   // the twins 102 and 103: TwinRule
        #expect(result.skippedBlocks == 0)
        // The twins and the son's two records; not the namesake in another commune, whose
        // birth date is full and different (BlockingRule.birthYearFamilyGivenCommune).
        #expect(result.compared == 2)
        let link = try #require(result.links.first)
        #expect(link.vector.levelName(.name) == "similar")
        #expect(link.score.explanation.first { $0.field == .mother }?.level == "equal")
        #expect(link.score.weight >= MatchThresholds.defaults.link)
        #expect(result.pairs.allSatisfy { $0.score.weight >= MatchThresholds.defaults.review })
    }

    @Test func twinRuleExplainsItself() throws {
        let twins = Comparisons.compare(Self.family[1], Self.family[2])
        let score = LinkageModel.defaults.weight(twins)
        let name = try #require(score.explanation.first { $0.field == .name })
        #expect(name.rule == TwinRule.note)
        #expect(name.weight == LinkageModel.defaults.levelWeight(.name, level: twins[.name]) + TwinRule.weight)
        #expect(score.weight < MatchThresholds.defaults.review)
        // Born a month apart, or in two households without a mother listed: not twins.
        var other = Self.family[2]
        other.birthMonth = 5
        #expect(LinkageModel.defaults.weight(Comparisons.compare(Self.family[1], other)).explanation.allSatisfy { $0.rule == nil })
        other = Self.family[2]
        (other.householdKey, other.motherKey) = ("79001/0099", nil)
        #expect(LinkageModel.defaults.weight(Comparisons.compare(Self.family[1], other)).explanation.allSatisfy { $0.rule == nil })
        // A personal number known on both sides and equal: one person renamed, not twins.
        var a = Self.family[1], b = Self.family[2]
        (a.personalNumber, b.personalNumber) = ("072216000111", "072216000111")
        #expect(LinkageModel.defaults.weight(Comparisons.compare(a, b)).explanation.allSatisfy { $0.rule == nil })
    }

    @Test func scoresEqualTheModelsWeight() {
        let records = Self.family
        let result = Self.matcher.scoreAll(records)
        let tf = TermFrequencyAdjustment(records: records)
        for pair in result.pairs {
            let a = records.first { $0.id == pair.a }!, b = records.first { $0.id == pair.b }!
            let v = Comparisons.compare(a, b)
            #expect(v == pair.vector)
            #expect(Self.matcher.model.weight(v, termFrequency: tf).weight == pair.score.weight)
            #expect(pair.decision == MatchThresholds.defaults.decide(pair.score.weight))
        }
        // Without the term-frequency adjustment, the plain model weight.
        let plain = Matcher(model: .defaults, thresholds: .defaults, useTermFrequency: false).scoreAll(records)
        for pair in plain.pairs {
            let a = records.first { $0.id == pair.a }!, b = records.first { $0.id == pair.b }!
            #expect(LinkageModel.defaults.weight(Comparisons.compare(a, b)).weight == pair.score.weight)
        }
    }

    @Test func linksNewRecordsToExistingOnes() throws {
        let existing = Self.family
        // A slip about the son (tones lost, the personal number unknown) and a newborn.
        let new = [
            PersonRecord(id: 9001, fullName: "Nguyen Van Hung", sex: 1, birthYear: 2012, birthMonth: 6, birthDay: 20,
                         householdKey: "79001/0012", communeCode: "79001", motherKey: "101"),
            PersonRecord(id: 9002, fullName: "Nguyễn Thị Mai", sex: 2, birthYear: 2024, birthMonth: 2, birthDay: 1,
                         householdKey: "79001/0012", communeCode: "79001", motherKey: "101"),
        ]
        let result = Self.matcher.score(new: new, against: existing)
        #expect(result.links.map { [$0.a, $0.b] }.sorted { $0[1] < $1[1] } == [[9001, 104], [9001, 105]])
        #expect(!result.pairs.contains { $0.a == 9002 })
        #expect(result.pairs.allSatisfy { $0.a >= 9000 && $0.b < 9000 })   // never within one set
    }

    @Test func emptyInputs() {
        #expect(Self.matcher.scoreAll([]).pairs.isEmpty)
        #expect(Self.matcher.scoreAll([Self.family[0]]).compared == 0)
        #expect(Self.matcher.score(new: [], against: Self.family).pairs.isEmpty)
        #expect(Self.matcher.score(new: Self.family, against: []).compared == 0)
    }

    @Test func syntheticProvinceIsDeduplicatedDeterministically() {
        var province = SyntheticProvince(seed: 31)
        province.addPeople(6000)
        var rng = SplitMix64(seed: 4)
        for _ in 0..<300 { province.addDuplicate(of: rng.below(6000)) }
        let records = province.records
        let result = Self.matcher.scoreAll(records)
        let again = Self.matcher.scoreAll(records)
        #expect(result.pairs.map { [$0.a, $0.b] } == again.pairs.map { [$0.a, $0.b] })
        #expect(result.pairs.map(\.score.weight) == again.pairs.map(\.score.weight))
        #expect(result.compared == again.compared)

        let truth = Set(province.truePairs.map { [records[$0.0].id, records[$0.1].id] })
        let links = result.links.map { [$0.a, $0.b] }
        let found = links.filter { truth.contains($0) }.count
        let wrong = links.count - found
        let recall = Double(found) / Double(truth.count)
        let foundOrReview = result.pairs.filter { truth.contains([$0.a, $0.b]) }.count
        #expect(recall > 0.75, "recall \(recall)")
        #expect(Double(foundOrReview) / Double(truth.count) > 0.85)
        #expect(Double(wrong) < 0.05 * Double(links.count), "\(wrong) wrong links of \(links.count)")
    }
}
