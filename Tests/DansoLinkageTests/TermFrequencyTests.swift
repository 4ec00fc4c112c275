import Foundation
import Testing
import DansoLinkage

@Suite("Term frequency")
struct TermFrequencyTests {
    /// Given names: lan 4, hung 2, man 1, nam 1; family names: nguyen 4, le 2, tran 1, quach 1.
    static let records = [
        "Nguyễn Thị Lan", "Nguyễn Văn Hùng", "Nguyễn Thị Lan", "Trần Thị Lan",
        "Quách Thị Mẫn", "Lê Văn Hùng", "Nguyễn Văn Nam", "Lê Thị Lan",
    ].enumerated().map { PersonRecord(id: Int64($0.offset + 1), fullName: $0.element) }

    @Test func frequencies() {
        let tf = TermFrequencyAdjustment(records: Self.records)
        #expect(tf.givenTotal == 8 && tf.familyTotal == 8)
        #expect(tf.frequency(ofGiven: "lan") == 0.5)
        #expect(tf.frequency(ofGiven: "Lan") == 0.5)         // folded before the look-up
        #expect(tf.frequency(ofGiven: "Hùng") == 0.25)
        #expect(tf.frequency(ofFamily: "NGUYỄN") == 0.5)
        #expect(tf.frequency(ofFamily: "quach") == 0.125)
        #expect(tf.frequency(ofGiven: "Khang") == 0)
        // Σ p(given)² = .25 + .0625 + .015625 + .015625 = .34375, the same for family names.
        #expect(abs(tf.reference - 0.34375 * 0.34375) < 1e-12)
        #expect(abs(tf.floor - 0.34375 * 0.34375 / 16) < 1e-12)
    }

    @Test func countsFromElsewhereGiveTheSameTable() {
        // As a database would count them: names as written, folded here.
        let tf = TermFrequencyAdjustment(givenCounts: ["Lan": 3, "lan": 1, "Hùng": 2, "Mẫn": 1, "nam": 1, "x": 0],
                                         familyCounts: ["Nguyễn": 4, "Lê": 2, "Trần": 1, "Quách": 1])
        let fromRecords = TermFrequencyAdjustment(records: Self.records)
        #expect(tf.reference == fromRecords.reference)
        #expect(tf.floor == fromRecords.floor)
        #expect(tf.frequency(ofGiven: "lan") == 0.5)
        #expect(tf.frequency(ofFamily: "nguyen") == 0.5)
        #expect(tf.log2Adjustment(given: "man", family: "quach") == fromRecords.log2Adjustment(given: "man", family: "quach"))
    }

    @Test func commonNamesWeighLessRareOnesMore() {
        let tf = TermFrequencyAdjustment(records: Self.records)
        let reference = 0.34375 * 0.34375
        // Nguyễn … Lan: tf = 0.5 × 0.5 = 0.25, above the mean: about −1.08 bits.
        #expect(abs(tf.log2Adjustment(given: "lan", family: "nguyen") - log2(reference / 0.25)) < 1e-12)
        #expect(tf.log2Adjustment(given: "lan", family: "nguyen") < 0)
        // Quách … Mẫn: tf = 0.125 × 0.125 = 0.015625: about +2.92 bits.
        #expect(abs(tf.log2Adjustment(given: "man", family: "quach") - log2(reference / 0.015625)) < 1e-12)
        // A name never counted is floored: at most log2(16) = 4 bits.
        #expect(abs(tf.log2Adjustment(given: "khang", family: "nguyen") - 4) < 1e-12)
        #expect(tf.frequency(given: "khang", family: "nguyen") == tf.floor)
        // One-word names have no family name to weigh.
        #expect(tf.log2Adjustment(given: "ysa", family: "") == 0)
    }

    /// Whole names: nguyen thi lan 3 of 8, nguyen thi loan 3, tran van nam 1, le van hung 1:
    /// Σ p² = (9 + 9 + 1 + 1) / 64 = 20/64.
    static let namesakes = ["Nguyễn Thị Lan", "Nguyễn Thị Loan", "Nguyễn Thị Lan", "Nguyễn Thị Loan", "Trần Văn Nam",
                            "Nguyễn Thị Lan", "Nguyễn Thị Loan", "Lê Văn Hùng"]
        .enumerated().map { PersonRecord(id: Int64($0.offset + 1), fullName: $0.element) }

