import Foundation
import Testing
import DansoLinkage

@Suite("Link consistency")
struct LinkConsistencyTests {
    typealias Pair = LinkConsistency.Pair

    func resolve(_ links: [(Int, Int, Double)], mayLink: @escaping (Int, Int) -> Bool = { _, _ in true },
                 _ weights: [Pair: Double]) -> LinkConsistency.Changes {
        LinkConsistency.resolve(links: links.map { (pair: Pair($0.0, $0.1), weight: $0.2) }, mayLink: mayLink) { a, b in
            weights[Pair(a, b)] ?? -100
        }
    }

    @Test func pairsAreOrdered() {
        #expect(Pair(5, 2) == Pair(2, 5))
        #expect(Pair(5, 2).a == 2 && Pair(5, 2).b == 5)
        #expect(Pair(1, 9) < Pair(2, 3) && Pair(2, 3) < Pair(2, 4))
    }

    @Test func twoPeopleCannotShareARecord() {
        // Record 0 (no number) is linked to 1 (+10) and to 2 (+3); 1 and 2 have two personal
        // numbers (−20): the weaker link, 0–2, goes to review; nothing is added.
        let changes = resolve([(0, 1, 10), (0, 2, 3)], [Pair(1, 2): -20])
        #expect(changes.demoted == [Pair(0, 2)])
        #expect(changes.added.isEmpty)
    }

    @Test func aPersonListedThreeTimesIsLinkedThroughout() {
        // 1 and 2 share less with each other (−3: above the conflict weight) than with 0.
        let changes = resolve([(0, 1, 10), (2, 0, 3)], [Pair(1, 2): -3])
        #expect(changes.demoted.isEmpty)
        #expect(changes.added == [Pair(1, 2)])
        #expect(changes.addedWeights == [-3])
        // Exactly at the conflict weight: still one person; below it, two.
        #expect(resolve([(0, 1, 10), (0, 2, 3)], [Pair(1, 2): LinkConsistency.conflictWeight]).added == [Pair(1, 2)])
        #expect(resolve([(0, 1, 10), (0, 2, 3)], [Pair(1, 2): LinkConsistency.conflictWeight - 0.01]).demoted == [Pair(0, 2)])
    }

    @Test func linkedTrianglesAndLonePairsStay() {
        let closed = resolve([(0, 1, 10), (0, 2, 3), (1, 2, 1)], [:])
        #expect(closed.demoted.isEmpty && closed.added.isEmpty)
        let lone = resolve([(0, 1, 10), (2, 3, 3)], [:])
        #expect(lone.demoted.isEmpty && lone.added.isEmpty)
    }

    @Test func tiesGoByIndexAndTheOutcomeIsTheSameInAnyOrder() {
        // Two links of the same weight: the one to the higher index is the weaker.
        let links = [(0, 2, 5.0), (0, 1, 5.0)]
        #expect(resolve(links, [Pair(1, 2): -20]).demoted == [Pair(0, 2)])
        #expect(resolve(links.reversed(), [Pair(1, 2): -20]).demoted == [Pair(0, 2)])
    }

    @Test func aDemotedLinkClosesNothing() {
        // 0–2 is demoted (1 and 2 are two people); 1 is also linked to 3, and 0 and 3 are
        // close (−2): 0–3 is added, but no pair through 0–2.
        let weights: [Pair: Double] = [Pair(1, 2): -20, Pair(0, 3): -2, Pair(2, 3): -1]
        let changes = resolve([(0, 1, 10), (0, 2, 3), (1, 3, 9)], weights)
        #expect(changes.demoted == [Pair(0, 2)])
        #expect(changes.added == [Pair(0, 3)])
        // A demoted pair is not linked again through a third record.
        let again = resolve([(0, 1, 10), (0, 2, 3), (1, 2, 2), (0, 3, 8), (2, 3, 1)],
                            [Pair(1, 3): -30])
        #expect(!again.added.contains { again.demoted.contains($0) })
    }

    @Test func pairsThatMayNotBeMadeAreNotAdded() {
        // Linking new records (below 10) to existing ones: two existing records are not paired.
        let changes = resolve([(0, 11, 10), (0, 12, 3)], mayLink: { ($0 < 10) != ($1 < 10) }, [Pair(11, 12): -1])
        #expect(changes.added.isEmpty && changes.demoted.isEmpty)
    }

    // MARK: in the matcher

