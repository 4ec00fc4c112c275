import DansoPostgres
import Foundation

/// Writes `audit.pipeline_run` and `audit.pipeline_step`, each in a short statement of its
/// own (autocommit), never inside an ingest's transaction.
struct PipelineAudit {
    let connection: PostgresConnection

    func start(_ plan: (definition: PipelineDefinition, folders: PipelineFolders), at started: Date,
               host: String, user: String) throws -> Int {
        try connection.query("""
            insert into audit.pipeline_run (pipeline, definition_sha256, source_dir, started_at, host_name, os_user)
            values (\(plan.definition.name), \(plan.definition.sha256), \(plan.folders.source),
                    \(Timestamp.iso(started))::timestamptz, \(host), \(user))
            returning run_id
            """).first!.int("run_id")!
    }

    func record(run: Int, number: Int, _ result: FileResult) throws {
        let report = result.ingest?.report
        try connection.execute("""
            insert into audit.pipeline_step (run_id, step_no, definition_step, kind, file_name, period, batch_id,
                started_at, finished_at, lines_read, lines_accepted, lines_rejected, outcome, moved_to, message)
            values (\(run), \(number), \(result.planned.stepNumber), \(result.planned.kind.rawValue),
                    \(result.planned.file.relativePath), \(result.planned.period?.description), \(report?.batchID),
                    \(Timestamp.iso(result.startedAt))::timestamptz, \(Timestamp.iso(result.finishedAt))::timestamptz,
                    \(report?.rows.read ?? 0), \(report?.rows.accepted ?? 0), \(report?.rows.rejected ?? 0),
                    \(result.outcome.rawValue), \(result.movedTo), \(result.message))
            """)
    }

    func finish(run: Int, _ result: RunResult?, unmatched: Int, message: String?) throws {
        let status = (result?.status == .succeeded && message == nil) ? "succeeded" : "failed"
        try connection.execute("""
            update audit.pipeline_run set
                finished_at = greatest(started_at, \(Timestamp.iso(Date()))::timestamptz), status = \(status),
                files_found = \(result?.files.count ?? 0), files_ingested = \(result?.ingested ?? 0),
                files_rejected = \(result?.rejected ?? 0), files_skipped = \(result?.skipped ?? 0),
                files_failed = \(result?.failed ?? 0), files_unmatched = \(unmatched), message = \(message)
            where run_id = \(run)
            """)
    }
}
