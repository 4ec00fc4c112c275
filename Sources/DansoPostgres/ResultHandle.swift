import Foundation
import CLibPQ

/// Owns one `PGresult*`: `PQclear` in `deinit`; rows are copied out as Swift values.
final class ResultHandle {
    private let pointer: OpaquePointer

    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        PQclear(pointer)
    }

    enum Status { case commandOK, tuplesOK, emptyQuery, copyIn, copyOut, copyBoth, error, other }

    var status: Status {
        switch PQresultStatus(pointer) {
        case PGRES_COMMAND_OK: return .commandOK
        case PGRES_TUPLES_OK: return .tuplesOK
        case PGRES_EMPTY_QUERY: return .emptyQuery
        case PGRES_COPY_IN: return .copyIn
        case PGRES_COPY_OUT: return .copyOut
        case PGRES_COPY_BOTH: return .copyBoth
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE: return .error
        default: return .other
        }
    }

    /// The number in the command tag ("INSERT 0 5" → 5, "COPY 100" → 100); 0 when there is none.
    var affectedRows: Int {
        guard let text = PQcmdTuples(pointer) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    /// The command tag, e.g. "COMMIT" or "ROLLBACK".
    var commandStatus: String {
        guard let text = PQcmdStatus(pointer) else { return "" }
        return String(cString: text)
    }

    struct ErrorFields {
        var severity: String?
        var sqlstate: String?
        var message: String?
        var detail: String?
        var hint: String?
        var constraint: String?
        var table: String?
        var column: String?
        var fullMessage: String?
    }

    var errorFields: ErrorFields { Self.borrowedErrorFields(of: pointer) }

    /// Reads the error fields of a result this code does not own (libpq's notice callback).
    static func borrowedErrorFields(of pointer: OpaquePointer) -> ErrorFields {
        func field(_ code: Character) -> String? {
            guard let text = PQresultErrorField(pointer, Int32(code.asciiValue!)) else { return nil }
            return String(cString: text)
        }
        var fullMessage: String?
        if let text = PQresultErrorMessage(pointer) {
            let string = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
            if !string.isEmpty { fullMessage = string }
        }
        return ErrorFields(
            severity: field("V"), sqlstate: field("C"), message: field("M"),
            detail: field("D"), hint: field("H"), constraint: field("n"),
            table: field("t"), column: field("c"), fullMessage: fullMessage)
    }

    /// Copies every value out of the result so nothing outlives `PQclear`.
    func materialise() -> PostgresRows {
        let rowCount = Int(PQntuples(pointer))
        let columnCount = Int(PQnfields(pointer))
        var columns: [String] = []
        columns.reserveCapacity(columnCount)
        for column in 0..<columnCount {
            columns.append(PQfname(pointer, Int32(column)).map { String(cString: $0) } ?? "?column?")
        }
        var values: [String?] = []
        values.reserveCapacity(rowCount * columnCount)
        for row in 0..<rowCount {
            for column in 0..<columnCount {
                if PQgetisnull(pointer, Int32(row), Int32(column)) == 1 {
                    values.append(nil)
                    continue
                }
                let length = Int(PQgetlength(pointer, Int32(row), Int32(column)))
                let start = PQgetvalue(pointer, Int32(row), Int32(column))!
                let bytes = UnsafeRawBufferPointer(start: start, count: length)
                values.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return PostgresRows(columns: columns, values: values, affectedRows: affectedRows)
    }
}
