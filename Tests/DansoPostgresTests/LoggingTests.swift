import DansoPostgres
import DansoTestSupport
import Testing

@Suite struct LoggingTests {
    @Test func serverNoticesGoToTheLogger() throws {
        let capture = LogCapture()
        let database = try TestDatabase.fresh()
        let connection = try PostgresConnection(conninfo: database.conninfo, logger: capture.logger())
        try connection.execute(unsafeSQL: "do $$ begin raise notice 'hello from plpgsql'; raise warning 'careful'; end $$")
        let messages = capture.messages
        #expect(messages.contains { $0.level == .debug && $0.message == "postgres NOTICE: hello from plpgsql" })
        #expect(messages.contains { $0.level == .warning && $0.message == "postgres WARNING: careful" && $0.metadata["sqlstate"] == "01000" })
    }

    @Test func queriesAreTracedWithoutValues() throws {
        let capture = LogCapture()
        let database = try TestDatabase.fresh()
        let connection = try PostgresConnection(conninfo: database.conninfo, logger: capture.logger())
        _ = try connection.query("select \("Hoàng Secret")::text as name")
        let trace = capture.messages.first { $0.message == "postgres query" }
        #expect(trace?.metadata["sql"] == "select $1::text as name")
        #expect(!capture.messages.contains { $0.message.contains("Secret") || $0.metadata.values.contains { $0.contains("Secret") } })
    }
}
