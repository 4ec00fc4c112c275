import CLibPQ
import Foundation

/// Helpers for libpq connection strings.
public enum PostgresConnInfo {
    /// Quotes a value for a `key=value` connection string: single quotes, `\` and `'` escaped.
    public static func quote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// Builds a `key=value` connection string, quoting every value.
    public static func make(_ pairs: KeyValuePairs<String, String>) -> String {
        pairs.map { "\($0.key)=\(quote($0.value))" }.joined(separator: " ")
    }

    /// The same connection string (`key=value` or URL) pointing at another database.
    ///
    /// - Throws: `PostgresError` of kind `.connection` when libpq cannot parse `conninfo`.
    public static func settingDatabase(_ database: String, in conninfo: String) throws -> String {
        let options = try ConnInfoOptions(parsing: conninfo)
        var pairs = options.pairs.filter { $0.key != "dbname" }
        pairs.append((key: "dbname", value: database))
        return pairs.map { "\($0.key)=\(quote($0.value))" }.joined(separator: " ")
    }

    /// The value of one keyword (e.g. `dbname`, `host`) in a connection string, if set.
    public static func value(of keyword: String, in conninfo: String) throws -> String? {
        try ConnInfoOptions(parsing: conninfo).pairs.first { $0.key == keyword }?.value
    }
}

/// Owns the array `PQconninfoParse` returns (`PQconninfoFree` in `deinit`).
private final class ConnInfoOptions {
    private let pointer: UnsafeMutablePointer<PQconninfoOption>

    init(parsing conninfo: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let pointer = PQconninfoParse(conninfo, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresError(kind: .connection, message: "invalid connection string: \(message ?? "out of memory")")
        }
        self.pointer = pointer
    }

    deinit {
        PQconninfoFree(pointer)
    }

    /// The options that were set, in libpq's order.
    var pairs: [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        var option = pointer
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                result.append((key: String(cString: keyword), value: String(cString: value)))
            }
            option += 1
        }
        return result
    }
}
