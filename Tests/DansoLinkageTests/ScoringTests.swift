import Foundation
import Testing
import DansoLinkage

/// A model whose level weights are whole numbers of bits (u = m / 2^k), so that expected
/// scores can be added up by hand.
let roundModel = LinkageModel(
    prior: 1.0 / 1025,   // log2(λ / (1 − λ)) = log2(1/1024) = −10
    m: [
        .name: [0.8, 0.1, 0.03, 0.04, 0.01, 0.01, 0.005, 0.005],
        .personalNumber: [0.6, 0.05, 0.03, 0.02, 0.1, 0.2],
        .birthDate: [0.8, 0.02, 0.06, 0.06, 0.01, 0.02, 0.03],
        .sex: [0.96, 0.04],
        .household: [0.5, 0.5],
        .commune: [0.8, 0.2],
        .mother: [0.9, 0.1],
    ],
    u: [
        .name: [0.8 / 1024, 0.1 / 256, 0.03 / 16, 0.04 / 32, 0.01 / 8, 0.01 / 0.5, 0.005 / 0.5, 0.005 * 64],  // +10 +8 +4 +5 +3 −1 −1 −6
        .personalNumber: [0.6 / 65536, 0.05 / 1024, 0.03 / 2048, 0.02 * 4, 0.1 * 4, 0.2 / 4],  // +16 +10 +11 −2 −2 +2
        .birthDate: [0.8 / 4096, 0.02 / 256, 0.06 / 16, 0.06 / 2, 0.01 * 2, 0.02, 0.03 * 32],  // +12 +8 +4 +1 −1 0 −5
        .sex: [0.96 / 2, 0.04 * 8],                                                       // +1 −3
        .household: [0.5 / 256, 0.5 * 2],                                                 // +8 −1
        .commune: [0.8 / 8, 0.2 * 4],                                                     // +3 −2
        .mother: [0.9 / 512, 0.1 * 8],                                                    // +9 −3
    ])

@Suite("Scoring")
struct ScoringTests {
    func vector(_ levels: [UInt8], agreed: AgreedName? = nil) -> ComparisonVector {
        ComparisonVector(levels: levels, agreedName: agreed)
    }

    @Test func priorWeight() {
        #expect(abs(roundModel.priorWeight - -10) < 1e-9)
    }

    @Test func weightIsPriorPlusLevelWeights() {
        // name exactTone +10, both numbers missing +2, birth date exact +12, sex equal +1,
        // household different −1, commune equal +3, mother null 0: −10 + 27 = 17.
        let score = roundModel.weight(vector([0, 5, 0, 0, 1, 0, 2]))
        #expect(abs(score.weight - 17) < 1e-9)
        #expect(abs(score.probability - 131072.0 / 131073.0) < 1e-12)
        #expect(abs(score.priorWeight - -10) < 1e-9)
        let expected: [(ComparisonField, String, Double)] = [
            (.name, "exactTone", 10), (.personalNumber, "bothMissing", 2), (.birthDate, "exact", 12), (.sex, "equal", 1),
            (.household, "different", -1), (.commune, "equal", 3), (.mother, "null", 0),
        ]
        #expect(score.explanation.count == expected.count)
        for (contribution, (field, level, weight)) in zip(score.explanation, expected) {
            #expect(contribution.field == field)
            #expect(contribution.level == level)
            #expect(abs(contribution.weight - weight) < 1e-9)
        }
        #expect(abs(score.explanation.map(\.weight).reduce(score.priorWeight, +) - score.weight) < 1e-9)
    }

    @Test func negativeWeights() {
        // name different −6, number different −2, birth date different −5, sex different −3,
        // household different −1, commune different −2, mother different −3: −10 − 22 = −32.
        let score = roundModel.weight(vector([7, 3, 6, 1, 1, 1, 1]))
        #expect(abs(score.weight - -32) < 1e-9)
        #expect(abs(score.probability - pow(2, -32) / (1 + pow(2, -32))) < 1e-20)
    }

