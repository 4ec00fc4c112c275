import DansoLinkage
import DansoPostgres
import DansoWarehouse
import Foundation

/// The register's identities blocked inside PostgreSQL, for a matcher that holds one run of
/// blocks at a time: memory stays bounded whatever the register's size, where reading the
/// register whole into the matcher took 1.2 GB for a province of 1.2 million people.
///
/// In the run's working tables (``LinkWorkArea``), each step shared among the run's
/// connections (two on a 2-core server: the server blocks on both cores at once):
/// 1. `person` (sql/queries/link_people.sql): one row per identity, each connection writing
///    those of one range of ids (``IdentityRanges``);
/// 2. `key`: each identity's name forms and blocking keys, worked out here (the names
///    need Swift's Vietnamese normalisation) and copied back in pieces, without the fields
///    `person` already holds; each connection keys the identities of its range, and counts
///    the keys as they go by (``BlockCounts``) and the given and family names;
/// 3. `kept_N`: per rule, the keys of the blocks kept (a new record in them, at most
///    the matcher's pair cap), counted here and copied; and `name`: the whole names borne by
///    more than one, counted by the server meanwhile;
/// 4. `record`: the identities in some kept block, with their kept keys and name counts,
///    read rule by rule in key order.
struct RegisterBlocks {
    let connections: [PostgresConnection]
    let matcher: Matcher
    let area: LinkWorkArea
    /// Identities read and written back at a time, shared by the connections (each reads
    /// its part, so that memory is the same whatever their number).
    var pieceSize = 50_000
    private var piece: Int { max(1, pieceSize / connections.count) }

    var ruleCount: Int { matcher.rules.count }
    private var tasks: ConnectionTasks { ConnectionTasks(connections: connections) }
    private func t(_ name: String) -> String { area.table(name) }

    /// What ``build(files:newFromBatches:)`` made: the identities matched, the new ones among
    /// them, blocks left out for their size by rule name, and the run's name counts.
    struct Built {
        var identities = 0
        var new = 0
        var skipped: [String: Int] = [:]
        var frequencies = NameFrequencies(given: [:], family: [:], fullNameTotal: 0, fullNameSquares: 0)
    }

    /// Steps 1–4, each spread over the connections.
    func build(files: ProjectFiles, newFromBatches batches: [Int64]?) throws -> Built {
        let c = connections[0]
        let people = try files.query("link_people")
        let ranges = try IdentityRanges(c, parts: connections.count)
        try c.execute(PostgresQuery(unsafeSQL: "create unlogged table \(t("person")) as\n\(people)\nwith no data",
                                    binds: [batches.map { $0.postgresText }, nil, nil]))
        try tasks.run(ranges.bounds.map { range in { c in
            try c.execute(PostgresQuery(unsafeSQL: "insert into \(t("person"))\n\(people)",
                                        binds: [batches.map { $0.postgresText }, String(range.lowerBound), String(range.upperBound)]))
        } })
        try c.execute(PostgresQuery(unsafeSQL: """
            create unlogged table \(t("key")) (
                person_id bigint, whole boolean, nfc text, toned text, folded text,
                \((0..<ruleCount).map { "k\($0) bigint" }.joined(separator: ", ")))
            """))
        let built = Locked(Built())
        let counts = try BlockCounts(anchored: matcher.rules.map { $0.anchor != nil }, pairCap: matcher.pairCap,
                                     marks: ranges.all.count * ruleCount, spills: ranges.bounds.count)
        defer { counts.remove() }
        try tasks.run(zip(ranges.bounds, counts.spills).map { range, spill in { c in
            let keyed = try key(c, range, spill: spill)
            built.update { b in
                b.identities += keyed.identities
                b.new += keyed.new
                b.frequencies.given.merge(keyed.given, uniquingKeysWith: +)
                b.frequencies.family.merge(keyed.family, uniquingKeysWith: +)
            }
        } })

        // Kept blocks: two records or more, one of them new (and, for an anchored rule, one
        // anchor), and no more pairs than the cap (blocks over it are few: counted, left out),
        // counted here partition by partition and copied to `kept`, then one table per rule.
        // Meanwhile the server counts the whole names borne by more than one identity (the
        // others count 1).
        try c.execute(PostgresQuery(unsafeSQL: "create unlogged table \(t("kept")) (rule integer, k bigint)"))
        let keptRules = Locked(Set<Int>())
        try tasks.run([{ c in
            try c.execute(PostgresQuery(unsafeSQL: """
                create unlogged table \(t("name")) as
                select folded, count(*)::integer as n from \(t("key")) where whole group by folded having count(*) > 1
                """))
            try c.execute(PostgresQuery(unsafeSQL: "analyze \(t("name"))"))
        }] + (0..<counts.partitions).map { p in { c in
            let (kept, overCap) = try counts.count(partition: p)
            built.update { b in
                for (j, over) in overCap.enumerated() where over > 0 { b.skipped[matcher.rules[j].name, default: 0] += over }
            }
            keptRules.update { $0.formUnion(kept.lazy.map(\.rule)) }
            try c.copyIn(PostgresQuery(unsafeSQL: "copy \(t("kept")) from stdin")) { writer in
                for block in kept { try writer.writeRow([], integers: [Int64(block.rule), block.key]) }
            }
        } })
        try tasks.run(matcher.rules.indices.map { j in { c in
            try c.execute(PostgresQuery(unsafeSQL: """
                create unlogged table \(t("kept_\(j)")) as select k from \(t("kept")) where rule = \(j)
                """))
            try c.execute(PostgresQuery(unsafeSQL: "analyze \(t("kept_\(j)"))"))
        } })
        let joined = keptRules.value
        try c.execute(PostgresQuery(unsafeSQL: "create unlogged table \(t("record")) as \(recordQuery(ranges.all, rules: joined)) with no data"))
        try tasks.run(ranges.bounds.map { range in { c in
            // The join's hash of `person` (a range's identities, about 58 MB for half a
            // province) spilled to disk in two batches at the session's work_mem. The setting
            // is put back after: inside a caller's transaction a SET LOCAL would outlive this.
            try c.transaction { c in
                let before = try c.query("select current_setting('work_mem') as v").first?["v"]
                try c.execute("set local work_mem = '128MB'")
                try c.execute(PostgresQuery(unsafeSQL: "insert into \(t("record")) \(recordQuery(range, rules: joined))"))
                if let before { try c.execute("select set_config('work_mem', \(before), true)") }
            }
        } } + [{ c in
            let (total, squares) = try wholeNameSquares(c)
            built.update { $0.frequencies.fullNameTotal = total; $0.frequencies.fullNameSquares = squares }
        }])
        return built.value
    }

