import DansoPostgres

/// The register's person ids cut into one range per connection of a linkage run, each of
/// about as many ids, so that each connection makes its part of a working table
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

    /// The register's ids, from the smallest to the largest (through the primary key).
    init(_ connection: PostgresConnection, parts: Int) throws {
        let row = try connection.query("select min(person_id)::text as lo, max(person_id)::text as hi from registry.person").first
        let lo = row?["lo"].flatMap { Int64($0) } ?? 0
        let hi = row?["hi"].flatMap { Int64($0) } ?? lo
        self.init(lo ..< hi + 1, parts: parts)
    }

    /// The SQL condition on `person_id` for the ids of `range`.
    static func predicate(_ range: Range<Int64>) -> String {
        "person_id >= \(range.lowerBound) and person_id < \(range.upperBound)"
    }
}
