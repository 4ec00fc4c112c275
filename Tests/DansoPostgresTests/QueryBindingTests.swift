@testable import DansoPostgres
import DansoTestSupport
import Testing

@Suite struct QueryBindingTests {
    @Test func interpolationBecomesParameters() {
        let name = "'; drop table x; --"
        let year: Int? = nil
        let query: PostgresQuery = "select * from person where name = \(name) and year = \(year) and ok = \(true)"
        #expect(query.sql == "select * from person where name = $1 and year = $2 and ok = $3")
        #expect(query.binds == ["'; drop table x; --", nil, "t"])
    }

    @Test func escapeHatchesAreNotParameters() {
        let query: PostgresQuery = "select \(unsafeSQL: "count(*)") from \(identifier: "my \"table\"") where id = \(7)"
        #expect(query.sql == #"select count(*) from "my ""table""" where id = $1"#)
        #expect(query.binds == ["7"])
    }

    @Test func arrayLiterals() {
        #expect(["a", "b\"c", "d\\e", "x,y"].postgresText == #"{"a","b\"c","d\\e","x,y"}"#)
        #expect([1, 2, 3].postgresText == #"{"1","2","3"}"#)
        #expect(([String]()).postgresText == "{}")
        #expect((["a", nil] as [String?]).postgresText == #"{"a",NULL}"#)
        #expect(Double.infinity.postgresText == "Infinity")
        #expect((-Double.infinity).postgresText == "-Infinity")
        #expect(Double.nan.postgresText == "NaN")
    }

    @Test func valuesRoundTripAsData() throws {
        let connection = try TestDatabase.fresh().connect()
        let values = [
            "'; drop table x; --",
            "O'Brien \"quoted\" \\ backslash $1",
            "Nguyễn Thị Minh Khai, Phường Đa Kao, Quận 1",
            "e\u{301}", // decomposed é stays decomposed
            "👩‍👩‍👧 漢字 𝄞",
            "",
            "tab\tnewline\ncr\r",
        ]
        for value in values {
            let rows = try connection.query("select \(value)::text as v, octet_length(\(value)::text) as n")
            #expect(rows.count == 1)
            #expect(rows[0]["v"].map { Array($0.utf8) } == Array(value.utf8))
            #expect(rows[0].int("n") == value.utf8.count)
        }
    }

    @Test func injectionAttemptIsStoredVerbatim() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table x (name text)")
        let evil = "'); drop table x; --"
        #expect(try connection.execute("insert into x (name) values (\(evil))") == 1)
        let rows = try connection.query("select name from x")
        #expect(rows.map { $0["name"] } == [evil])
    }

    @Test func nullsAndOptionals() throws {
        let connection = try TestDatabase.fresh().connect()
        let nothing: String? = nil
        let word: String? = "NULL"
        let number: Int? = nil
        let row = try connection.query("select \(nothing)::text as a, \(word)::text as b, \(number)::int is null as c")[0]
        #expect(row["a"] == nil)
        #expect(row["b"] == "NULL")
        #expect(row.bool("c") == true)
    }

    @Test func scalarTypes() throws {
        let connection = try TestDatabase.fresh().connect()
        let row = try connection.query("""
            select \(Int64.max)::int8 as big, \(Int32.min)::int4 as small, \(2.5)::float8 * 2 as dbl,
                   \(false)::bool as flag, \(Double.infinity)::float8 as inf, \(42) + 1 as n,
                   \("2024-02-29")::date + 1 as day, 1.25::numeric as num
            """)[0]
        #expect(row.int("big") == Int(Int64.max))
        #expect(row.int("small") == Int(Int32.min))
        #expect(row.double("dbl") == 5)
        #expect(row.bool("flag") == false)
        #expect(row.double("inf") == .infinity)
        #expect(row.int("n") == 43)
        #expect(row.string("day") == "2024-03-01")
        #expect(row.double("num") == 1.25)
        #expect(row[7] == "1.25")
    }

    @Test func arrayParameters() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table commune (code text, population int)")
        try connection.execute("insert into commune values ('00001', 10), ('00004', 20), ('a\"b', 30), ('x,y', 40)")
        let codes = ["00004", "a\"b", "x,y", "missing"]
        let rows = try connection.query("select code from commune where code = any(\(codes)) order by code")
        #expect(rows.map { $0["code"] } == ["00004", "a\"b", "x,y"])
        let populations = try connection.query("select sum(population) as s from commune where population = any(\([10, 40]))")
        #expect(populations[0].int("s") == 50)
    }

    @Test func resultShape() throws {
        let connection = try TestDatabase.fresh().connect()
        let rows = try connection.query("select g as id, 'r' || g as label from generate_series(1, 3) g")
        #expect(rows.columns == ["id", "label"])
        #expect(rows.count == 3)
        #expect(rows.map { $0.int("id") } == [1, 2, 3])
        #expect(rows.last?["label"] == "r3")
        let empty = try connection.query("select 1 as one where false")
        #expect(empty.isEmpty && empty.columns == ["one"])
        #expect(connection.serverVersion >= 150000)
    }

    @Test func nulByteIsRefusedBeforeSending() throws {
        let connection = try TestDatabase.fresh().connect()
        let error = #expect(throws: PostgresError.self) {
            try connection.query("select \("a\u{0}b")::text")
        }
        #expect(error?.sqlstate == "22021")
        #expect(try connection.query("select 1 as one")[0].int("one") == 1)
    }
}

/// A statement sent again on a connection is prepared once and reused: same results, errors
/// still typed, and the transaction state untouched by the preparing.
@Suite struct PreparedStatementTests {
    @Test func repeatedStatementsArePreparedAndGiveTheSameRows() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table t (id int primary key, name text)")
        for i in 1...5 {
            try connection.execute("insert into t values (\(i), \("n\(i)"))")
        }
        #expect(connection.preparedNames.count == 1)
        for i in 1...5 {
            let rows = try connection.query("select name from t where id = \(i)")
            #expect(rows.first?["name"] == "n\(i)")
        }
        #expect(connection.preparedNames.count == 2)
        // Rolled back work leaves the prepared statements usable.
        try? connection.transaction { conn in
            try conn.execute("insert into t values (\(6), \("n6"))")
            throw CancellationError()
        }
        #expect(try connection.query("select name from t where id = \(6)").isEmpty)
        // A constraint error from a prepared statement is typed like any other.
        #expect(throws: PostgresError.self) { try connection.execute("insert into t values (\(1), \("again"))") }
        #expect(try connection.query("select count(*) as n from t where id > \(0)").first?["n"] == "5")
    }

    @Test func theNumberOfPreparedStatementsIsBounded() throws {
        let connection = try TestDatabase.fresh().connect()
        for i in 0..<(PostgresConnection.maxPrepared + 10) {
            for _ in 0..<2 { _ = try connection.query("select \(unsafeSQL: String(i)) + \(1) as n") }
        }
        #expect(connection.preparedNames.count == PostgresConnection.maxPrepared)
        #expect(try connection.query("select \(unsafeSQL: "1000") + \(1) as n").first?["n"] == "1001")
    }
}
