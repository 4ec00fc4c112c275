import DansoPostgres

/// The register's person ids cut into one range per connection of a linkage run, each of
/// about as many identities, so that each connection reads and keys its part of the register
/// (``RegisterBlocks``).
///
/// Ranges, not remainders of the id: PostgreSQL estimates a range from its statistics, but
/// took `person_id % 2 = 0` for 0.5 % of the rows. It then hashed the large side of joins it
/// thought small (half a province's `record` table: 3.1 s, against 1.7 s split by range) and
/// looked identities up one by one (600,000 index probes making `person`).
struct IdentityRanges: Equatable {
    let bounds: [Range<Int64>]

    /// Every id of the ranges.
    var all: Range<Int64> { bounds[0].lowerBound ..< bounds[bounds.count - 1].upperBound }

    /// `ids` in `parts` consecutive ranges (the last may be shorter; none is empty unless
    /// `ids` has fewer ids than parts).
    init(_ ids: Range<Int64>, parts: Int) {
        let parts = Int64(max(1, parts))
        let width = max(1, (Int64(ids.count) + parts - 1) / parts)
        bounds = (0..<parts).map { i in
            let lower = min(ids.upperBound, ids.lowerBound + i * width)
            return lower ..< (i == parts - 1 ? ids.upperBound : min(ids.upperBound, lower + width))
        }
    }

    /// `ids` cut at `cuts` (each the first id of the next range; in order, inside `ids`).
    init(_ ids: Range<Int64>, cuts: [Int64]) {
        let edges = [ids.lowerBound] + cuts + [ids.upperBound]
        bounds = (0..<edges.count - 1).map { edges[$0] ..< edges[$0 + 1] }
    }

    /// The register's ids, from the smallest to the largest, cut where each range holds as
    /// many identities (through the primary key): a register's numbers have gaps (a file's
    /// block holds one per physical line, migration 0036), and ranges of as many numbers
    /// gave one connection 580,752 identities and the other 613,101.
    init(_ connection: PostgresConnection, parts: Int) throws {
        let row = try connection.query("""
            select min(person_id)::text as lo, max(person_id)::text as hi, count(*)::text as n from registry.person
            """).first
        let lo = row?["lo"].flatMap { Int64($0) } ?? 0
        let hi = row?["hi"].flatMap { Int64($0) } ?? lo
        let count = row?["n"].flatMap { Int64($0) } ?? 0
        let parts = max(1, parts)
        guard parts > 1, count >= Int64(parts) else {
            self.init(lo ..< hi + 1, parts: parts)
            return
        }
        var cuts: [Int64] = []
        for i in 1..<parts {
            let skip = count * Int64(i) / Int64(parts)
            guard let cut = try connection.query("""
                select person_id::text as id from registry.person order by person_id offset \(skip) limit 1
                """).first?["id"].flatMap({ Int64($0) }), cut > (cuts.last ?? lo) else { continue }
            cuts.append(cut)
        }
        self.init(lo ..< hi + 1, cuts: cuts)
    }

    /// The SQL condition on `person_id` for the ids of `range`.
    static func predicate(_ range: Range<Int64>) -> String {
        "person_id >= \(range.lowerBound) and person_id < \(range.upperBound)"
    }
}
