/// The rows of a query result, copied into Swift values (no libpq memory is kept).
public struct PostgresRows: RandomAccessCollection, Sendable {
    /// Column names in result order.
    public let columns: [String]
    /// The count from the command tag (e.g. rows changed by `UPDATE … RETURNING`).
    public let affectedRows: Int
    let storage: Storage

    /// Immutable storage shared by the rows and every `PostgresRow` taken from them.
    final class Storage: Sendable {
        let columnIndex: [String: Int]
        let width: Int
        let values: [String?]

        init(columns: [String], values: [String?]) {
            self.columnIndex = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            self.width = columns.count
            self.values = values
        }
    }

    init(columns: [String], values: [String?], affectedRows: Int) {
        self.columns = columns
        self.affectedRows = affectedRows
        self.storage = Storage(columns: columns, values: values)
    }

    /// Always 0.
    public var startIndex: Int { 0 }

    /// The number of rows.
    public var endIndex: Int { storage.width == 0 ? 0 : storage.values.count / storage.width }

    /// The number of rows.
    public var count: Int { endIndex }

    /// The row at `position` (0-based).
    public subscript(position: Int) -> PostgresRow {
        precondition(position >= 0 && position < endIndex, "row \(position) out of range 0..<\(endIndex)")
        return PostgresRow(storage: storage, row: position)
    }
}

/// One row of a `PostgresRows`, with values in PostgreSQL's text format.
///
/// - Important: Asking for a column name the result does not have is a programming error and
///   traps, like an out-of-range index; a `nil` always means SQL NULL (or, for the typed
///   accessors, a value that does not parse as that type).
public struct PostgresRow: Sendable {
    let storage: PostgresRows.Storage
    let row: Int

    /// The value of the column at `index`, or `nil` for NULL.
    public subscript(_ index: Int) -> String? {
        precondition(index >= 0 && index < storage.width, "column \(index) out of range 0..<\(storage.width)")
        return storage.values[row * storage.width + index]
    }

    /// The value of the column called `name` (the first one, if several share it), or `nil` for NULL.
    public subscript(_ name: String) -> String? {
        guard let index = storage.columnIndex[name] else {
            preconditionFailure("no column named \(name); the columns are \(storage.columnIndex.keys.sorted())")
        }
        return self[index]
    }

    /// The column's text, or `nil` for NULL.
    public func string(_ name: String) -> String? {
        self[name]
    }

    /// The column as an integer, or `nil` for NULL or non-integer text.
    public func int(_ name: String) -> Int? {
        self[name].flatMap { Int($0) }
    }

    /// The column as a double (`numeric`, `float8`, `Infinity`, `NaN` included), or `nil` for NULL.
    public func double(_ name: String) -> Double? {
        self[name].flatMap { Double($0) }
    }

    /// The column as a boolean (`t`/`f`, `true`/`false`), or `nil` for NULL.
    public func bool(_ name: String) -> Bool? {
        switch self[name] {
        case "t", "true": return true
        case "f", "false": return false
        default: return nil
        }
    }
}
