import DansoPostgres
import DansoWarehouse
import Testing

/// Settings of the database that migrations make and a copy of the database loses.
@Suite struct DatabaseSettingTests {
    @Test func migratingAgainRestoresJITOffLostByACopy() throws {
        let w = try WarehouseFixture()
        let jitOff = "select count(*) from pg_db_role_setting s join pg_database d on d.oid = s.setdatabase where d.datname = current_database() and 'jit=off' = any (s.setconfig)"
        #expect(try w.scalar(PostgresQuery(unsafeSQL: jitOff)) == 1)
        // What `create database … template` or a restore leaves: the migrations, not the setting.
        try w.connection.execute(unsafeSQL: "do $$ begin execute format('alter database %I reset jit', current_database()); end $$")
        #expect(try w.scalar(PostgresQuery(unsafeSQL: jitOff)) == 0)
        let applied = try Migrator(directory: WarehouseFixture.files.sqlDirectory).migrate(w.connection, logger: w.logger)
        #expect(applied.isEmpty)
        #expect(try w.scalar(PostgresQuery(unsafeSQL: jitOff)) == 1)
        #expect(try w.connection.query("show jit").first?["jit"] == "off")
    }
}
