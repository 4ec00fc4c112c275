import DansoValidation
import DansoWarehouse
import Foundation

/// What became of one file (the `outcome` of `audit.pipeline_step`).
public enum FileOutcome: String, Sendable, CaseIterable {
    case accepted
    case acceptedWithWarnings = "accepted_with_warnings"
    case rejected
    case duplicate
    /// No ingestor for the file's kind yet: left in place.
    case skipped
    /// The ingest or the move failed: left in place (or loaded but not moved).
    case error

    init(_ status: ValidationReport.Status) {
        switch status {
        case .accepted: self = .accepted
        case .acceptedWithWarnings: self = .acceptedWithWarnings
        case .rejected: self = .rejected
        case .duplicate: self = .duplicate
        }
    }
}

/// One file handled by a run.
public struct FileResult {
    public var planned: PlannedFile
    public var outcome: FileOutcome
    /// The ingest's report and register changes, when the ingest returned.
    public var ingest: IngestOutcome?
    /// Where the file went; nil when it stayed in the drop folder.
    public var movedTo: String?
    public var reportPath: String?
    /// Why it was skipped or what went wrong.
    public var message: String?
    public var startedAt: Date
    public var finishedAt: Date

    /// Some lines or the whole file rejected.
    public var hasRejections: Bool {
        outcome == .rejected || (ingest?.report.rows.rejected ?? 0) > 0
    }
}

/// A run's outcome: what it found and did, file by file.
public struct RunResult {
    public enum Status: String, Sendable { case succeeded, failed }

    /// The `audit.pipeline_run` row; nil for a dry run.
    public var runID: Int?
    public var plan: PipelinePlan
    public var files: [FileResult]
    /// The star schema and indicator refresh run once after the last file; nil when the run
    /// loaded nothing or stopped before.
    public var refresh: IndicatorRefresh.Summary?

    public init(runID: Int?, plan: PipelinePlan, files: [FileResult]) {
        self.runID = runID
        self.plan = plan
        self.files = files
    }

    public var status: Status { files.contains { $0.outcome == .error } ? .failed : .succeeded }
    public var ingested: Int { files.count { [.accepted, .acceptedWithWarnings, .duplicate].contains($0.outcome) } }
    public var rejected: Int { files.count { $0.outcome == .rejected } }
    public var skipped: Int { files.count { $0.outcome == .skipped } }
    public var failed: Int { files.count { $0.outcome == .error } }
}
