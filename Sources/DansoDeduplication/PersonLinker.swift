import DansoLinkage
import DansoPostgres
import DansoWarehouse
import Foundation
import Logging

/// Finds the same real person under two register identities: two households, two communes,
/// a register listing and a later one, a birth or an arrival reported twice, a move between
/// communes, and records each probable pair with its decision.
///
/// The identities are read once (streamed from PostgreSQL into DansoLinkage's compact
/// records) and matched in memory by `Matcher`: blocking, comparisons and Fellegi–Sunter
/// scores, on both cores. Its memory grows with the register (1.16–1.19 GB peak for a
/// province of 1.19 million people, measured), not with the files loaded.
public struct PersonLinker {
    public let connection: PostgresConnection
    public let files: ProjectFiles
    public let logger: Logger
    /// Blocks (identities sharing one key) larger than this are skipped.
    public var maxBlockSize = 500

    public init(connection: PostgresConnection, files: ProjectFiles, logger: Logger) {
        self.connection = connection
        self.files = files
        self.logger = logger
    }

    /// What a run found.
    public struct Outcome: Sendable, Equatable {
        public var compared = 0
        public var linked = 0
        public var review = 0
        public var pendingTotal = 0
    }

    /// Matches the identities first listed by `batches` (every current identity when nil)
    /// against the whole register, in one transaction: pairs above the link threshold are
    /// linked by danso, pairs between the thresholds go to review; a pair decided before is
    /// left as it was (a rejected pair never comes back).
    @discardableResult
    public func run(newFromBatches batches: [Int64]?) throws -> Outcome {
        try connection.transaction { c in
            let stored = try LinkModelStore(connection: c).current()
            let people = try RegisterIdentities.load(c, files: files, newFromBatches: batches)
            let decided = Set(try c.query("select person_a, person_b from registry.person_link").map {
                Pair(Int64($0.int("person_a") ?? 0), Int64($0.int("person_b") ?? 0)) })
            let matcher = Matcher(model: stored.model, thresholds: stored.thresholds, maxBlockSize: maxBlockSize)
            var result: LinkageResult
            if batches == nil {
                result = matcher.scoreAll(people.records)
            } else {
                let new = people.records.filter { people.isNew.contains($0.id) }
                let existing = people.records.filter { !people.isNew.contains($0.id) }
                result = matcher.score(new: new, against: existing)
                let among = matcher.scoreAll(new)
                result.pairs += among.pairs
                result.compared += among.compared
            }
            var outcome = Outcome()
            outcome.compared = result.compared
            var found: [FoundPair] = []
            for p in result.pairs where p.decision != .nonMatch && !decided.contains(Pair(p.a, p.b)) {
                found.append(FoundPair(a: p.a, b: p.b, score: p.score, decision: p.decision,
                                       foundBy: people.foundBy(p.a, p.b)))
            }
            found.sort { ($0.a, $0.b) < ($1.a, $1.b) }
            let ledger = LinkLedger(connection: c)
            try ledger.record(found, modelID: stored.id, batchID: batches?.count == 1 ? batches?.first : nil)
            outcome.linked = found.count { $0.decision == .link }
            outcome.review = found.count - outcome.linked
            outcome.pendingTotal = try ledger.pendingCount()
            logger.info("person linkage", metadata: [
                "records": "\(people.records.count)", "compared": "\(outcome.compared)",
                "linked": "\(outcome.linked)", "review": "\(outcome.review)"])
            return outcome
        }
    }

    /// A pair of identities, smaller first.
    struct Pair: Hashable {
        let a: Int64, b: Int64
        init(_ x: Int64, _ y: Int64) { (a, b) = (min(x, y), max(x, y)) }
    }
}

/// The register's identities as the matcher reads them (sql/queries/link_people.sql).
struct RegisterIdentities {
    var records: [PersonRecord] = []
    /// Identities first listed by the batches matched (all of them when none were given).
    var isNew: Set<Int64> = []
    /// How identities that did not come from a register listing came: birth, arrival, moved_out.
    var origin: [Int64: String] = [:]

    static func load(_ c: PostgresConnection, files: ProjectFiles, newFromBatches batches: [Int64]?) throws -> RegisterIdentities {
        try c.execute(PostgresQuery(unsafeSQL: try files.query("link_people"), binds: [batches.map { $0.postgresText }]))
        try c.execute("declare link_people no scroll cursor for select * from link_person order by person_id")
        var people = RegisterIdentities()
        while true {
            let rows = try c.query("fetch forward 50000 from link_people")
            if rows.isEmpty { break }
            for row in rows {
                let record = IdentityRow.record(row)
                people.records.append(record)
                if row.bool("is_new") == true { people.isNew.insert(record.id) }
                if let origin = row["origin"], origin != "register" { people.origin[record.id] = origin }
            }
        }
        try c.execute("close link_people")
        return people
    }

    /// registry.person_link.found_by of a pair: a departure and an arrival are a move, two
    /// births a birth reported twice, two arrivals an arrival reported twice.
    func foundBy(_ a: Int64, _ b: Int64) -> String {
        let origins = [origin[a] ?? "register", origin[b] ?? "register"]
        if origins.contains("moved_out") && origins.contains("arrival") { return "move" }
        if origins == ["birth", "birth"] { return "birth" }
        if origins == ["arrival", "arrival"] { return "arrival" }
        return "register"
    }
}

/// A pair the matcher kept (at or above the review threshold).
struct FoundPair {
    var a: Int64
    var b: Int64
    var score: MatchScore
    var decision: MatchDecision
    /// register, birth, arrival or move (registry.person_link.found_by).
    var foundBy: String
}

/// Reads a row of link_person (sql/queries/link_people.sql) into the matcher's record.
enum IdentityRow {
    static func record(_ row: PostgresRow) -> PersonRecord {
        func text(_ column: String) -> String? {
            guard let v = row[column], !v.isEmpty else { return nil }
            return v
        }
        return PersonRecord(
            id: Int64(row["person_id"] ?? "") ?? 0,
            fullName: text("full_name") ?? "",
            sex: text("sex").flatMap(Int.init),
            birthYear: text("birth_year").flatMap(Int.init),
            birthMonth: text("birth_month").flatMap(Int.init),
            birthDay: text("birth_day").flatMap(Int.init),
            personalNumber: text("personal_number"),
            householdKey: text("household_id"),
            communeCode: text("commune_code"),
            motherKey: text("mother_id"))
    }
}
