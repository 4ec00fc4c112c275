import ArgumentParser
import DansoPostgres
import Foundation

extension Danso {
    /// Manages the embedded PostgreSQL cluster.
    struct Database: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db",
            abstract: "Cụm PostgreSQL nhúng / The embedded PostgreSQL cluster.",
            subcommands: [Start.self, Stop.self, Status.self])
    }
}

extension Danso.Database {
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Khởi động cụm nhúng / Start the embedded cluster.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingErrors {
                let cluster = try embedded(global)
                _ = try cluster.start()
                print(cluster.status())
            }
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Dừng cụm nhúng / Stop the embedded cluster.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingErrors {
                try embedded(global).stop()
                print("Đã dừng cụm PostgreSQL nhúng / Embedded PostgreSQL stopped.")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cho biết cơ sở dữ liệu ở đâu / Tell where the database is.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            switch DatabaseTarget.fromEnvironment() {
            case .url:
                print("Dùng máy chủ của DANSO_DATABASE_URL (không có cụm nhúng) / Using the server of DANSO_DATABASE_URL (no embedded cluster).")
            case .embedded(let home):
                print(EmbeddedCluster(home: home, logger: global.logger).status())
            }
        }
    }
}

/// The embedded cluster, or an explanation that a server URL is configured.
private func embedded(_ global: GlobalOptions) throws -> EmbeddedCluster {
    switch DatabaseTarget.fromEnvironment() {
    case .url:
        FileHandle.standardError.write(Data("DANSO_DATABASE_URL đã đặt: danso không quản lý máy chủ đó. / DANSO_DATABASE_URL is set: danso does not manage that server.\n".utf8))
        throw ExitCode(exitCannotRun)
    case .embedded(let home):
        return EmbeddedCluster(home: home, logger: global.logger)
    }
}

extension Danso {
    /// Applies migrations and loads the reference lists.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Áp dụng migration và nạp danh mục / Apply migrations and load the reference lists.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingErrors {
                let session = try Session.open(global)
                let count = try session.connection.query("select count(*) as n from audit.schema_migration").first?.int("n") ?? 0
                print("Cơ sở dữ liệu đã cập nhật: \(count) migration / Database up to date: \(count) migrations applied.")
            }
        }
    }
}
