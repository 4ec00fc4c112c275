@testable import DansoPostgres
import DansoTestSupport
import Testing

@Suite struct CopyTests {
    struct StopLoading: Error, Equatable { let reason: String }

    @Test func textFormatEncoding() {
        var buffer: [UInt8] = []
        #expect(PostgresCopyWriter.encode(["a\tb", nil, "c\\d\ne\rf", ""], into: &buffer))
        #expect(String(decoding: buffer, as: UTF8.self) == "a\\tb\t\\N\tc\\\\d\\ne\\rf\t\n")
        var refused: [UInt8] = []
        #expect(!PostgresCopyWriter.encode(["nul\u{0}"], into: &refused))
    }

    static func sampleValue(_ i: Int) -> String? {
        switch i % 9 {
        case 0: return nil
        case 1: return "tab\there and\tthere"
        case 2: return "line\nbreak\r\nwindows"
        case 3: return "back\\slash \\N \\. \\t"
        case 4: return "Nguyễn Văn Ánh — Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh \(i)"
        case 5: return ""
        case 6: return "\\."
        case 7: return "NULL"
        default: return "plain \(i) 👨‍👩‍👧"
        }
    }

    @Test func hundredThousandRowsRoundTrip() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table person (id int primary key, a text, b text)")
        let total = 100_000
        let copied = try connection.copyIn("copy person (id, a, b) from stdin") { writer in
            for i in 0..<total {
                try writer.writeRow([String(i), Self.sampleValue(i), Self.sampleValue(i + 4)])
            }
            #expect(writer.rowsWritten == total)
        }
        #expect(copied == total)
        let rows = try connection.query("select id, a, b from person order by id")
        #expect(rows.count == total)
        var mismatches = 0
        for (i, row) in rows.enumerated() {
            if row.int("id") != i
                || row["a"].map({ Array($0.utf8) }) != Self.sampleValue(i).map({ Array($0.utf8) })
                || row["b"].map({ Array($0.utf8) }) != Self.sampleValue(i + 4).map({ Array($0.utf8) }) {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        #expect(try connection.query("select count(*) as n from person where a is null")[0].int("n") == total / 9 + 1)
    }

    @Test func errorInClosureAbortsCopyAndRethrows() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table person (id int, name text)")
        let error = #expect(throws: StopLoading.self) {
            try connection.copyIn("copy person from stdin") { writer in
                for i in 0..<50_000 { try writer.writeRow([String(i), "Lê Thị \(i)"]) }
                throw StopLoading(reason: "bad feed")
            }
        }
        #expect(error == StopLoading(reason: "bad feed"))
        #expect(try connection.query("select count(*) as n from person")[0].int("n") == 0)
        #expect(try connection.execute("insert into person values (1, 'ok')") == 1)
    }

    @Test func serverRejectionIsTypedAndConnectionRecovers() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table person (id int primary key)")
        let bad = #expect(throws: PostgresError.self) {
            try connection.copyIn("copy person from stdin") { writer in
                try writer.writeRow(["1"])
                try writer.writeRow(["not a number"])
            }
        }
        #expect(bad?.sqlstate == "22P02")
        let duplicate = #expect(throws: PostgresError.self) {
            try connection.copyIn("copy person from stdin") { writer in
                try writer.writeRow(["1"])
                try writer.writeRow(["1"])
            }
        }
        #expect(duplicate?.kind == .uniqueViolation)
        #expect(try connection.query("select count(*) as n from person")[0].int("n") == 0)
    }

    @Test func copyInRequiresCopyFromStdin() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table t (a text)")
        let notCopy = #expect(throws: PostgresError.self) { try connection.copyIn("select 1") { _ in } }
        #expect(notCopy?.kind == .protocolViolation)
        let wrongWay = #expect(throws: PostgresError.self) { try connection.copyIn("copy t to stdout") { _ in } }
        #expect(wrongWay?.kind == .protocolViolation)
        let missing = #expect(throws: PostgresError.self) { try connection.copyIn("copy nowhere from stdin") { _ in } }
        #expect(missing?.kind == .syntax)
        #expect(try connection.copyIn("copy t from stdin") { try $0.writeRow(["x"]) } == 1)
    }

    @Test func writerCannotOutliveItsClosure() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table t (a text)")
        var escaped: PostgresCopyWriter?
        try connection.copyIn("copy t from stdin") { writer in escaped = writer }
        let error = #expect(throws: PostgresError.self) { try escaped?.writeRow(["late"]) }
        #expect(error?.kind == .copyFailed)
        let nul = #expect(throws: PostgresError.self) {
            try connection.copyIn("copy t from stdin") { try $0.writeRow(["a\u{0}b"]) }
        }
        #expect(nul?.kind == .copyFailed)
        #expect(try connection.query("select count(*) as n from t")[0].int("n") == 0)
    }
}