    /// The same people in one household, born in one year: blocked together.
    static let household = namesakes.map { r in
        PersonRecord(id: r.id, fullName: r.fullName, birthYear: 1990, householdKey: "h1")
    }

    @Test func similarSpellingsLoseWhenBothAreCommon() {
        let tf = TermFrequencyAdjustment(records: Self.namesakes)
        let reference = 20.0 / 64
        #expect(abs(tf.fullNameReference - reference) < 1e-12)
        // Lan and Loan, 3 of 8 each: log2((20/64) / (3/8)) = −0.263 bits, the rarer's (either).
        let common = log2(reference / 0.375)
        #expect(abs(tf.log2Adjustment(similar: "nguyen thi lan", "nguyen thi loan") - common) < 1e-12)
        #expect(tf.log2Adjustment(similar: "nguyen thi loan", "nguyen thi lan") == tf.log2Adjustment(similar: "nguyen thi lan", "nguyen thi loan"))
        // The rarer spelling decides: `le van hung` (1 of 8, +1.32) with `nguyen thi lan`: no loss;
        // a spelling nobody has (floored, +4): no loss, and no gain either.
        #expect(tf.log2Adjustment(similar: "nguyen thi lan", "le van hung") == 0)
        #expect(tf.log2Adjustment(similar: "nguyen thi lan", "nguyen thi lam") == 0)
        // A one-word name: none.
        #expect(tf.log2Adjustment(similar: "lan", "loan") == 0)
        // Counts of tokens only (no whole names): none.
        let tokens = TermFrequencyAdjustment(givenCounts: ["lan": 2], familyCounts: ["nguyen": 2])
        #expect(tokens.log2Adjustment(similar: "nguyen thi lan", "nguyen thi loan") == 0)
    }

    @Test func similarNamesWeighByTheRarerSpellingInTheScore() throws {
        let tf = TermFrequencyAdjustment(records: Self.namesakes)
        let a = PersonRecord(id: 1, fullName: "Nguyễn Thị Lan"), b = PersonRecord(id: 2, fullName: "Nguyễn Thị Loan")
        let v = Comparisons.compare(a, b)
        #expect(v.levelName(.name) == "similar")
        #expect(v.agreedName == AgreedName(given: "", family: "", spellings: ["nguyen thi lan", "nguyen thi loan"]))
        // roundModel: −10 + similar 5 − 0.263 (both common) + both numbers missing 2, every
        // other field null: −3.263.
        let common = log2((20.0 / 64) / 0.375)
        let score = roundModel.weight(v, termFrequency: tf)
        #expect(abs(score.weight - (-3 + common)) < 1e-9)
        let name = try #require(score.explanation.first { $0.field == .name })
        #expect(abs(name.weight - (5 + common)) < 1e-9 && abs(name.termFrequencyWeight - common) < 1e-12)
        // Without term frequencies, the level's weight alone: −3.
        #expect(abs(roundModel.weight(v).weight - -3) < 1e-9)
        // The matcher adds the same (its table counted over the same names).
        let result = Matcher(model: roundModel, thresholds: MatchThresholds(link: 30, review: -20)).scoreAll(Self.household)
        let pair = try #require(result.pairs.first { $0.a == 1 && $0.b == 2 })
        let same = roundModel.weight(Comparisons.compare(Self.household[0], Self.household[1]), termFrequency: tf)
        #expect(pair.score.weight == same.weight)
        // −10 + 5 − 0.263 + 2 + year only 1 + household 8 = 5.737.
        #expect(abs(pair.score.weight - (6 + common)) < 1e-9)
    }

