import DansoLinkage
import DansoPostgres
import DansoWarehouse
import Foundation
import Logging

/// Estimates the linkage model from the register itself, as Splink does: u (how often two
/// different people agree by chance) from random pairs, m (how often the same person's two
/// records agree) from the blocked candidate pairs that another field vouches for
/// (``AnchoredEstimation``: plain EM took "lives together" for "is one person"), and λ, the
/// share of all pairs that are one person, by EM on λ alone.
public struct LinkTraining {
    public let connection: PostgresConnection
    public let files: ProjectFiles
    public let logger: Logger

    public init(connection: PostgresConnection, files: ProjectFiles, logger: Logger) {
        self.connection = connection
        self.files = files
        self.logger = logger
    }

    /// Estimates and stores a model (thresholds kept from the model in force).
    public func estimate(randomPairs: Int, note: String?, seed: UInt64 = 1) throws -> LinkModelStore.Stored {
        let (current, people) = try connection.transaction { c in
            (try LinkModelStore(connection: c).current(), try RegisterIdentities.load(c, files: files))
        }
        let (model, pairs) = Self.estimate(people.records, start: current.model, randomPairs: randomPairs, seed: seed)
        logger.info("linkage model estimated", metadata: ["records": "\(people.records.count)", "pairs": "\(pairs)"])
        return try LinkModelStore(connection: connection).save(
            model: model, thresholds: current.thresholds, source: "estimated",
            records: people.records.count, pairs: pairs, note: note)
    }

    /// u from `randomPairs` random pairs, then m from the candidate pairs' comparison
    /// patterns and λ over all pairs (``AnchoredEstimation``). Returns the model and the
    /// candidate pairs used.
    public static func estimate(_ records: [PersonRecord], start: LinkageModel, randomPairs: Int,
                                seed: UInt64) -> (LinkageModel, Int) {
        let matcher = Matcher(model: start, thresholds: .defaults)
        let estimated = AnchoredEstimation.estimate(matcher.prepare(records), using: matcher, start: start,
                                                    randomPairs: randomPairs, seed: seed)
        return (estimated.model, estimated.pairs)
    }
}