    @Test func middleLevels() {
        // similar +5, oneDigitOff +10, dayMonthSwapped +8, sex null, household equal +8,
        // commune equal +3, mother equal +9: −10 + 43 = 33.
        #expect(abs(roundModel.weight(vector([3, 1, 1, 2, 0, 0, 0])).weight - 33) < 1e-9)
        // sameGivenAndFamily +4, transposed +11, yearMonth +4, yearOnly… : −10 + 4 + 11 + 4 = 9.
        #expect(abs(roundModel.weight(vector([2, 2, 2, 2, 2, 2, 2])).weight - 9) < 1e-9)
        // exactFolded +8, one number missing −2, yearOnly +1.
        #expect(abs(roundModel.weight(vector([1, 4, 3, 2, 2, 2, 2])).weight - (-10 + 8 - 2 + 1)) < 1e-9)
        // givenOnly −1, both numbers missing +2, monthDiffers −1; yearOff 0.
        #expect(abs(roundModel.weight(vector([5, 5, 4, 2, 2, 2, 2])).weight - (-10 - 1 + 2 - 1)) < 1e-9)
        #expect(abs(roundModel.weight(vector([5, 6, 5, 2, 2, 2, 2])).weight - (-10 - 1 + 0)) < 1e-9)
    }

    @Test func allNullIsThePrior() {
        let score = roundModel.weight(vector([8, 6, 7, 2, 2, 2, 2]))
        #expect(abs(score.weight - -10) < 1e-9)
        #expect(abs(score.probability - 1.0 / 1025) < 1e-12)
        #expect(score.explanation.allSatisfy { $0.level == "null" && $0.weight == 0 })
    }

    @Test func probabilityOfWeight() {
        #expect(MatchScore.probability(ofWeight: 0) == 0.5)
        #expect(abs(MatchScore.probability(ofWeight: 10) - 1024.0 / 1025) < 1e-12)
        #expect(abs(MatchScore.probability(ofWeight: -10) - 1.0 / 1025) < 1e-12)
        #expect(MatchScore.probability(ofWeight: 5000) == 1)
        #expect(MatchScore.probability(ofWeight: -5000) == 0)
    }

    @Test func thresholdsDecide() {
        let t = MatchThresholds(link: 10, review: 4)
        #expect(t.decide(10) == .link)
        #expect(t.decide(9.99) == .review)
        #expect(t.decide(4) == .review)
        #expect(t.decide(3.99) == .nonMatch)
        #expect(MatchDecision.nonMatch.rawValue == "non_match")
        #expect(MatchThresholds.defaults == MatchThresholds(link: 0, review: -2))
    }

    @Test func modelRoundTripsThroughJSON() throws {
        let data = try JSONEncoder().encode(LinkageModel.defaults)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        // Fields are object keys, so the stored JSON reads as the model does.
        let m = try #require(object["m"] as? [String: Any])
        #expect(Set(m.keys) == Set(ComparisonField.allCases.map(\.rawValue)))
        #expect(try JSONDecoder().decode(LinkageModel.self, from: data) == LinkageModel.defaults)
        let thresholds = try JSONEncoder().encode(MatchThresholds.defaults)
        #expect(try JSONDecoder().decode(MatchThresholds.self, from: thresholds) == .defaults)
    }

    @Test func defaultModelIsWellFormed() {
        let model = LinkageModel.defaults
        for field in ComparisonField.allCases {
            let m = model.m[field]!, u = model.u[field]!
            #expect(m.count == field.weightedLevelCount, "\(field)")
            #expect(u.count == field.weightedLevelCount, "\(field)")
            #expect(abs(m.reduce(0, +) - 1) < 1e-9, "\(field) m")
            #expect(abs(u.reduce(0, +) - 1) < 1e-9, "\(field) u")
            // Levels are ordered from the strongest agreement: the last (disagreement) weighs < 0;
            // the number's missing levels come after its disagreement.
            let disagreement = field == .personalNumber ? PersonalNumberLevel.different.rawValue
                : UInt8(field.weightedLevelCount - 1)
            #expect(model.levelWeight(field, level: disagreement) < 0, "\(field)")
            #expect(model.levelWeight(field, level: 0) > 0, "\(field)")
        }
    }
}
