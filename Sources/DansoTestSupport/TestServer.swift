import DansoPostgres
import Foundation
import Logging

/// The one server a test process uses: started lazily, torn down at exit.
final class TestServer: @unchecked Sendable {  // all state behind `lock`
    static let shared = TestServer()

    /// Fast and not durable: a test cluster is thrown away anyway.
    static let clusterSettings = [
        "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
        "shared_buffers": "128MB", "max_wal_size": "1GB",
    ]

    private enum State {
        case idle
        case external(conninfo: String)
        case embedded(cluster: EmbeddedCluster, conninfo: String, directories: [String])
        case failed(any Error)
    }

    private let lock = NSLock()
    private var state = State.idle
    private var databases: [String] = []

    /// The conninfo of a database to run `CREATE DATABASE` from.
    func adminConninfo(logger: Logger) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        switch state {
        case .external(let conninfo), .embedded(_, let conninfo, _):
            return conninfo
        case .failed(let error):
            throw error
        case .idle:
            break
        }
        if let url = ProcessInfo.processInfo.environment["DANSO_TEST_DATABASE_URL"], !url.isEmpty {
            state = .external(conninfo: url)
            atexit { TestServer.shared.shutdown() }
            return url
        }
        do {
            let home = FileManager.default.temporaryDirectory.path + "/danso-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let cluster = EmbeddedCluster(home: home, logger: logger, settings: Self.clusterSettings)
            atexit { TestServer.shared.shutdown() }
            // Recorded before starting, so a half-started cluster is cleaned up too.
            let status = cluster.status()
            let directories = [home, status.socketDirectory, (status.dataDirectory as NSString).deletingLastPathComponent]
            state = .embedded(cluster: cluster, conninfo: status.conninfo, directories: directories)
            let conninfo = try cluster.start()
            state = .embedded(cluster: cluster, conninfo: conninfo, directories: directories)
            return conninfo
        } catch {
            if case .embedded(let cluster, _, let directories) = state {
                Self.tearDown(cluster, directories: directories)
            }
            state = .failed(error)
            throw error
        }
    }

    func didCreate(database: String) {
        lock.lock()
        databases.append(database)
        lock.unlock()
    }

    /// Stops and deletes the embedded cluster, or drops this process's databases on an external server.
    func shutdown() {
        lock.lock()
        defer { lock.unlock() }
        switch state {
        case .embedded(let cluster, _, let directories):
            Self.tearDown(cluster, directories: directories)
        case .external(let conninfo):
            let logger = TestDatabase.silentLogger
            guard let admin = try? PostgresConnection(conninfo: conninfo, logger: logger) else { break }
            for name in databases {
                _ = try? admin.execute("drop database if exists \(identifier: name) with (force)")
            }
        case .idle, .failed:
            break
        }
        state = .idle
    }

    private static func tearDown(_ cluster: EmbeddedCluster, directories: [String]) {
        try? cluster.stop(mode: .immediate)
        for directory in directories where FileManager.default.fileExists(atPath: directory) {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
