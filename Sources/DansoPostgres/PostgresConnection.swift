import Logging

/// One synchronous libpq connection.
///
/// Not thread-safe: use a connection from one task at a time (it is not `Sendable`). Statements
/// are sent with `PQexecParams`, parameters and results in text format; results are copied into
/// `PostgresRows` before the `PGresult` is freed.
public final class PostgresConnection {
    let handle: ConnectionHandle
    /// Where notices and statement traces go (a second connection opened beside this one
    /// reports to the same place).
    public let logger: Logger
    /// How this connection was opened: work split over two connections opens the second one
    /// to the same database with it (`IndicatorRefresh`).
    public let conninfo: String
    var savepointDepth = 0
    /// Statements sent more than once on this connection, by text: prepared once (named) so
    /// the server plans them once; a change file runs the same dozen look-ups, and planning
    /// them each time cost a quarter of a month's server time (partitioned events).
    var statementUses: [String: Int] = [:]
    var preparedNames: [String: String] = [:]

    /// Connects with a libpq connection string (`host=… dbname=…` or `postgresql://…`) and sets
    /// `client_encoding` to UTF8 so all text crosses the wire as UTF-8.
    public init(conninfo: String, logger: Logger, file: String = #fileID, line: Int = #line) throws {
        guard let handle = ConnectionHandle(conninfo: conninfo) else {
            throw PostgresError(kind: .connection, message: "libpq could not allocate a connection", file: file, line: line)
        }
        // On any throw below, `handle` is released and its deinit calls PQfinish.
        guard handle.isConnected else {
            throw PostgresError(kind: .connection, message: handle.errorMessage, file: file, line: line)
        }
        guard handle.setClientEncoding("UTF8") else {
            throw PostgresError(kind: .connection, message: "could not set client_encoding to UTF8: \(handle.errorMessage)", file: file, line: line)
        }
        handle.routeNotices(to: logger)
        self.handle = handle
        self.logger = logger
        self.conninfo = conninfo
    }

    /// True inside a transaction (or a failed one): a second connection would not see its writes.
    public var isInTransaction: Bool { handle.transactionStatus != .idle }

    /// The server version as libpq reports it, e.g. 150010 for 15.10.
    public var serverVersion: Int { handle.serverVersion }

    /// Runs one statement and returns its rows.
    public func query(_ query: PostgresQuery, file: String = #fileID, line: Int = #line) throws -> PostgresRows {
        try run(query, file: file, line: line).materialise()
    }

    /// Runs one statement and returns the number of rows it inserted, updated, deleted or copied.
    @discardableResult
    public func execute(_ query: PostgresQuery, file: String = #fileID, line: Int = #line) throws -> Int {
        try run(query, file: file, line: line).affectedRows
    }

    /// Runs a script of several statements with `PQexec`, without parameters.
    ///
    /// - Important: For migration scripts that ship with danso only. The text is sent verbatim,
    ///   and unless the script has its own `BEGIN`/`COMMIT` the statements run in one implicit
    ///   transaction.
    public func execute(unsafeSQL script: String, file: String = #fileID, line: Int = #line) throws {
        try checkNoNUL(script, what: "the script", query: script, file: file, line: line)
        logger.trace("postgres script", metadata: ["bytes": "\(script.utf8.count)"])
        let result = handle.exec(script)
        try check(result, query: script, file: file, line: line)
    }

    /// Sends a statement and returns its result, or throws with the connection left usable.
    func run(_ query: PostgresQuery, file: String, line: Int) throws -> ResultHandle {
        try checkNoNUL(query.sql, what: "the query text", query: query.sql, file: file, line: line)
        for (index, bind) in query.binds.enumerated() {
            if let bind { try checkNoNUL(bind, what: "parameter $\(index + 1)", query: query.sql, file: file, line: line) }
        }
        logger.trace("postgres query", metadata: ["sql": "\(query.sql)", "binds": "\(query.binds.count)"])
        if let name = try preparedName(query, file: file, line: line) {
            return try check(handle.execPrepared(name, binds: query.binds), query: query.sql, file: file, line: line)
        }
        let result = handle.execParams(query.sql, binds: query.binds)
        return try check(result, query: query.sql, file: file, line: line)
    }