    @Test func adjustmentAppliesToAgreeingNamesOnly() {
        let tf = TermFrequencyAdjustment(records: Self.records)
        let adjustment = log2(0.34375 * 0.34375 / 0.25)
        let agreed = AgreedName(given: "lan", family: "nguyen")
        // exactTone +10, birth date exact +12, others null: −10 + 22 + adjustment.
        let exact = ComparisonVector(levels: [0, 6, 0, 2, 2, 2, 2], agreedName: agreed)
        let score = roundModel.weight(exact, termFrequency: tf)
        #expect(abs(score.weight - (12 + adjustment)) < 1e-9)
        #expect(abs(score.explanation[0].weight - (10 + adjustment)) < 1e-9)
        #expect(abs(score.explanation[0].termFrequencyWeight - adjustment) < 1e-9)
        #expect(abs(roundModel.weight(exact).weight - 12) < 1e-9)   // without the table
        // sameGivenAndFamily (+4) is adjusted too; similar (+5) is not, whatever name is attached.
        let same = ComparisonVector(levels: [2, 6, 0, 2, 2, 2, 2], agreedName: agreed)
        #expect(abs(roundModel.weight(same, termFrequency: tf).weight - (6 + adjustment)) < 1e-9)
        let similar = ComparisonVector(levels: [3, 6, 0, 2, 2, 2, 2], agreedName: agreed)
        #expect(abs(roundModel.weight(similar, termFrequency: tf).weight - 7) < 1e-9)
    }

    @Test func comparedRecordsCarryTheAgreedName() {
        let tf = TermFrequencyAdjustment(records: Self.records)
        let a = PersonRecord(id: 1, fullName: "Nguyễn Thị Lan", birthYear: 1990, birthMonth: 1, birthDay: 2)
        let b = PersonRecord(id: 2, fullName: "NGUYEN THI LAN", birthYear: 1990, birthMonth: 1, birthDay: 2)
        let v = Comparisons.compare(a, b)
        // exactFolded +8, both numbers missing +2, exact date +12: −10 + 22 + the whole name's
        // adjustment (nguyen thi lan: 2 of 8 records; Σ p² = 10/64).
        #expect(abs(roundModel.weight(v, termFrequency: tf).weight - (12 + log2(0.15625 / 0.25))) < 1e-9)
    }

    @Test func wholeNameWeighsByItsOwnFrequency() {
        let tf = TermFrequencyAdjustment(records: Self.records)
        // Full names: nguyen thi lan 2, six others 1 each: Σ p² = 4/64 + 6/64 = 0.15625.
        #expect(tf.fullNameTotal == 8)
        #expect(abs(tf.fullNameReference - 0.15625) < 1e-12)
        // Common whole name: tf 0.25, log2(0.15625 / 0.25) ≈ −0.68 bits, though its given ×
        // family tf (0.25) is the same as Nguyễn Văn Lan's would be.
        #expect(abs(tf.log2Adjustment(fullName: "nguyen thi lan", given: "lan", family: "nguyen") - log2(0.625)) < 1e-12)
        #expect(abs(tf.log2Adjustment(fullName: "quach thi man", given: "man", family: "quach") - log2(1.25)) < 1e-12)
        // A whole name never counted is floored: +4 bits; a one-word name is not weighed.
        #expect(abs(tf.log2Adjustment(fullName: "nguyen van lan", given: "lan", family: "nguyen") - 4) < 1e-12)
        #expect(tf.log2Adjustment(fullName: "ysa", given: "ysa", family: "") == 0)
        // Counted by tokens only: a whole name weighs by its tokens.
        let tokens = TermFrequencyAdjustment(givenCounts: ["Lan": 4], familyCounts: ["Nguyễn": 4])
        #expect(tokens.fullNameReference == 0)
        #expect(tokens.log2Adjustment(fullName: "nguyen thi lan", given: "lan", family: "nguyen")
                == tokens.log2Adjustment(given: "lan", family: "nguyen"))
        // The model uses the whole name when the agreed name carries it, at the whole-name levels only.
        let whole = AgreedName(given: "lan", family: "nguyen", full: "nguyen thi lan")
        let exact = ComparisonVector(levels: [0, 6, 0, 2, 2, 2, 2], agreedName: whole)
        #expect(abs(roundModel.weight(exact, termFrequency: tf).weight - (12 + log2(0.625))) < 1e-9)
        let same = ComparisonVector(levels: [2, 6, 0, 2, 2, 2, 2], agreedName: whole)
        #expect(abs(roundModel.weight(same, termFrequency: tf).weight - (6 + log2(0.34375 * 0.34375 / 0.25))) < 1e-9)
    }
}
