/// A Swift value that can be sent as a query parameter in PostgreSQL's text format.
///
/// Conforming types: `String`, `Int`, `Int32`, `Int64`, `Double`, `Bool`, and arrays of
/// `PostgresArrayElement` (sent as an array literal such as `{"a","b"}`). Dates are passed as
/// ISO 8601 strings and cast in SQL (`\(isoDate)::date`). An interpolated `nil` is SQL NULL.
public protocol PostgresEncodable: Sendable {
    /// The value as PostgreSQL's text input format expects it.
    var postgresText: String { get }
}

/// A value that can be an element of an array parameter; optionals of these are too (`nil` → NULL).
public protocol PostgresArrayElement: Sendable {
    /// The element's text, or `nil` for a NULL element.
    var postgresArrayElementText: String? { get }
}

extension PostgresArrayElement where Self: PostgresEncodable {
    /// The element's `postgresText`.
    public var postgresArrayElementText: String? { postgresText }
}

extension String: PostgresEncodable, PostgresArrayElement {
    /// The value as PostgreSQL reads it.
    public var postgresText: String { self }
}

extension Int: PostgresEncodable, PostgresArrayElement {
    /// The value as PostgreSQL reads it.
    public var postgresText: String { String(self) }
}

extension Int32: PostgresEncodable, PostgresArrayElement {
    /// The value as PostgreSQL reads it.
    public var postgresText: String { String(self) }
}

extension Int64: PostgresEncodable, PostgresArrayElement {
    /// The value as PostgreSQL reads it.
    public var postgresText: String { String(self) }
}

extension Double: PostgresEncodable, PostgresArrayElement {
    /// Uses PostgreSQL's spellings for the special values (`Infinity`, `-Infinity`, `NaN`).
    public var postgresText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)
    }
}

extension Bool: PostgresEncodable, PostgresArrayElement {
    /// `t` or `f`.
    public var postgresText: String { self ? "t" : "f" }
}

extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    /// The wrapped element's text, or `nil` (a NULL element).
    public var postgresArrayElementText: String? { self.flatMap { $0.postgresArrayElementText } }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// A one-dimensional array literal: every element double-quoted with `"` and `\` escaped,
    /// `nil` elements as unquoted NULL.
    public var postgresText: String {
        var text = "{"
        for (index, element) in enumerated() {
            if index > 0 { text += "," }
            guard let elementText = element.postgresArrayElementText else {
                text += "NULL"
                continue
            }
            text += "\""
            for scalar in elementText.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { text += "\\" }
                text.unicodeScalars.append(scalar)
            }
            text += "\""
        }
        return text + "}"
    }
}
