import DansoPostgres
import DansoTestSupport
import Testing

@Suite struct TransactionTests {
    struct Boom: Error {}

    @Test func commitKeepsWork() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table t (id int)")
        let inserted = try connection.transaction { tx in
            try tx.execute("insert into t select generate_series(1, 5)")
        }
        #expect(inserted == 5)
        #expect(try connection.query("select count(*) as n from t")[0].int("n") == 5)
    }

    @Test func throwRollsBackAndRethrows() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table t (id int)")
        #expect(throws: Boom.self) {
            try connection.transaction { tx in
                try tx.execute("insert into t values (1), (2)")
                try tx.execute("create table t2 (id int)")
                throw Boom()
            }
        }
        #expect(try connection.query("select count(*) as n from t")[0].int("n") == 0)
        #expect(try connection.query("select to_regclass('t2') is null as gone")[0].bool("gone") == true)
    }

    @Test func databaseErrorRollsBack() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table t (id int primary key)")
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.execute("insert into t values (1)")
                try tx.execute("insert into t values (1)")
            }
        }
        #expect(error?.kind == .uniqueViolation)
        #expect(try connection.query("select count(*) as n from t")[0].int("n") == 0)
    }

    @Test func nestedTransactionsUseSavepoints() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table t (id int)")
        try connection.transaction { tx in
            try tx.execute("insert into t values (1)")
            #expect(throws: Boom.self) {
                try tx.transaction { inner in
                    try inner.execute("insert into t values (2)")
                    throw Boom()
                }
            }
            try tx.transaction { inner in try inner.execute("insert into t values (3)") }
        }
        #expect(try connection.query("select id from t order by id").map { $0.int("id") } == [1, 3])
    }

    @Test func swallowedErrorDoesNotPretendToCommit() throws {
        let connection = try TestDatabase.fresh().connect()
        try connection.execute("create table t (id int)")
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.execute("insert into t values (1)")
                _ = try? tx.execute("select 1/0")
            }
        }
        #expect(error?.sqlstate == "25P02")
        #expect(try connection.query("select count(*) as n from t")[0].int("n") == 0)
    }
}
