import DansoLinkage
import DansoPostgres
import DansoWarehouse
import Foundation

/// The register's identities blocked inside PostgreSQL, for a matcher that holds one run of
/// blocks at a time: memory stays bounded whatever the register's size, where reading the
/// register whole into the matcher took 1.2 GB for a province of 1.2 million people.
///
/// In the run's transaction, in temporary tables:
/// 1. `link_person` (sql/queries/link_people.sql): one row per identity;
/// 2. `link_key`: each identity's name forms and blocking keys, worked out here (the names
///    need Swift's Vietnamese normalisation) and copied back in pieces, without the fields
///    link_person already holds (half the bytes to copy and to scan per rule);
/// 3. `link_kept_N`: per rule, the keys of the blocks kept (a new record in them, at most
///    the matcher's pair cap), and `link_name`: the whole names borne by more than one;
/// 4. `link_record`: the identities in some kept block, with their kept keys and name counts,
///    read rule by rule in key order.
struct RegisterBlocks {
    let connection: PostgresConnection
    let matcher: Matcher
    /// Identities read and written back at a time.
    var pieceSize = 50_000

    var ruleCount: Int { matcher.rules.count }

    /// Steps 1–4; returns the identities matched, the new ones among them, and blocks
    /// left out for their size by rule name.
    func build(files: ProjectFiles, newFromBatches batches: [Int64]?) throws -> (identities: Int, new: Int, skipped: [String: Int]) {
        let c = connection
        try c.execute(PostgresQuery(unsafeSQL: try files.query("link_people"), binds: [batches.map { $0.postgresText }]))
        try c.execute(PostgresQuery(unsafeSQL: """
            create temporary table link_key (
                person_id bigint, is_new boolean, nfc text, toned text, folded text, given text, family text,
                whole boolean, anchor boolean, \((0..<ruleCount).map { "k\($0) bigint" }.joined(separator: ", ")))
                on commit drop
            """))
        try c.execute(PostgresQuery(unsafeSQL: """
            declare link_people no scroll cursor for
            select \(Self.identityColumns.joined(separator: ", ")) from link_person order by person_id
            """))
        var identities = 0, new = 0
        while true {
            let rows = try c.query(PostgresQuery(unsafeSQL: "fetch forward \(pieceSize) from link_people"))
            if rows.isEmpty { break }
            let keyed = matcher.blockingKeys(rows.map(IdentityRow.record))
            try c.copyIn(PostgresQuery(unsafeSQL: "copy link_key from stdin")) { writer in
                for (row, (names, keys, isAnchor)) in zip(rows, keyed) {
                    try writer.writeRow([row[0], row[1], names.nfc, names.toned == names.nfc ? nil : names.toned,
                                         names.folded, names.given, names.family, names.countsByWholeName ? "t" : "f",
                                         isAnchor ? "t" : "f"]
                        + keys.map { $0.map { String($0) } })
                }
            }
            identities += rows.count
            new += rows.count { $0[1] == "t" }
        }
        try c.execute("close link_people")

        // Kept blocks: two records or more, one of them new (and, for an anchored rule, one
        // anchor), and no more pairs than the cap (blocks over it are few: counted, then dropped).
        var skipped: [String: Int] = [:]
        for (j, rule) in matcher.rules.enumerated() {
            let anchored = rule.anchor != nil
            try c.execute(PostgresQuery(unsafeSQL: """
                create temporary table link_kept_\(j) on commit drop as
                select k\(j) as k, \(anchored ? "least(\(Self.pairs("n_new")), \(Self.pairs("n_anchor")))" : Self.pairs("n_new")) as pairs
                from (select k\(j), count(*) as n, count(*) filter (where is_new) as n_new\(
                        anchored ? ", count(*) filter (where anchor) as n_anchor" : "")
                      from link_key where k\(j) is not null group by k\(j) having count(*) > 1) b
                where n_new > 0\(anchored ? " and n_anchor > 0" : "")
                """))
            let over = try c.execute(PostgresQuery(unsafeSQL: "delete from link_kept_\(j) where pairs > \(matcher.pairCap)"))
            if over > 0 { skipped[rule.name] = over }
            try c.execute(PostgresQuery(unsafeSQL: "analyze link_kept_\(j)"))
        }
        // Whole names borne by more than one identity (the others count 1).
        try c.execute("""
            create temporary table link_name on commit drop as
            select folded, count(*)::integer as n from link_key where whole group by folded having count(*) > 1
            """)
        try c.execute("analyze link_name")
        let joins = (0..<ruleCount).map { "left join link_kept_\($0) e\($0) on e\($0).k = k.k\($0)" }.joined(separator: "\n")
        try c.execute(PostgresQuery(unsafeSQL: """
            create temporary table link_record on commit drop as
            select \(Self.identityColumns.map { "p." + $0 }.joined(separator: ", ")),
                   k.nfc, k.toned, k.folded, case when k.whole then coalesce(nm.n, 1) else 0 end as full_count,
                   \((0..<ruleCount).map { "e\($0).k as kk\($0)" }.joined(separator: ", "))
            from link_key k
            join link_person p on p.person_id = k.person_id
            \(joins)
            left join link_name nm on k.whole and nm.folded = k.folded
            where \((0..<ruleCount).map { "e\($0).k is not null" }.joined(separator: " or "))
            """))
        return (identities, new, skipped)
    }

