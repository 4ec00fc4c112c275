import DansoPostgres

/// Brings the planner's statistics of the register up to date after a large register load.
///
/// Autovacuum analyses a table once a tenth of it changed, but in its own time: on the
/// province load it was still working through 1.2 million new rows while the next month's
/// change files were planned against a register the planner thought was empty, and that
/// month took 4–6 s instead of 2. Analysing at the end of the load itself costs about a
/// second and leaves the next step planned against the register as it is.
public enum RegisterStatistics {
    /// The register tables a register load writes. Not `staging.a0_line` (0.38 s of the
    /// 1.04 s on the province): it is only ever read by batch and line, through its key.
    static let tables = [
        "registry.household", "registry.household_state", "registry.household_listing",
        "registry.person", "registry.person_state", "registry.person_snapshot",
    ]

    /// Analyses the register's tables when `lines` register lines, just loaded, are at least a
    /// tenth of the people the statistics last counted (or the register was never analysed);
    /// returns whether it did. Smaller loads are left to autovacuum.
    ///
    /// Given a second connection (`helper`), `registry.person_state` is analysed on it while
    /// the other five are analysed on `connection`: on the province they take about the same
    /// time (0.31 s and 0.31 s of 0.62 s), and the linkage that follows waits for both.
    @discardableResult
    public static func refresh(afterLoading lines: Int, connection: PostgresConnection,
                               helper: (() throws -> PostgresConnection)? = nil) throws -> Bool {
        guard lines > 0 else { return false }
        let counted = try connection.query("select reltuples::float8 as n from pg_class where oid = 'registry.person_state'::regclass")
            .first.flatMap { $0["n"] }.flatMap(Double.init) ?? -1
        guard counted < 0 || Double(lines) >= 0.1 * counted else { return false }
        guard let second = try? helper?() else {
            try connection.execute("analyze \(unsafeSQL: tables.joined(separator: ", "))")
            return true
        }
        let states = Beside { try second.execute("analyze registry.person_state") }
        let others = Result { try connection.execute("analyze \(unsafeSQL: tables.filter { $0 != "registry.person_state" }.joined(separator: ", "))") }
        try states.wait()
        try others.get()
        return true
    }
}
