/// A SQL statement and its parameters, built with string interpolation.
///
/// Every interpolated value becomes a `$n` parameter sent separately from the SQL text, so
/// values can never change the statement:
///
/// ```swift
/// try conn.query("select * from person where name = \(name) and birth_year > \(year)")
/// ```
///
/// Two escape hatches exist: `\(identifier: name)` for table and column names and
/// `\(unsafeSQL: text)` for SQL text you have built yourself.
public struct PostgresQuery: ExpressibleByStringInterpolation, Sendable {
    /// The SQL text with `$1`, `$2`, … placeholders.
    public var sql: String
    /// The parameters in text format; `nil` is SQL NULL.
    public var binds: [String?]

    /// Creates a query from SQL text and already-encoded parameters.
    ///
    /// - Important: `sql` is sent as is; never build it from untrusted input.
    public init(unsafeSQL sql: String, binds: [String?] = []) {
        self.sql = sql
        self.binds = binds
    }

    /// A query without parameters.
    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    /// A query whose interpolated values became `$n` parameters.
    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// Quotes a table, column or schema name for use in SQL text: the one quoting helper.
    ///
    /// Wraps the name in double quotes and doubles any double quote inside it, so the result is
    /// always a single identifier, whatever the input.
    ///
    /// - Important: Use this (or `\(identifier:)`) for every identifier that is not a literal
    ///   in the source code. A quoted identifier is case-sensitive (`"Person"` ≠ `person`), and
    ///   PostgreSQL truncates identifiers longer than 63 bytes. Values never go through here:
    ///   interpolate them so they become parameters.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Builds the SQL text and parameter list of a `PostgresQuery` literal.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql: String
        var binds: [String?]

        /// Called by the compiler for each literal.
        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        /// Appends literal SQL text from the source code.
        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Appends a value as the next `$n` parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            bind(value.postgresText)
        }

        /// Appends an optional value as the next `$n` parameter; `nil` is SQL NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            bind(value?.postgresText)
        }

        /// Appends a quoted identifier (see `PostgresQuery.quoteIdentifier(_:)`).
        ///
        /// - Important: Only for names of tables, columns, schemas; values must be plain
        ///   interpolations so they are sent as parameters.
        public mutating func appendInterpolation(identifier: String) {
            sql += PostgresQuery.quoteIdentifier(identifier)
        }

        /// Appends SQL text verbatim.
        ///
        /// - Important: Never pass text derived from input here; it is not escaped.
        public mutating func appendInterpolation(unsafeSQL text: String) {
            sql += text
        }

        private mutating func bind(_ text: String?) {
            binds.append(text)
            sql += "$\(binds.count)"
        }
    }
}
