import DansoPostgres
import Foundation

/// Keeps the star schema (`dw`) and the indicator mart (`mart`) current after the register
/// changes: what a change asks for is recorded with it, and done right after it commits.
///
/// An ingest records its request inside its own transaction (so a killed run leaves the
/// request, not a stale mart), and the refresh runs in a transaction of its own: readers see
/// the figures before the batch or after it, never half of it. A pipeline run of many files
/// refreshes once, after the last one (`IngestOptions.refresh`).
public struct IndicatorRefresh {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// One group of communes redone from one month on.
    public struct Step: Sendable, Equatable {
        public var communes: Int
        public var from: String
        public var requests: Int
    }

    /// What a refresh did, and how long it took.
    public struct Summary: Sendable, Equatable {
        public var steps: [Step] = []
        public var seconds = 0.0
        public var communes: Int { steps.reduce(0) { $0 + $1.communes } }
        public var isEmpty: Bool { steps.isEmpty }
    }

    /// Runs every refresh waiting (from this run or from a run that stopped before its own).
    @discardableResult
    public func runRequested() throws -> Summary {
        let start = Date()
        let rows = try connection.transaction { c in
            try c.query("select communes, from_day::text as from_day, requests from mart.refresh_requested()")
        }
        var summary = Summary()
        summary.steps = rows.map {
            Step(communes: $0.int("communes") ?? 0, from: $0["from_day"] ?? "", requests: $0.int("requests") ?? 0)
        }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// Rebuilds every fact and every value from the register (`danso refresh --full`); the
    /// values equal those the incremental refreshes left, and only changed ones are revised.
    public func runFull() throws -> Double {
        let start = Date()
        try connection.transaction { c in
            try c.execute("delete from staging.indicator_refresh_request")
            try c.execute("select mart.refresh_full()")
        }
        return Date().timeIntervalSince(start)
    }

    /// Requests waiting: the mart is behind the register until they run.
    public func pendingRequests() throws -> Int {
        try connection.query("select count(*)::int as n from staging.indicator_refresh_request").first?.int("n") ?? 0
    }

    // MARK: - Requests, inside the transaction of the change that makes them

    /// A register batch: its communes from its as-of date.
    static func requestAfterRegisterBatch(_ batchID: Int, conn: PostgresConnection) throws {
        try conn.execute("select staging.request_refresh_for_register_batch(\(batchID))")
    }

    /// A change batch: its communes from its report month, and what its slips touched.
    static func requestAfterChangeBatch(_ batchID: Int, slips: [Int64], conn: PostgresConnection) throws {
        try conn.execute("select staging.request_refresh_for_change_batch(\(batchID), \(slips)::bigint[])")
    }

    /// Slips applied on a quarantine retry.
    static func requestAfterSlips(_ slips: [Int64], batchID: Int, conn: PostgresConnection) throws {
        guard !slips.isEmpty else { return }
        try conn.execute("""
            select staging.request_refresh_for_slips(\(slips)::bigint[],
                \("thử lại sau lô \(batchID) / retried after batch \(batchID)"))
            """)
    }

    /// A link decision: the communes of the identities and their clusters.
    public static func requestAfterLinkDecision(people: [Int64], reason: String, conn: PostgresConnection) throws {
        guard !people.isEmpty else { return }
        try conn.execute("select staging.request_refresh_for_people(\(people)::bigint[], \(reason))")
    }
}
