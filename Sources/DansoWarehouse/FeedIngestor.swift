import DansoValidation

/// Something that ingests one commune file of one kind (A0 registers, P0 changes).
///
/// The pipeline runs ingestors without knowing which checks or loads each kind does.
public protocol FeedIngestor {
    var kind: ValidationReport.Kind { get }
    func ingest(path: String, options: IngestOptions) throws -> IngestOutcome
}

extension RegisterIngestor: FeedIngestor {
    public var kind: ValidationReport.Kind { .a0 }
}
