/// Links made consistent where a record links to two others: the three are one person, or
/// one of the two links is wrong.
///
/// Pairs are scored one at a time, but "one person" is transitive. When record `a` is linked
/// to `b` and to `c`, and `b` and `c` are not linked:
/// - if `b` and `c` compared on their own are clearly two people (weight below
///   ``conflictWeight``: two personal numbers, two birth dates), `a` cannot be both: the
///   weaker of its two links goes to review (a namesake born the same day, taken for the
///   person who moved);
/// - otherwise `b` and `c` are linked through `a` (a person listed three times, whose two
///   copies share less with each other than with the original).
///
/// Conflicts are settled first, over the links as scored; the links left then close their
/// triangles. Records are visited in index order and a record's links strongest first (ties
/// by index), so the outcome does not depend on anything but the pairs.
public enum LinkConsistency {
    /// A pair weighing less than this (odds of one person below 1 : 256) is two people.
    public static let conflictWeight = -8.0
    /// The explanation of a link sent to review (``ScoredPair/rule``), Vietnamese first.
    public static let conflictNote = "mâu thuẫn: bản ghi kia đã ghép với một người khác / conflict: the other record is linked to someone else"
    /// The explanation of a link made through a third record.
    public static let transitiveNote = "bắc cầu: cùng ghép với một bản ghi thứ ba / transitive: both are linked to a third record"

    /// Two record indices, the smaller first.
    public struct Pair: Hashable, Sendable, Comparable {
        public let a: Int, b: Int
        public init(_ x: Int, _ y: Int) { (a, b) = x < y ? (x, y) : (y, x) }
        public static func < (l: Pair, r: Pair) -> Bool { l.a != r.a ? l.a < r.a : l.b < r.b }
    }

    /// What changes: links to send to review, pairs to link (with their weights), both in
    /// pair order.
    public struct Changes: Sendable, Equatable {
        public var demoted: [Pair]
        public var added: [Pair]
        public var addedWeights: [Double]
    }

    /// - Parameters:
    ///   - links: the linked pairs (record indices) and their weights.
    ///   - mayLink: whether two records may be paired at all (linking new records against
    ///     existing ones, pairs within either set are not made).
    ///   - weight: the weight of any two records (they need not have been blocked together).
    public static func resolve(links: [(pair: Pair, weight: Double)], mayLink: (Int, Int) -> Bool,
                               weight: (Int, Int) -> Double) -> Changes {
        var cache: [Pair: Double] = [:]
        func pairWeight(_ p: Pair) -> Double {
            if let w = cache[p] { return w }
            let w = weight(p.a, p.b)
            cache[p] = w
            return w
        }
        // 1. Conflicts, over the links as scored.
        var linked: [Pair: Double] = [:]
        for l in links { linked[l.pair] = l.weight }
        var demoted = Set<Pair>()
        forEachOpenTriangle(linked) { a, b, c in
            if pairWeight(Pair(b, c)) < conflictWeight { demoted.insert(Pair(a, c)) }
        }
        for p in demoted { linked[p] = nil }
        // 2. Transitivity, over the links left.
        var added = Set<Pair>()
        forEachOpenTriangle(linked) { _, b, c in
            let p = Pair(b, c)
            if !demoted.contains(p), mayLink(p.a, p.b), pairWeight(p) >= conflictWeight { added.insert(p) }
        }
        let addedSorted = added.sorted()
        return Changes(demoted: demoted.sorted(), added: addedSorted, addedWeights: addedSorted.map { cache[$0]! })
    }

    /// Calls `body(a, b, c)` for every record `a` linked to `b` and `c` (`a`–`b` the stronger
    /// link, ties by index) where `b` and `c` are not linked.
    private static func forEachOpenTriangle(_ linked: [Pair: Double], _ body: (Int, Int, Int) -> Void) {
        var neighbours: [Int: [(other: Int, weight: Double)]] = [:]
        for (p, w) in linked {
            neighbours[p.a, default: []].append((p.b, w))
            neighbours[p.b, default: []].append((p.a, w))
        }
        for a in neighbours.keys.sorted() {
            let list = neighbours[a]!.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.other < $1.other }
            guard list.count >= 2 else { continue }
            for i in 0..<(list.count - 1) {
                for j in (i + 1)..<list.count where linked[Pair(list[i].other, list[j].other)] == nil {
                    body(a, list[i].other, list[j].other)
                }
            }
        }
    }
}
