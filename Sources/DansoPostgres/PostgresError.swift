/// An error reported by PostgreSQL or by libpq, with the server's fields and where it was raised.
///
/// `description` is deliberately generic (kind, SQLSTATE, constraint, source location) so it can
/// go into logs without leaking personal data; the server message, detail, hint and query text
/// are in `debugDescription`.
public struct PostgresError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
    /// What went wrong, derived from the SQLSTATE so callers can branch without string matching.
    public enum Kind: Sendable, Equatable {
        /// Could not connect, or the connection was lost (SQLSTATE class 08, 57P01–57P03, or no SQLSTATE and a broken connection).
        case connection
        /// 23505: a unique or primary-key constraint was violated.
        case uniqueViolation
        /// 23503: a foreign-key constraint was violated.
        case foreignKeyViolation
        /// 23502: a NOT NULL constraint was violated.
        case notNullViolation
        /// 23514: a CHECK constraint was violated.
        case checkViolation
        /// 23P01: an exclusion constraint was violated (e.g. overlapping validity intervals).
        case exclusionViolation
        /// 40001: the transaction could not be serialised; retry it.
        case serializationFailure
        /// 40P01: a deadlock was detected; retry the transaction.
        case deadlock
        /// SQLSTATE class 42: syntax error, undefined table/column/function, insufficient privilege.
        case syntax
        /// 57014: the statement was cancelled (statement_timeout, pg_cancel_backend, aborted COPY).
        case queryCanceled
        /// The COPY data stream could not be sent.
        case copyFailed
        /// libpq returned something this wrapper did not expect (e.g. a COPY from `query`).
        case protocolViolation
        /// Any other error.
        case other

        /// Maps a five-character SQLSTATE to a kind.
        public init(sqlstate: String) {
            switch sqlstate {
            case "23505": self = .uniqueViolation
            case "23503": self = .foreignKeyViolation
            case "23502": self = .notNullViolation
            case "23514": self = .checkViolation
            case "23P01": self = .exclusionViolation
            case "40001": self = .serializationFailure
            case "40P01": self = .deadlock
            case "57014": self = .queryCanceled
            case "57P01", "57P02", "57P03": self = .connection
            default:
                if sqlstate.hasPrefix("08") { self = .connection }
                else if sqlstate.hasPrefix("42") { self = .syntax }
                else { self = .other }
            }
        }
    }

    /// The kind of failure.
    public let kind: Kind
    /// The five-character SQLSTATE, when the server sent one.
    public let sqlstate: String?
    /// The primary message (from the server, or from libpq for client-side failures).
    public let message: String
    /// The server's DETAIL field; may contain row values, so it is only in `debugDescription`.
    public let detail: String?
    /// The server's HINT field.
    public let hint: String?
    /// The SQL text that failed (with `$n` placeholders, never the bound values).
    public let query: String?
    /// The name of the violated constraint, when the server reports one.
    public let constraint: String?
    /// The table the error concerns, when the server reports one.
    public let table: String?
    /// The column the error concerns, when the server reports one.
    public let column: String?
    /// `#fileID` of the call site.
    public let file: String
    /// `#line` of the call site.
    public let line: Int

    /// Creates an error; the kind defaults to the one derived from `sqlstate`.
    public init(
        kind: Kind? = nil, sqlstate: String? = nil, message: String,
        detail: String? = nil, hint: String? = nil, query: String? = nil,
        constraint: String? = nil, table: String? = nil, column: String? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.kind = kind ?? sqlstate.map(Kind.init(sqlstate:)) ?? .other
        self.sqlstate = sqlstate
        self.message = message
        self.detail = detail
        self.hint = hint
        self.query = query
        self.constraint = constraint
        self.table = table
        self.column = column
        self.file = file
        self.line = line
    }

    /// Kind, SQLSTATE, constraint and call site only: safe to log.
    public var description: String {
        var text = "PostgresError.\(kind)"
        if let sqlstate { text += " (SQLSTATE \(sqlstate))" }
        if let constraint { text += " constraint \(constraint)" }
        text += " at \(file):\(line)"
        return text
    }

    /// Everything, including the server message, detail, hint and query text.
    public var debugDescription: String {
        var lines = [description, "message: \(message)"]
        if let detail { lines.append("detail: \(detail)") }
        if let hint { lines.append("hint: \(hint)") }
        if let table { lines.append("table: \(table)") }
        if let column { lines.append("column: \(column)") }
        if let query { lines.append("query: \(query)") }
        return lines.joined(separator: "\n")
    }
}
