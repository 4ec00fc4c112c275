@testable import DansoPostgres
import DansoTestSupport
import Testing

@Suite struct ErrorTests {
    @Test func sqlstateMapping() {
        #expect(PostgresError.Kind(sqlstate: "23505") == .uniqueViolation)
        #expect(PostgresError.Kind(sqlstate: "23503") == .foreignKeyViolation)
        #expect(PostgresError.Kind(sqlstate: "23502") == .notNullViolation)
        #expect(PostgresError.Kind(sqlstate: "23514") == .checkViolation)
        #expect(PostgresError.Kind(sqlstate: "23P01") == .exclusionViolation)
        #expect(PostgresError.Kind(sqlstate: "40001") == .serializationFailure)
        #expect(PostgresError.Kind(sqlstate: "40P01") == .deadlock)
        #expect(PostgresError.Kind(sqlstate: "08006") == .connection)
        #expect(PostgresError.Kind(sqlstate: "42601") == .syntax)
        #expect(PostgresError.Kind(sqlstate: "42P01") == .syntax)
        #expect(PostgresError.Kind(sqlstate: "57014") == .queryCanceled)
        #expect(PostgresError.Kind(sqlstate: "22P02") == .other)
    }

    @Test func uniqueViolationIsTypedAndConnectionStaysUsable() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table person (id int primary key, name text not null)")
        try connection.execute("insert into person values (1, \("Trần Secret"))")
        let error = #expect(throws: PostgresError.self) {
            try connection.execute("insert into person values (\(1), \("Trần Secret"))")
        }
        #expect(error?.kind == .uniqueViolation)
        #expect(error?.sqlstate == "23505")
        #expect(error?.constraint == "person_pkey")
        #expect(error?.table == "person")
        #expect(error?.query == "insert into person values ($1, $2)")
        #expect(error?.file == "DansoPostgresTests/ErrorTests.swift")
        // Personal data stays out of `description`, but is in `debugDescription`.
        #expect(error?.description.contains("Secret") == false)
        #expect(error?.debugDescription.contains("Key (id)=(1) already exists.") == true)
        #expect(try connection.query("select count(*) as n from person")[0].int("n") == 1)
    }

    @Test func constraintKinds() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute(unsafeSQL: """
            create table province (code text primary key);
            create table commune (code text primary key, province text not null references province,
                                  population int check (population >= 0));
            insert into province values ('01');
            """)
        func kind(_ query: PostgresQuery) -> PostgresError.Kind? {
            do { try connection.execute(query); return nil } catch let error as PostgresError { return error.kind } catch { return nil }
        }
        #expect(kind("insert into commune values ('1', null, 1)") == .notNullViolation)
        #expect(kind("insert into commune values ('1', '99', 1)") == .foreignKeyViolation)
        #expect(kind("insert into commune values ('1', '01', -5)") == .checkViolation)
        #expect(kind("selec 1") == .syntax)
        #expect(kind("select * from nowhere") == .syntax)
        #expect(kind("select 1/0") == .other)
        #expect(kind("set statement_timeout = 1; select pg_sleep(1)") != nil) // two statements are refused by PQexecParams
        try connection.execute("set statement_timeout = 50")
        #expect(kind("select pg_sleep(2)") == .queryCanceled)
        try connection.execute("set statement_timeout = 0")
        #expect(try connection.execute("insert into commune values ('1', '01', 5)") == 1)
    }

    @Test func syntaxErrorCarriesServerFields() throws {
        let connection = try TestDatabase.fresh().connect()
        let error = #expect(throws: PostgresError.self) { try connection.query("selec 1") }
        #expect(error?.kind == .syntax)
        #expect(error?.sqlstate == "42601")
        #expect(error?.message.contains("syntax error") == true)
        #expect(try connection.query("select 2 as two")[0].int("two") == 2)
    }

    @Test func scriptErrorsAreTyped() throws {
        let connection = try TestDatabase.fresh().connect()
        let error = #expect(throws: PostgresError.self) {
            try connection.execute(unsafeSQL: "create table a (id int); create table a (id int);")
        }
        #expect(error?.sqlstate == "42P07")
        // The implicit transaction of the script was rolled back as a whole.
        #expect(try connection.query("select to_regclass('a') is null as gone")[0].bool("gone") == true)
    }

    @Test func connectionFailureIsTyped() {
        let error = #expect(throws: PostgresError.self) {
            _ = try PostgresConnection(conninfo: "host=/nonexistent-danso port=1 dbname=x connect_timeout=2", logger: TestDatabase.silentLogger)
        }
        #expect(error?.kind == .connection)
    }

    @Test func copyStatementThroughQueryIsRefusedCleanly() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table t (a text)")
        let error = #expect(throws: PostgresError.self) { try connection.execute("copy t from stdin") }
        #expect(error?.kind == .protocolViolation)
        let out = #expect(throws: PostgresError.self) { try connection.query("copy t to stdout") }
        #expect(out?.kind == .protocolViolation)
        #expect(try connection.query("select count(*) as n from t")[0].int("n") == 0)
    }
}