    /// The pairs of a block of `n` records with at least one of its `part` (new records, or
    /// anchors) in each (``BlockIndex/pairCount(count:newCount:linking:withinNew:)``).
    private static func pairs(_ part: String) -> String {
        "\(part) * (n - \(part)) + \(part) * (\(part) - 1) / 2"
    }

    /// link_person's columns as the matcher reads them, in order (the first two, the id and
    /// whether it is new, are link_key's first two).
    static let identityColumns = [
        "person_id", "is_new", "origin", "full_name", "sex", "birth_year", "birth_month", "birth_day", "personal_number",
        "household_id", "commune_code", "mother_id", "area_code",
    ]

    /// The run's name counts, made over every identity (not only those in kept blocks).
    func frequencies() throws -> NameFrequencies {
        // Given and family names in one scan of link_key.
        var given: [String: Int] = [:], family: [String: Int] = [:]
        for row in try connection.query("""
            select grouping(given) = 1 as by_family, coalesce(given, family) as name, count(*) as n
            from link_key group by grouping sets ((given), (family))
            """) where row["name"] != "" {
            if row.bool("by_family") == true { family[row["name"]!] = row.int("n") } else { given[row["name"]!] = row.int("n") }
        }
        // Σ (n / total)² over whole names: the shared ones in byte order, then the names borne once.
        let full = try connection.query("""
            with t as (select count(*) filter (where whole) as total from link_key)
            select t.total, coalesce(s.squares, 0) + (t.total - coalesce(s.shared, 0)) * power(1 / nullif(t.total, 0)::float8, 2) as squares
            from t cross join (select sum(n) as shared, sum(power(n / nullif(t.total, 0)::float8, 2) order by folded collate "C") as squares
                               from link_name cross join t) s
            """).first!
        return NameFrequencies(given: given, family: family,
                               fullNameTotal: full.int("total") ?? 0, fullNameSquares: full.double("squares") ?? 0)
    }

    /// Calls `body` with runs of whole blocks of each rule in turn, about `runSize` records each.
    func forEachRun(runSize: Int = 50_000, _ body: (BlockRun) throws -> Void) throws {
        for rule in 0..<ruleCount {
            // Only what the matcher reads: the name's forms (not the name as written) and the
            // keys of the rules before this one.
            let earlier = (0..<rule).map { "kk\($0)" }
            try connection.execute(PostgresQuery(unsafeSQL: """
                declare link_blocks no scroll cursor for
                select kk\(rule) as block, is_new, person_id, sex, birth_year, birth_month, birth_day, personal_number,
                       household_id, commune_code, mother_id, full_count, nfc, toned, folded\(earlier.map { ", " + $0 }.joined())
                from link_record where kk\(rule) is not null
                order by kk\(rule), is_new desc, person_id
                """))
            var run = BlockRun(rule: rule)
            var block: [BlockRun.Member] = []
            var blockKey: String?
            while true {
                let rows = try connection.query(PostgresQuery(unsafeSQL: "fetch forward \(pieceSize) from link_blocks"))
                if rows.isEmpty { break }
                for row in rows {
                    if row[0] != blockKey, !block.isEmpty {
                        run.append(block: block)
                        block.removeAll(keepingCapacity: true)
                        if run.count >= runSize {
                            try body(run)
                            run = BlockRun(rule: rule)
                        }
                    }
                    blockKey = row[0]
                    block.append(Self.member(row, rule: rule))
                }
            }
            if !block.isEmpty { run.append(block: block) }
            if !run.isEmpty { try body(run) }
            try connection.execute("close link_blocks")
        }
    }

    /// A row of the run query as a block member.
    private static func member(_ row: PostgresRow, rule: Int) -> BlockRun.Member {
        func text(_ i: Int) -> String? {
            guard let v = row[i], !v.isEmpty else { return nil }
            return v
        }
        let nfc = row[12] ?? ""
        let record = PersonRecord(
            id: Int64(row[2] ?? "") ?? 0, fullName: nfc, sex: text(3).flatMap(Int.init),
            birthYear: text(4).flatMap(Int.init), birthMonth: text(5).flatMap(Int.init), birthDay: text(6).flatMap(Int.init),
            personalNumber: text(7), householdKey: text(8), communeCode: text(9), motherKey: text(10))
        return BlockRun.Member(record: record, names: NameForms(nfc: nfc, toned: row[13] ?? nfc, folded: row[14] ?? ""),
                               isNew: row[1] == "t", earlierKeys: (0..<rule).map { text(15 + $0).flatMap { Int64($0) } },
                               fullNameCount: Int(row[11] ?? "") ?? 0)
    }

    /// The identities `ids` as the matcher reads them, with whether they are new and their
    /// whole-name counts.
    func identities(_ ids: [Int64]) throws -> (records: [PersonRecord], isNew: [Bool], fullNameCounts: [Int]) {
        var out: (records: [PersonRecord], isNew: [Bool], fullNameCounts: [Int]) = ([], [], [])
        for row in try connection.query("""
            select person_id, full_name, sex, birth_year, birth_month, birth_day, personal_number, household_id,
                   commune_code, mother_id, area_code, is_new, full_count
            from link_record where person_id = any(\(ids)::bigint[]) order by person_id
            """) {
            let record = IdentityRow.record(row)
            out.records.append(record)
            out.isNew.append(row.bool("is_new") ?? false)
            out.fullNameCounts.append(row.int("full_count") ?? 0)
        }
        return out
    }
}
