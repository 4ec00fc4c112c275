import DansoLinkage
import DansoPostgres
import DansoWarehouse
import Foundation
import Logging

/// Finds the same real person under two register identities: two households, two communes,
/// a register listing and a later one, a birth or an arrival reported twice, a move between
/// communes, and records each probable pair with its decision.
///
/// The identities are read once from PostgreSQL, blocked in working files
/// (``RegisterBlocks``) and handed over one run of blocks at a time, which `Matcher` compares
/// and scores on both cores: memory is bounded by the runs, not the register (reading the
/// whole register into the matcher took 1.2 GB for a province of 1.19 million people). Given
/// a second connection (``helper``), reading and blocking are shared between the two.
public struct PersonLinker {
    public let connection: PostgresConnection
    public let files: ProjectFiles
    public let logger: Logger
    /// Blocks (identities sharing one key) larger than this are skipped.
    public var maxBlockSize = 500
    /// Identities held in memory at a time per connection (whole blocks, so a run may hold
    /// a few more): the matcher's memory, whatever the register's size.
    public var runSize = 50_000
    /// About how many bytes of a rule's blocks are sorted at a time per connection (the
    /// blocks' working files are cut in partitions of this size).
    var partitionBytes = 8 << 20
    /// Told what the run is doing, Vietnamese first (a province takes half a minute).
    public var progress: (@Sendable (String) -> Void)?
    /// Opens the run's second connection (to the same database); without it, or if it cannot
    /// be opened, the run uses `connection` alone.
    public var helper: (() throws -> PostgresConnection)?

    public init(connection: PostgresConnection, files: ProjectFiles, logger: Logger) {
        self.connection = connection
        self.files = files
        self.logger = logger
    }

    /// What a run found.
    public struct Outcome: Sendable, Equatable {
        public var compared = 0
        /// Pairs compared by each rule of the matcher, in its order.
        public var comparedByRule: [Int] = []
        public var linked = 0
        public var review = 0
        public var pendingTotal = 0
        /// Connections the run blocked and compared on (2 with a ``PersonLinker/helper``).
        public var connections = 1
    }

    /// Matches the identities first listed by `batches` (every current identity when nil)
    /// against the whole register: pairs above the link threshold are linked by danso, pairs
    /// between the thresholds go to review; a pair decided before is left as it was (a
    /// rejected pair never comes back). The pairs are recorded in one transaction; the
    /// working tables before it hold no decision and are dropped however the run ends.
    @discardableResult
    public func run(newFromBatches batches: [Int64]?) throws -> Outcome {
        let stored = try LinkModelStore(connection: connection).current()
        let matcher = Matcher(model: stored.model, thresholds: stored.thresholds, maxBlockSize: maxBlockSize)
        var connections = [connection]
        if let helper {
            do { connections.append(try helper()) } catch {
                logger.warning("person linkage on one connection", metadata: ["reason": "\(error)"])
            }
        }
        // What loading the registers before freed is given back before the run allocates.
        FreedMemory.giveBack()
        let area = try LinkWorkArea.open(connection)
        defer { try? area.drop(connection) }
        let clock = ContinuousClock(), started = clock.now
        let blocks = RegisterBlocks(connections: connections, matcher: matcher)
        blocks.memberPartitionBytes = partitionBytes
        defer { blocks.remove() }
        progress?("tìm người trùng: lập khối / same person: blocking")
        let built = try blocks.build(files: files, newFromBatches: batches)
        let frequencies = built.frequencies
        let blocked = clock.now
        // Pairs to review go to the found table as each run is scored; only the links, which
        // consistency needs, stay in memory (without their explanations).
        let found = FoundPairs(connection: connection, table: area.table("found"), temporary: false)
        try found.create()
        struct Tally {
            var links: [(a: Int64, b: Int64, weight: Double)] = []
            var outcome: Outcome
            var scoring = Duration.zero
            var rulesStarted = Set<Int>()
        }
        let tally = Locked(Tally(outcome: Outcome(comparedByRule: [Int](repeating: 0, count: matcher.rules.count))))
        let rules = matcher.rules
        // Each connection's runs of `runSize / connections` identities: the same memory as one.
        try blocks.forEachRun(runSize: max(1, runSize / connections.count)) { run, c in
            if tally.update({ $0.rulesStarted.insert(run.rule).inserted }) {
                self.progress?("tìm người trùng: so sánh theo quy tắc \(run.rule + 1)/\(rules.count) / same person: comparing by rule \(run.rule + 1) of \(rules.count) (\(rules[run.rule].name))")
            }
            let begin = clock.now
            let result = matcher.score(run, frequencies: frequencies)
            let took = clock.now - begin
            try found.on(c).write(result.pairs)
            tally.update {
                $0.scoring += took
                $0.outcome.compared += result.compared
                $0.outcome.comparedByRule[run.rule] += result.compared
                $0.links += result.pairs.lazy.filter { $0.decision == .link }.map { (a: $0.a, b: $0.b, weight: $0.score.weight) }
            }
        }
        let scored = clock.now
        var (outcome, links, scoring) = tally.update { ($0.outcome, $0.links, $0.scoring) }
        outcome.connections = connections.count
        try connection.transaction { c in
            let involved = try blocks.identities(Array(Set(links.flatMap { [$0.a, $0.b] })).sorted())
            links.sort { ($0.a, $0.b) < ($1.a, $1.b) }
            try found.apply(matcher.consistencyChanges(links: links, records: involved.records, isNew: involved.isNew,
                                                       fullNameCounts: involved.fullNameCounts, frequencies: frequencies))
            try found.setFoundBy(origins: blocks.origins)
            let ledger = LinkLedger(connection: c)
            (outcome.linked, outcome.review) = try ledger.recordFound(modelID: stored.id,
                                                                      batchID: batches?.count == 1 ? batches?.first : nil,
                                                                      from: area.table("found"))
            outcome.pendingTotal = try ledger.pendingCount()
        }
        logger.info("person linkage", metadata: [
            "records": "\(built.identities)", "new": "\(built.new)", "compared": "\(outcome.compared)",
            "linked": "\(outcome.linked)", "review": "\(outcome.review)", "connections": "\(outcome.connections)",
            "compared_by_rule": "\(outcome.comparedByRule.map(String.init).joined(separator: " "))",
            "skipped_blocks": "\(built.skipped.values.reduce(0, +))",
            "seconds": "blocks \(Self.seconds(blocked - started)), runs \(Self.seconds(scored - blocked)) (scoring \(Self.seconds(scoring))), rest \(Self.seconds(clock.now - scored))"])
        return outcome
    }

