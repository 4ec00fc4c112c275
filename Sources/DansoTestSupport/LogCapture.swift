import Foundation
import Logging

/// Collects log messages in memory, so tests can check what was logged without bootstrapping
/// the global logging system.
public final class LogCapture: @unchecked Sendable {  // `entries` is guarded by `lock`
    /// One captured message.
    public struct Entry: Sendable {
        public let level: Logger.Level
        public let message: String
        public let metadata: [String: String]
    }

    private let lock = NSLock()
    private var entries: [Entry] = []

    public init() {}

    /// A logger at `level` whose messages land in this capture.
    public func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "danso.test") { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    /// Everything captured so far, oldest first.
    public var messages: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }

    fileprivate func append(_ entry: Entry) {
        lock.lock()
        entries.append(entry)
        lock.unlock()
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            capture.append(Entry(
                level: event.level, message: event.message.description,
                metadata: merged.mapValues { $0.description }))
        }
    }
}
