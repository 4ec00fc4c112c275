import ArgumentParser
import DansoDeduplication
import DansoFeeds
import DansoIndicators
import DansoPostgres
import DansoWarehouse
import Foundation
import Logging

/// Options every command that reaches the database shares.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Ghi nhật ký chi tiết / Verbose log on stderr.")
    var verbose = false

    var logger: Logger {
        var logger = Logger(label: "danso")
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }
}

/// An open, migrated warehouse: what most commands start from.
struct Session {
    let connection: PostgresConnection
    let files: ProjectFiles
    let logger: Logger
    /// How to reach the same database again (parallel ingest opens one connection per job).
    let conninfo: String

    /// Connects (starting the embedded cluster when needed), applies pending migrations and
    /// loads the reference lists when they changed.
    static func open(_ options: GlobalOptions) throws -> Session {
        let logger = options.logger
        let files = try ProjectFiles.locate()
        let conninfo = try DatabaseTarget.fromEnvironment().conninfo(logger: logger)
        let connection = try PostgresConnection(conninfo: conninfo, logger: logger)
        try Migrator(directory: files.sqlDirectory).migrate(connection, logger: logger)
        try ReferenceLoader(files: files).load(connection, logger: logger)
        return Session(connection: connection, files: files, logger: logger, conninfo: conninfo)
    }
}

/// Exit status when danso could not do its work at all (database, configuration).
let exitCannotRun: Int32 = 3

/// Runs a command body, printing errors Vietnamese first with English beside.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        printError(error)
        if case WarehouseError.feed(.cannotOpen) = error { throw ExitCode(2) }
        throw ExitCode(exitCannotRun)
    }
}

func printError(_ error: Error) {
    let text: String
    switch error {
    case let e as WarehouseError: text = "Lỗi: \(e.messageVI)\nError: \(e.messageEN)"
    case let e as EmbeddedClusterError: text = "Lỗi: \(e.messageVI)\nError: \(e.messageEN)"
    case let e as IndicatorError: text = "Lỗi: \(e.messageVI)\nError: \(e.messageEN)"
    case let e as DeduplicationError: text = "Lỗi: \(e.messageVI)\nError: \(e.messageEN)"
    case let e as FeedReadError: text = "Lỗi: \(e.messageVI)\nError: \(e.messageEN)"
    case let e as PostgresError:
        text = "Lỗi cơ sở dữ liệu / Database error: \(e.message)"
            + (e.sqlstate.map { " (SQLSTATE \($0))" } ?? "")
            + (ProcessInfo.processInfo.environment["DANSO_DEBUG"] != nil ? "\n\(e.debugDescription)" : "")
    default: text = "Lỗi / Error: \(error)"
    }
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension Session {
    /// The person linker, with a second connection to the same database so that it blocks and
    /// compares on two cores.
    func personLinker() -> PersonLinker {
        var linker = PersonLinker(connection: connection, files: files, logger: logger)
        let (conninfo, logger) = (self.conninfo, self.logger)
        linker.helper = { try PostgresConnection(conninfo: conninfo, logger: logger) }
        return linker
    }
}