    /// A duration as seconds with two decimals (the run's log line).
    static func seconds(_ d: Duration) -> String {
        String(format: "%.2f", Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }
}

/// The register's identities as the matcher reads them (sql/queries/link_people.sql),
/// all in memory: what estimating a model from the register reads (``LinkTraining``).
struct RegisterIdentities {
    var records: [PersonRecord] = []

    static func load(_ c: PostgresConnection, files: ProjectFiles) throws -> RegisterIdentities {
        try c.execute(PostgresQuery(unsafeSQL: "create temporary table link_person on commit drop as\n" + (try files.query("link_people")),
                                    binds: [nil, nil, nil]))
        try c.execute("declare link_people no scroll cursor for select * from link_person order by person_id")
        var people = RegisterIdentities()
        while true {
            let rows = try c.query("fetch forward 50000 from link_people")
            if rows.isEmpty { break }
            people.records += rows.map(IdentityRow.record)
        }
        try c.execute("close link_people")
        return people
    }
}

/// A pair the matcher kept (at or above the review threshold).
struct FoundPair {
    var a: Int64
    var b: Int64
    var score: MatchScore
    var decision: MatchDecision
    /// register, birth, arrival or move (registry.person_link.found_by); nil for the
    /// linker's pairs until ``FoundPairs/setFoundBy(records:)`` works it out.
    var foundBy: String?
}

/// Reads a row of link_person (sql/queries/link_people.sql) into the matcher's record.
enum IdentityRow {
    /// A row with link_person's columns, found by name.
    static func record(_ row: PostgresRow) -> PersonRecord {
        build { row[RegisterBlocks.identityColumns[$0]] }
    }

    /// A row whose columns are ``RegisterBlocks/identityColumns``, in that order, read by
    /// position: blocking reads every identity of the register this way, and finding each
    /// column by name hashed the name for every value.
    static func recordByPosition(_ row: PostgresRow) -> PersonRecord {
        build { row[$0] }
    }

    /// The record from the value of each of ``RegisterBlocks/identityColumns`` by its place
    /// in that list (an empty text is no value).
    private static func build(_ value: (Int) -> String?) -> PersonRecord {
        func text(_ i: Int) -> String? {
            guard let v = value(i), !v.isEmpty else { return nil }
            return v
        }
        typealias At = Place
        return PersonRecord(
            id: Int64(value(At.personID) ?? "") ?? 0, fullName: text(At.fullName) ?? "", sex: text(At.sex).flatMap(Int.init),
            birthYear: text(At.birthYear).flatMap(Int.init), birthMonth: text(At.birthMonth).flatMap(Int.init),
            birthDay: text(At.birthDay).flatMap(Int.init), personalNumber: text(At.personalNumber),
            householdKey: text(At.householdID), communeCode: text(At.communeCode), motherKey: text(At.motherID),
            area: text(At.areaCode))
    }

    /// Each field's place in ``RegisterBlocks/identityColumns``, found once by its name.
    private enum Place {
        static func of(_ name: String) -> Int { RegisterBlocks.identityColumns.firstIndex(of: name)! }
        static let personID = of("person_id"), fullName = of("full_name"), sex = of("sex"), birthYear = of("birth_year")
        static let birthMonth = of("birth_month"), birthDay = of("birth_day"), personalNumber = of("personal_number")
        static let householdID = of("household_id"), communeCode = of("commune_code"), motherID = of("mother_id")
        static let areaCode = of("area_code")
    }
}