    /// The name of the statement prepared for `query`, preparing it on its second use; nil
    /// for statements without parameters (utility statements, one-off SQL) and once the
    /// connection holds `Self.maxPrepared` of them.
    private func preparedName(_ query: PostgresQuery, file: String, line: Int) throws -> String? {
        guard !query.binds.isEmpty else { return nil }
        if let name = preparedNames[query.sql] { return name }
        guard preparedNames.count < Self.maxPrepared else { return nil }
        if statementUses.count >= Self.maxPrepared * 16 { statementUses.removeAll() }   // one-off texts
        let uses = statementUses[query.sql, default: 0] + 1
        statementUses[query.sql] = uses
        guard uses >= 2 else { return nil }
        let name = "danso_\(preparedNames.count + 1)"
        try check(handle.prepare(name, sql: query.sql, parameterCount: query.binds.count),
                  query: query.sql, file: file, line: line)
        preparedNames[query.sql] = name
        statementUses[query.sql] = nil
        return name
    }

    static let maxPrepared = 64

    /// Turns anything but a completed command into a thrown error, after draining the
    /// connection and leaving any COPY mode.
    @discardableResult
    func check(_ result: ResultHandle?, query: String, file: String, line: Int) throws -> ResultHandle {
        guard let result else {
            let error = PostgresError(kind: .connection, message: handle.errorMessage, query: query, file: file, line: line)
            drainResults()
            throw error
        }
        switch result.status {
        case .commandOK, .tuplesOK, .emptyQuery:
            return result
        case .error:
            let error = makeError(result, query: query, file: file, line: line)
            drainResults()
            throw error
        case .copyIn, .copyOut, .copyBoth, .other:
            abandonCopy(result)
            drainResults()
            throw PostgresError(
                kind: .protocolViolation,
                message: "unexpected result (\(result.status)); use copyIn(_:_:) for COPY … FROM STDIN",
                query: query, file: file, line: line)
        }
    }

    /// Builds a `PostgresError` from a failed result's fields.
    func makeError(_ result: ResultHandle, query: String?, file: String, line: Int) -> PostgresError {
        let fields = result.errorFields
        let kind: PostgresError.Kind? = (fields.sqlstate == nil && !handle.isConnected) ? .connection : nil
        let fallback = fields.fullMessage ?? handle.errorMessage
        return PostgresError(
            kind: kind, sqlstate: fields.sqlstate,
            message: fields.message ?? (fallback.isEmpty ? "unknown error" : fallback),
            detail: fields.detail, hint: fields.hint, query: query,
            constraint: fields.constraint, table: fields.table, column: fields.column,
            file: file, line: line)
    }

    /// Reads results until libpq returns NULL, so the next command can be sent; also gets the
    /// connection out of any COPY state it finds on the way.
    func drainResults() {
        // Bounded so a broken connection cannot spin forever.
        for _ in 0..<1_000 {
            guard let result = handle.nextResult() else { return }
            abandonCopy(result)
        }
        logger.error("postgres: gave up draining results; the connection may be unusable")
    }

    private func abandonCopy(_ result: ResultHandle) {
        switch result.status {
        case .copyIn:
            _ = handle.putCopyEnd(failure: "abandoned by danso")
        case .copyOut:
            while handle.discardCopyData() >= 0 {}
        default:
            break
        }
    }

    private func checkNoNUL(_ text: String, what: String, query: String, file: String, line: Int) throws {
        if text.utf8.contains(0) {
            throw PostgresError(
                kind: .other, sqlstate: "22021",
                message: "\(what) contains a NUL byte, which PostgreSQL text cannot hold",
                query: query, file: file, line: line)
        }
    }
}
