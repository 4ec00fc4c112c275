import DansoValidation

/// Something that ingests one commune file of one kind (A0 registers, P0 changes).
///
/// The pipeline runs ingestors without knowing which checks or loads each kind does.
public protocol FeedIngestor {
    var kind: ValidationReport.Kind { get }
    func ingest(path: String, options: IngestOptions) throws -> IngestOutcome
    /// The files, in order, in the groups `ingest(group:options:)` takes: each file alone
    /// unless the kind gains from sharing a transaction.
    func transactionGroups(_ paths: [String], options: IngestOptions) -> [[String]]
    /// Ingests a group of `transactionGroups`; an outcome per file, in order.
    func ingest(group paths: [String], options: IngestOptions) throws -> [IngestOutcome]
}

extension FeedIngestor {
    public func transactionGroups(_ paths: [String], options: IngestOptions) -> [[String]] { paths.map { [$0] } }

    public func ingest(group paths: [String], options: IngestOptions) throws -> [IngestOutcome] {
        try paths.map { try ingest(path: $0, options: options) }
    }
}

extension RegisterIngestor: FeedIngestor {
    public var kind: ValidationReport.Kind { .a0 }
}
