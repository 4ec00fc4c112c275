import DansoPostgres
import Foundation
import Logging

/// Keeps the star schema (`dw`) and the indicator mart (`mart`) current after the register
/// changes: what a change asks for is recorded with it, and done right after it commits.
///
/// An ingest records its request inside its own transaction (so a killed run leaves the
/// request, not a stale mart), and the refresh runs after it: readers see the indicator
/// values before the batch or after it, never half of them (they change in one transaction;
/// the month-end snapshot, written on a second connection, commits a moment before them). A
/// pipeline run of many files refreshes once, after the last one (`IngestOptions.refresh`).
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
    ///
    /// From an idle connection, the month-end snapshot is written on a second connection while
    /// this one analyses the tables only it reads and writes the event facts (migrations 0027
    /// and 0028: they read the register and write different tables; February's refresh spent
    /// 0.42 s and 0.94 s on them one after the other, and 0.16 s on an ANALYZE before both).
    /// The values are written once both are done, in one transaction. Inside a caller's
    /// transaction everything runs here: a second connection would not see its writes.
    @discardableResult
    public func runRequested() throws -> Summary {
        let start = Date()
        let rows: PostgresRows
        if connection.isInTransaction {
            rows = try connection.transaction { c in
                try c.query("select communes, from_day::text as from_day, requests from mart.refresh_requested()")
            }
        } else {
            guard try pendingRequests() > 0 else { return Summary() }
            rows = try runOnTwoConnections()
        }
        var summary = Summary()
        summary.steps = rows.map {
            Step(communes: $0.int("communes") ?? 0, from: $0["from_day"] ?? "", requests: $0.int("requests") ?? 0)
        }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// mart.refresh_requested's parts, the month end on a connection of its own.
    private func runOnTwoConnections() throws -> PostgresRows {
        // The month end's inputs committed first: an ANALYZE inside the refresh's transaction
        // would stay invisible to the month end's connection, which would plan on the counts
        // before it. The other tables are analysed beside the month end (migration 0028).
        try connection.execute("select dw.analyze_stale_month_end_inputs()")
        return try connection.transaction { c in
            let finish: PostgresQuery = "select communes, from_day::text as from_day, requests from mart.finish_refresh_requested()"
            // Takes the refresh locks: from here no writer of the register can commit until
            // this transaction ends, which the month end's connection relies on.
            guard (try c.query("select mart.take_refresh_requests() as n").first?.int("n") ?? 0) > 0 else {
                return try c.query(finish)
            }
            // The month end (dw.refresh_month_end_alongside) on a connection and a thread of its
            // own, in a transaction that commits when it is done.
            let (conninfo, logger) = (c.conninfo, c.logger)
            let monthEnd = Beside {
                let connection = try PostgresConnection(conninfo: conninfo, logger: logger)
                try connection.transaction { try $0.execute("select dw.refresh_month_end_alongside()") }
            }
            let events = Result {
                try c.execute("select dw.analyze_stale_event_inputs()")
                try c.execute("select mart.refresh_requested_events()")
            }
            // Waited for even when the events failed: the month end relies on the locks held here.
            try monthEnd.wait()
            _ = try events.get()
            return try c.query(finish)
        }
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
