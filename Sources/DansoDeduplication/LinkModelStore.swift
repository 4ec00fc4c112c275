import DansoLinkage
import DansoPostgres
import Foundation

/// The linkage model in force: the latest stored one, or the defaults stored on first use
/// so that every scored pair names the model that scored it.
public struct LinkModelStore {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) { self.connection = connection }

    /// A stored model with its id.
    public struct Stored: Sendable {
        public var id: Int64
        public var model: LinkageModel
        public var thresholds: MatchThresholds
        public var source: String
    }

    /// The model in force; stores the defaults when none is stored yet, or when the latest
    /// was made for other comparison levels (an older danso): its m and u would weigh the
    /// wrong levels. Its thresholds are kept, as someone chose them.
    public func current() throws -> Stored {
        guard let stored = try latest() else {
            return try save(model: .defaults, thresholds: .defaults, source: "defaults", records: nil, pairs: nil, note: nil)
        }
        if stored.model.fitsComparisonLevels { return stored }
        return try save(model: .defaults, thresholds: stored.thresholds, source: "defaults", records: nil, pairs: nil,
                        note: "mô hình \(stored.id) được lập cho các mức so sánh khác / model \(stored.id) was made for other comparison levels")
    }

    /// The latest stored model, if any.
    public func latest() throws -> Stored? {
        let rows = try connection.query(
            "select model_id, model::text as model, thresholds::text as thresholds, source from registry.link_model order by model_id desc limit 1")
        guard let row = rows.first, let id = row.int("model_id") else { return nil }
        let decoder = JSONDecoder()
        guard let model = try? decoder.decode(LinkageModel.self, from: Data((row["model"] ?? "").utf8)),
              let thresholds = try? decoder.decode(MatchThresholds.self, from: Data((row["thresholds"] ?? "").utf8))
        else { throw DeduplicationError.unreadableModel(Int64(id)) }
        return Stored(id: Int64(id), model: model, thresholds: thresholds, source: row["source"] ?? "")
    }

    /// Stores a model (estimated, or the current one with new thresholds) and returns it.
    @discardableResult
    public func save(model: LinkageModel, thresholds: MatchThresholds, source: String,
                     records: Int?, pairs: Int?, note: String?) throws -> Stored {
        guard thresholds.link >= thresholds.review else {
            throw DeduplicationError.badThresholds(link: thresholds.link, review: thresholds.review)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let modelJSON = String(decoding: try encoder.encode(model), as: UTF8.self)
        let thresholdsJSON = String(decoding: try encoder.encode(thresholds), as: UTF8.self)
        let rows = try connection.query("""
            insert into registry.link_model (source, model, thresholds, records, pairs, note)
            values (\(source), \(modelJSON)::jsonb, \(thresholdsJSON)::jsonb, \(records.map(Int64.init))::bigint,
                    \(pairs.map(Int64.init))::bigint, \(note))
            returning model_id
            """)
        return Stored(id: Int64(rows.first?.int("model_id") ?? 0), model: model, thresholds: thresholds, source: source)
    }
}
