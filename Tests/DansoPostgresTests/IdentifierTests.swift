import DansoPostgres
import DansoTestSupport
import Testing

@Suite struct IdentifierTests {
    @Test func quoting() {
        #expect(PostgresQuery.quoteIdentifier("person") == #""person""#)
        #expect(PostgresQuery.quoteIdentifier(#"a"b"#) == #""a""b""#)
        #expect(PostgresQuery.quoteIdentifier(#"x"; drop table y; --"#) == #""x""; drop table y; --""#)
    }

    @Test func hostileNamesStayOneIdentifier() throws {
        let connection = try TestDatabase.fresh().connect()
        let table = #"Dân số "2024"; drop table x; --"#
        let column = "Tên Người"
        try connection.execute("create table \(identifier: table) (\(identifier: column) text)")
        try connection.execute("insert into \(identifier: table) (\(identifier: column)) values (\("Phạm"))")
        let rows = try connection.query("select \(identifier: column) from \(identifier: table)")
        #expect(rows.columns == [column])
        #expect(rows[0][column] == "Phạm")
        let names = try connection.query("select relname from pg_class where relname = \(table)")
        #expect(names.count == 1)
    }
}