    /// A woman (1) whose record in another commune lacks her number (2), and a namesake born
    /// eleven days earlier in a third commune with a number of her own (3). `roundModel`
    /// without term frequency, mother unknown everywhere:
    /// - 1–2: −10 + name 10 + one number missing −2 + birth date 12 + sex 1 + household −1 +
    ///   commune −2 = +8;
    /// - 2–3: −10 + 10 − 2 + year and month 4 + 1 − 1 − 2 = 0;
    /// - 1–3: the same, with two numbers `different` (−2) instead of one missing: 0.
    static let people = [
        PersonRecord(id: 1, fullName: "Trần Thị Mỹ Yên", sex: 2, birthYear: 1956, birthMonth: 8, birthDay: 31,
                     personalNumber: "072156000111", householdKey: "A/1", communeCode: "A"),
        PersonRecord(id: 2, fullName: "Trần Thị Mỹ Yên", sex: 2, birthYear: 1956, birthMonth: 8, birthDay: 31,
                     householdKey: "B/7", communeCode: "B"),
        PersonRecord(id: 3, fullName: "Trần Thị Mỹ Yên", sex: 2, birthYear: 1956, birthMonth: 8, birthDay: 20,
                     personalNumber: "072156999888", householdKey: "C/3", communeCode: "C"),
    ]

    /// Blocking on the name and the birth year, so that the namesake in a third commune is
    /// compared (the default rules leave two full dates in two communes apart).
    static let nameAndYear = [BlockingRule(name: "name+birth_year") { record, names in
        record.birthYear.map { "\($0) \(names.folded)" }
    }]

    func weight(_ model: LinkageModel, _ a: PersonRecord, _ b: PersonRecord) -> Double {
        model.weight(Comparisons.compare(a, b)).weight
    }

    @Test func theMatcherSendsTheWeakerOfTwoConflictingLinksToReview() throws {
        #expect(abs(weight(roundModel, Self.people[0], Self.people[1]) - 8) < 1e-9)
        #expect(abs(weight(roundModel, Self.people[1], Self.people[2]) - 0) < 1e-9)
        #expect(abs(weight(roundModel, Self.people[0], Self.people[2]) - 0) < 1e-9)
        // All three pairs reach the link threshold (0): a closed triangle, nothing to settle.
        let all = Matcher(model: roundModel, thresholds: .defaults, rules: Self.nameAndYear, useTermFrequency: false)
            .scoreAll(Self.people)
        #expect(all.links.count == 3)
        #expect(all.pairs.allSatisfy { $0.rule == nil })

        // Two different numbers weighing −30 (m = u / 2³⁰): 1–3 = −28, two people. Record 2
        // cannot be both; its weaker link (to 3, 0 against +8) goes to review.
        var strict = roundModel
        let different = Int(PersonalNumberLevel.different.rawValue)
        strict.m[.personalNumber]![different] = strict.u[.personalNumber]![different] / Double(1 << 30)
        #expect(abs(weight(strict, Self.people[0], Self.people[2]) - -28) < 1e-9)
        let settled = Matcher(model: strict, thresholds: .defaults, rules: Self.nameAndYear, useTermFrequency: false)
            .scoreAll(Self.people)
        #expect(settled.links.map { [$0.a, $0.b] } == [[1, 2]])
        let review = try #require(settled.pairs.first { $0.a == 2 && $0.b == 3 })
        #expect(review.decision == .review && review.rule == LinkConsistency.conflictNote)
        #expect(abs(review.score.weight - 0) < 1e-9)   // the weight is unchanged, only the decision
        // Without the step, both links stand.
        let unsettled = Matcher(model: strict, thresholds: .defaults, rules: Self.nameAndYear, useTermFrequency: false,
                                resolvesConflicts: false)
            .scoreAll(Self.people)
        #expect(unsettled.links.count == 2)
    }

    @Test func theMatcherLinksAThirdRecordThroughTheOthers() throws {
        // 3 is now the woman again, in her own household with a partial date and a slip in
        // her given name (`similar`, +5):
        // - 1–3: −10 + 5 − 2 (one number missing) + 1 (year only) + 1 + 8 + 3 = +6, linked;
        // - 2–3: −10 + 5 + 2 (both missing) + 1 + 1 − 1 − 2 = −4, below review, but 2 and 3
        //   are both linked to 1 and not two people (−4 ≥ −8): linked through 1.
        var people = Self.people
        people[2] = PersonRecord(id: 3, fullName: "Trần Thị Mỹ Yêl", sex: 2, birthYear: 1956,
                                 householdKey: "A/1", communeCode: "A")
        #expect(abs(weight(roundModel, people[0], people[2]) - 6) < 1e-9)
        #expect(abs(weight(roundModel, people[1], people[2]) - -4) < 1e-9)
        let result = Matcher(model: roundModel, thresholds: .defaults, useTermFrequency: false).scoreAll(people)
        let closed = try #require(result.pairs.first { $0.a == 2 && $0.b == 3 })
        #expect(closed.decision == .link && closed.rule == LinkConsistency.transitiveNote)
        #expect(abs(closed.score.weight - -4) < 1e-9)
        #expect(result.links.count == 3)
        #expect(result.pairs.filter { $0.rule == nil }.allSatisfy { $0.decision == MatchThresholds.defaults.decide($0.score.weight) })
    }
}
