import DansoLinkage
import DansoPostgres
import DansoWarehouse
import Foundation

/// Writes pairs and decisions: `registry.person_link` holds the decision in force,
/// `audit.link_decision` every decision, and the clusters follow every change.
struct LinkLedger {
    let connection: PostgresConnection

    /// Who an automatic decision is recorded as.
    static let automatic = "danso (tự động / automatic)"
    /// New pairs from which a run analyses `registry.person_link` before reclustering.
    static let analyzeAfter = 1_000

    /// Stores new pairs (at most one row per pair; a pair already there is left as it is).
    @discardableResult
    func record(_ pairs: [FoundPair], modelID: Int64, batchID: Int64?) throws -> (linked: Int, review: Int) {
        guard !pairs.isEmpty else { return (0, 0) }
        let found = FoundPairs(connection: connection)
        try found.create()
        try found.write(pairs)
        return try recordFound(modelID: modelID, batchID: batchID)
    }

    /// Stores the pairs of `found` (``FoundPairs``'s table), in pair order: a pair decided
    /// before is left as it was (a rejected pair never comes back). Returns the pairs
    /// stored, by decision.
    func recordFound(modelID: Int64, batchID: Int64?, from found: String = "link_found") throws -> (linked: Int, review: Int) {
        let rows = try connection.query("""
            with new as (
                insert into registry.person_link (person_a, person_b, found_by, weight, probability, explanation,
                                                  status, decided_by, model_id, batch_id)
                select f.person_a, f.person_b, f.found_by, f.weight, f.probability, f.explanation::jsonb, f.status,
                       \(Self.automatic), \(modelID), \(batchID)::bigint
                from \(unsafeSQL: found) f order by f.person_a, f.person_b
                on conflict (person_a, person_b) do nothing
                returning link_id, person_a, person_b, status),
            decided as (
                insert into audit.link_decision (link_id, status, decided_by, note)
                select n.link_id, n.status, \(Self.automatic), null from new n)
            -- The linked pairs, and one more row with the number sent to review.
            select n.person_a, n.person_b, null::bigint as review from new n where n.status = 'linked'
            union all
            select null, null, count(*) from new n where n.status = 'review'
            """)
        let linked = rows.filter { $0.int("review") == nil }
        let review = rows.compactMap { $0.int("review") }.first ?? 0
        // A province's first run adds thousands of pairs to a table the planner counted
        // (nearly) empty: recluster then joined its 3,790 identities to every linked pair by
        // a nested loop (14.5 million comparisons, 0.8 s). Counted again, it looks pairs up
        // through their keys. The statistics are this transaction's until it commits.
        if linked.count + review >= Self.analyzeAfter { try connection.execute("analyze registry.person_link") }
        let people = linked.flatMap { [Int64($0.int("person_a") ?? 0), Int64($0.int("person_b") ?? 0)] }
        if !people.isEmpty { try recluster(people) }
        return (linked.count, review)
    }

    /// Changes the decision on one pair; returns the pair's identities.
    func decide(_ id: Int64, status: String, by: String, note: String?, allowedFrom: [String]) throws -> (Int64, Int64) {
        let rows = try connection.query("select status, person_a, person_b from registry.person_link where link_id = \(id) for update")
        guard let row = rows.first else { throw DeduplicationError.unknownPair(id) }
        let current = row["status"] ?? ""
        guard allowedFrom.contains(current) else {
            throw DeduplicationError.wrongStatus(pair: id, status: current, expected: allowedFrom)
        }
        try connection.execute("""
            update registry.person_link set status = \(status), decided_by = \(by), decided_at = now() where link_id = \(id)
            """)
        try connection.execute("""
            insert into audit.link_decision (link_id, status, decided_by, note) values (\(id), \(status), \(by), \(note))
            """)
        let pair = (Int64(row.int("person_a") ?? 0), Int64(row.int("person_b") ?? 0))
        try recluster([pair.0, pair.1])
        return pair
    }

    /// Regroups the identities into real people, and asks for the refresh of the figures
    /// they change (the caller runs it after its transaction commits).
    func recluster(_ people: [Int64]) throws {
        try connection.execute("select registry.recluster(\(people)::bigint[])")
        try IndicatorRefresh.requestAfterLinkDecision(people: people, reason: "quyết định ghép / link decision",
                                                      conn: connection)
    }

    /// Pairs waiting for a reviewer: both identities still count.
    func pendingCount() throws -> Int {
        try connection.query("select count(*) as n from registry.pending_links").first?.int("n") ?? 0
    }
}