    /// What step 2 made of one range: its identities, the new ones, and their given and
    /// family names counted (over every identity, not only those in kept blocks).
    private struct Keyed {
        var identities = 0
        var new = 0
        var given: [String: Int] = [:]
        var family: [String: Int] = [:]
    }

    /// Step 2 for the identities of `range`, their keys also counted through `spill`, their
    /// given and family names counted here (PostgreSQL grouped the `key` table by both for
    /// it: about 0.4 s on a connection for the province, against a dictionary's few
    /// thousand names).
    private func key(_ c: PostgresConnection, _ range: Range<Int64>, spill: BlockCounts.Spill) throws -> Keyed {
        try c.transaction { c in
            // In no order: the keys are counted and joined, and every later read sorts (sorting
            // each connection's half of the register here cost about 0.15 s of blocking).
            try c.execute(PostgresQuery(unsafeSQL: """
                declare link_people no scroll cursor for
                select \(Self.identityColumns.joined(separator: ", ")) from \(t("person"))
                where \(IdentityRanges.predicate(range))
                """))
            var made = Keyed()
            while true {
                let rows = try c.query(PostgresQuery(unsafeSQL: "fetch forward \(piece) from link_people"))
                if rows.isEmpty { break }
                let keyed = matcher.blockingKeys(rows.map(IdentityRow.recordByPosition))
                try c.copyIn(PostgresQuery(unsafeSQL: "copy \(t("key")) from stdin")) { writer in
                    for (row, (names, keys, isAnchor)) in zip(rows, keyed) {
                        let isNew = row[1] == "t"
                        for (j, key) in keys.enumerated() { try spill.add(rule: j, key: key, isNew: isNew, isAnchor: isAnchor) }
                        try writer.writeRow([row[0], names.countsByWholeName ? "t" : "f", names.nfc, names.toned == names.nfc ? nil : names.toned,
                                             names.folded], integers: keys)
                        if !names.given.isEmpty { made.given[names.given, default: 0] += 1 }
                        if !names.family.isEmpty { made.family[names.family, default: 0] += 1 }
                    }
                }
                made.identities += rows.count
                made.new += rows.count { $0[1] == "t" }
            }
            try c.execute("close link_people")
            try spill.finish()
            return made
        }
    }

