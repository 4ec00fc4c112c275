import DansoPostgres
import Foundation

/// Where a linkage run keeps its working tables (the pairs it finds, ``FoundPairs``):
/// unlogged tables in `staging` named after the run's first connection, committed so that
/// the run's second connection sees them (a temporary table is seen by its own session
/// only), and dropped when the run ends. A run on a 2-core server compares on both
/// connections at once.
///
/// The tables hold nothing the register does not: a run that dies leaves them behind (empty
/// after a server crash, unlogged), and the next run drops those whose session is gone.
struct LinkWorkArea {
    /// `link_w<backend pid>_`: one area per session, whatever runs at the same time.
    let prefix: String

    /// The qualified name of one of the run's tables.
    func table(_ name: String) -> String { "staging.\(prefix)\(name)" }

    /// Opens the area of `connection`'s session, after dropping areas left by sessions that
    /// have ended (and this session's own, from a run that could not drop it). Runs outside a
    /// transaction (each statement commits).
    static func open(_ connection: PostgresConnection) throws -> LinkWorkArea {
        let pid = try connection.query("select pg_backend_pid() as pid").first?.int("pid") ?? 0
        try dropTables(try connection.query("""
            select c.relname as name
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'staging' and c.relkind = 'r' and c.relname ~ '^link_w[0-9]+_'
              and substring(c.relname from '^link_w([0-9]+)_')::integer not in
                  (select pid from pg_stat_activity where pid is not null and pid <> pg_backend_pid())
            """).compactMap { $0["name"] }, connection)
        return LinkWorkArea(prefix: "link_w\(pid)_")
    }

    /// Drops the area's tables.
    func drop(_ connection: PostgresConnection) throws {
        try Self.dropTables(try connection.query("""
            select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'staging' and c.relkind = 'r' and left(c.relname, length(\(prefix))) = \(prefix)
            """).compactMap { $0["name"] }, connection)
    }

    /// One DROP for the tables `names` of `staging`.
    private static func dropTables(_ names: [String], _ connection: PostgresConnection) throws {
        guard !names.isEmpty else { return }
        let quoted = names.map { "staging.\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        try connection.execute(PostgresQuery(unsafeSQL: "drop table if exists \(quoted.joined(separator: ", "))"))
    }
}

/// Tasks spread over a run's connections, one thread each, every connection taking the next
/// task when it is free; the first error stops the tasks not yet started and is rethrown.
/// With one connection the tasks run in order on the calling thread.
struct ConnectionTasks {
    let connections: [PostgresConnection]

    func run(_ tasks: [(PostgresConnection) throws -> Void]) throws {
        if connections.count == 1 || tasks.count <= 1 {
            for task in tasks { try task(connections[0]) }
            return
        }
        final class Queue: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            var failure: Error?
            let tasks: [(PostgresConnection) throws -> Void]
            init(_ tasks: [(PostgresConnection) throws -> Void]) { self.tasks = tasks }
            func take() -> ((PostgresConnection) throws -> Void)? {
                lock.withLock {
                    guard failure == nil, next < tasks.count else { return nil }
                    next += 1
                    return tasks[next - 1]
                }
            }
        }
        @Sendable func work(_ queue: Queue, _ connection: PostgresConnection) {
            while let task = queue.take() {
                do { try task(connection) } catch { queue.lock.withLock { if queue.failure == nil { queue.failure = error } } }
            }
        }
        struct Handed: @unchecked Sendable { let connection: PostgresConnection }
        let queue = Queue(tasks)
        let done = DispatchGroup()
        for connection in connections.dropFirst().map(Handed.init) {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                work(queue, connection.connection)
            }
        }
        work(queue, connections[0])
        done.wait()
        if let failure = queue.failure { throw failure }
    }
}

/// A value the threads of a run add to.
final class Locked<Value>: @unchecked Sendable {  // `stored` is guarded by `lock`
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update<T>(_ body: (inout Value) throws -> T) rethrows -> T { try lock.withLock { try body(&stored) } }
}
