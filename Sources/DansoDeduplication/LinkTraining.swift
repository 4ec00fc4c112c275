import DansoLinkage
import DansoPostgres
import DansoWarehouse
import Foundation
import Logging

/// Estimates the linkage model from the register itself, as Splink does: u (how often two
/// different people agree by chance) from random pairs, m (how often the same person's two
/// records agree) by expectation maximisation over the blocked candidate pairs, with λ kept
/// from the model in force (blocked pairs are far likelier matches than random ones).
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

    /// u from `randomPairs` random pairs, then m by EM over the candidate pairs' comparison
    /// patterns; λ stays `start.prior`. Returns the model and the candidate pairs used.
    public static func estimate(_ records: [PersonRecord], start: LinkageModel, randomPairs: Int,
                                seed: UInt64) -> (LinkageModel, Int) {
        var begin = start
        begin.u = ExpectationMaximisation.estimateU(records, samplePairs: randomPairs, seed: seed)
        let candidates = CandidatePairs.generate(records, rules: BlockingRule.defaults)
        let names = records.map { NameForms($0.fullName) }
        var counts: [[UInt8]: Double] = [:]
        for (i, j) in candidates.pairs {
            counts[Comparisons.compare(records[Int(i)], records[Int(j)], names: (names[Int(i)], names[Int(j)])).levels, default: 0] += 1
        }
        let patterns = counts.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { (ComparisonVector(levels: $0.key), $0.value) }
        var model = ExpectationMaximisation.estimate(weighted: patterns, start: begin, iterations: 25, fixU: true)
        model.prior = start.prior
        return (model, candidates.pairs.count)
    }
}
