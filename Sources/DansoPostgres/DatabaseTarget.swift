import Foundation
import Logging

/// Which PostgreSQL danso talks to: a server given by URL, or its own embedded cluster.
public enum DatabaseTarget: Sendable, Equatable {
    /// A libpq URL or `key=value` conninfo (`DANSO_DATABASE_URL`); no cluster is started.
    case url(String)
    /// The embedded cluster under this home (`DANSO_HOME`).
    case embedded(home: String)

    /// `DANSO_DATABASE_URL` when set and not empty (never start a cluster then); otherwise the
    /// embedded cluster in `DANSO_HOME`, default `./.danso`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> DatabaseTarget {
        if let url = environment["DANSO_DATABASE_URL"], !url.isEmpty {
            return .url(url)
        }
        if let home = environment["DANSO_HOME"], !home.isEmpty {
            return .embedded(home: home)
        }
        return .embedded(home: "./.danso")
    }

    /// The conninfo to connect with, starting the embedded cluster when that is the target.
    public func conninfo(logger: Logger) throws -> String {
        switch self {
        case .url(let url):
            return url
        case .embedded(let home):
            return try EmbeddedCluster(home: home, logger: logger).start()
        }
    }
}
