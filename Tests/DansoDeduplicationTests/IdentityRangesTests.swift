@testable import DansoDeduplication
import Testing

/// A linkage run's connections each make the part of its working tables of one range of ids:
/// together the ranges must hold every id once, in order, in parts of about one size.
@Suite struct IdentityRangesTests {
    @Test(arguments: [(Int64(1), Int64(1_194_059), 2), (1, 2, 2), (5, 5, 2), (10, 17, 3), (1, 1_000, 1), (3, 10, 7)])
    func theRangesHoldEveryIdOnce(lower: Int64, upper: Int64, parts: Int) {
        let ranges = IdentityRanges(lower ..< upper, parts: parts)
        #expect(ranges.bounds.count == parts)
        #expect(ranges.all == lower ..< upper)
        for (a, b) in zip(ranges.bounds, ranges.bounds.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        let sizes: [Int] = ranges.bounds.map(\.count)
        let total: Int = sizes.reduce(0, +)
        #expect(total == Int(upper - lower))
        // about one size: no part larger than a fair share rounded up
        let share: Int = (Int(upper - lower) + parts - 1) / parts
        #expect(sizes.allSatisfy { $0 <= share })
    }

    @Test func rangesCutAtGivenIdsHoldEveryIdOnce() {
        let ranges = IdentityRanges(1 ..< 1_320_168, cuts: [580_753])
        #expect(ranges.bounds == [1 ..< 580_753, 580_753 ..< 1_320_168])
        #expect(IdentityRanges(5 ..< 9, cuts: []).bounds == [5 ..< 9])
    }

    @Test func theConditionSaysTheRange() {
        #expect(IdentityRanges.predicate(10 ..< 20) == "person_id >= 10 and person_id < 20")
    }
}
