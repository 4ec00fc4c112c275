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
            (try LinkModelStore(connection: c).current(), try RegisterIdentities.load(c, files: files, newFromBatches: nil))
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
        let u = ExpectationMaximisation.estimateU(records, samplePairs: randomPairs, seed: seed)
        let candidates = CandidatePairs.generate(records, rules: BlockingRule.defaults)
        let names = records.map { NameForms($0.fullName) }
        var counts: [UInt64: Double] = [:]
        for (i, j) in candidates.pairs {
            counts[Comparisons.packedCompare(records[Int(i)], records[Int(j)], names[Int(i)], names[Int(j)]), default: 0] += 1
        }
        let patterns = counts.sorted { $0.key < $1.key }.map { (levels: $0.key, count: $0.value) }
        var model = AnchoredEstimation.estimate(patterns: patterns, u: u, start: start)
        model.prior = AnchoredEstimation.estimatePrior(patterns: patterns, model: model, recordCount: records.count)
        return (model, candidates.pairs.count)
    }
}