    /// Step 4's rows for the identities of `range` (the filter on both sides, so that each
    /// connection joins its part only). Only the rules in `rules` kept a block: the others'
    /// keys are null without a join (in a province, two rules of eight kept none, and each
    /// empty join still cost a pass over half the register).
    private func recordQuery(_ range: Range<Int64>, rules: Set<Int>) -> String {
        let joined = (0..<ruleCount).filter(rules.contains)
        let joins = joined.map { "left join \(t("kept_\($0)")) e\($0) on e\($0).k = k.k\($0)" }.joined(separator: "\n")
        let kept = joined.map { "e\($0).k is not null" }
        return """
            select \(Self.identityColumns.map { "p." + $0 }.joined(separator: ", ")),
                   k.nfc, k.toned, k.folded, case when k.whole then coalesce(nm.n, 1) else 0 end as full_count,
                   \((0..<ruleCount).map { rules.contains($0) ? "e\($0).k as kk\($0)" : "null::bigint as kk\($0)" }.joined(separator: ", "))
            from (select * from \(t("key")) where \(IdentityRanges.predicate(range))) k
            join (select * from \(t("person")) where \(IdentityRanges.predicate(range))) p on p.person_id = k.person_id
            \(joins)
            left join \(t("name")) nm on k.whole and nm.folded = k.folded
            where \(kept.isEmpty ? "false" : kept.joined(separator: " or "))
            """
    }

    /// link_person's columns as the matcher reads them, in order.
    static let identityColumns = [
        "person_id", "is_new", "origin", "full_name", "sex", "birth_year", "birth_month", "birth_day", "personal_number",
        "household_id", "commune_code", "mother_id", "area_code",
    ]

    /// Whole names counted, and Σ (n / total)² over them: the shared ones in byte order, then
    /// the names borne once.
    private func wholeNameSquares(_ connection: PostgresConnection) throws -> (total: Int, squares: Double) {
        let full = try connection.query(PostgresQuery(unsafeSQL: """
            with t as (select count(*) filter (where whole) as total from \(t("key")))
            select t.total, coalesce(s.squares, 0) + (t.total - coalesce(s.shared, 0)) * power(1 / nullif(t.total, 0)::float8, 2) as squares
            from t cross join (select sum(n) as shared, sum(power(n / nullif(t.total, 0)::float8, 2) order by folded collate "C") as squares
                               from \(t("name")) cross join t) s
            """)).first!
        return (full.int("total") ?? 0, full.double("squares") ?? 0)
    }

    /// Calls `body` with runs of whole blocks, about `runSize` records each, and the connection
    /// that read them: the rules are shared among the connections, so `body` is called from
    /// as many threads at once (a rule's runs come in order on one of them).
    func forEachRun(runSize: Int = 50_000, _ body: @escaping (BlockRun, PostgresConnection) throws -> Void) throws {
        try tasks.run((0..<ruleCount).map { rule in { c in try c.transaction { c in
            // Only what the matcher reads: the name's forms (not the name as written) and the
            // keys of the rules before this one.
            let earlier = (0..<rule).map { "kk\($0)" }
            try c.execute(PostgresQuery(unsafeSQL: """
                declare link_blocks no scroll cursor for
                select kk\(rule) as block, is_new, person_id, sex, birth_year, birth_month, birth_day, personal_number,
                       household_id, commune_code, mother_id, full_count, nfc, toned, folded\(earlier.map { ", " + $0 }.joined())
                from \(t("record")) where kk\(rule) is not null
                order by kk\(rule), is_new desc, person_id
                """))
            var run = BlockRun(rule: rule)
            var block: [BlockRun.Member] = []
            var blockKey: String?
            while true {
                let rows = try c.query(PostgresQuery(unsafeSQL: "fetch forward \(piece) from link_blocks"))
                if rows.isEmpty { break }
                for row in rows {
                    if row[0] != blockKey, !block.isEmpty {
                        run.append(block: block)
                        block.removeAll(keepingCapacity: true)
                        if run.count >= runSize {
                            try body(run, c)
                            run = BlockRun(rule: rule)
                        }
                    }
                    blockKey = row[0]
                    block.append(Self.member(row, rule: rule))
                }
            }
            if !block.isEmpty { run.append(block: block) }
            if !run.isEmpty { try body(run, c) }
            try c.execute("close link_blocks")
        } } })
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
        for row in try connections[0].query("""
            select person_id, full_name, sex, birth_year, birth_month, birth_day, personal_number, household_id,
                   commune_code, mother_id, area_code, is_new, full_count
            from \(unsafeSQL: t("record")) where person_id = any(\(ids)::bigint[]) order by person_id
            """) {
            let record = IdentityRow.record(row)
            out.records.append(record)
            out.isNew.append(row.bool("is_new") ?? false)
            out.fullNameCounts.append(row.int("full_count") ?? 0)
        }
        return out
    }
}
