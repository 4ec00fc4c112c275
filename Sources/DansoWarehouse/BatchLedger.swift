import DansoFeeds
import DansoPostgres
import DansoValidation
import Foundation

/// The batch bookkeeping both kinds of file share: duplicates (F04), files rejected whole,
/// findings and quarantine rows.
struct BatchLedger {
    let connection: PostgresConnection

    /// Thrown by a loader when the file is rejected whole (F02): everything is rolled back
    /// and the batch recorded as rejected.
    struct FileRejected: Error { var report: ValidationReport }
    private struct DryRunFinished: Error { var outcome: IngestOutcome }

    /// The frame of every ingest: F01, F04, one transaction for the load, dry runs rolled
    /// back, files rejected whole recorded apart.
    func ingest(path: String, kind: ValidationReport.Kind, options: IngestOptions,
                load: (FeedFingerprint, ValidationReport, PostgresConnection) throws -> IngestOutcome) throws -> IngestOutcome {
        let print: FeedFingerprint
        do {
            print = try FeedReader.fingerprint(path: path)
        } catch {
            return try unreadable(error, path: path, kind: kind, options: options)
        }
        let base = report(path: path, print: print, kind: kind, options: options)
        if let earlier = try loadedBatch(sha256: print.sha256) {
            return duplicate(base, earlier: earlier)
        }
        do {
            let outcome = try connection.transaction { conn in
                var outcome = try load(print, base, conn)
                if options.dryRun {
                    outcome.report.batchID = nil
                    throw DryRunFinished(outcome: outcome)
                }
                return outcome
            }
            if options.refresh == .afterEachFile {
                try IndicatorRefresh(connection: connection).runRequested()
            }
            return outcome
        } catch let finished as DryRunFinished {
            return finished.outcome
        } catch let rejected as FileRejected {
            var report = rejected.report
            report.settleStatus()
            if !options.dryRun {
                report.batchID = try recordRejected(report, path: path, sha256: print.sha256, receivedAt: options.receivedAt)
            }
            return IngestOutcome(report: report, changes: nil)
        } catch let error as PostgresError where error.kind == .uniqueViolation {
            // Another run loaded the same file meanwhile.
            if let earlier = try loadedBatch(sha256: print.sha256) { return duplicate(base, earlier: earlier) }
            throw WarehouseError.database(error)
        }
    }

    /// Which of these contents a batch already loaded (one query for a group of files).
    func loaded(sha256s: [String]) throws -> Set<String> {
        guard !sha256s.isEmpty else { return [] }
        return Set(try connection.query("""
            select distinct sha256 from audit.batch where sha256 = any(\(sha256s)::text[]) and status <> 'rejected'
            """).compactMap { $0["sha256"] })
    }

    /// A file's report before its lines are read.
    func report(path: String, print: FeedFingerprint, kind: ValidationReport.Kind, options: IngestOptions) -> ValidationReport {
        var base = ValidationReport(file: URL(fileURLWithPath: path).lastPathComponent, sha256: print.sha256, kind: kind)
        base.encoding = print.encoding.rawValue
        base.dryRun = options.dryRun
        return base
    }

    /// The batch that already loaded a file with this content, if any.
    func loadedBatch(sha256: String) throws -> Int? {
        try connection.query("select batch_id from audit.batch where sha256 = \(sha256) and status <> 'rejected'")
            .first?.int("batch_id")
    }

    func duplicate(_ base: ValidationReport, earlier: Int) -> IngestOutcome {
        var report = base
        report.status = .duplicate
        report.issues = [Finding(line: 1, rule: .F04,
            vi: "Tệp này (cùng nội dung) đã được nạp ở lô \(earlier): không thay đổi gì.",
            en: "This file (same content) was already ingested as batch \(earlier): nothing changes.")]
        return IngestOutcome(report: report, changes: nil)
    }

    /// Opens a batch row inside the caller's transaction.
    func open(_ report: ValidationReport, path: String, sha256: String, encoding: String?, receivedAt: String?,
              conn: PostgresConnection) throws -> Int {
        try conn.query("""
            insert into audit.batch (file_name, file_path, sha256, kind, status, encoding, received_at)
            values (\(report.file), \(path), \(sha256), \(report.kind.rawValue), 'accepted', \(encoding),
                    coalesce(\(receivedAt)::timestamptz, now()))
            returning batch_id
            """).first!.int("batch_id")!
    }

    /// Writes the findings and the final counts and status of a batch.
    func close(_ report: ValidationReport, batchID: Int, conn: PostgresConnection) throws {
        try conn.copyIn("copy audit.finding (batch_id, line_no, rule, severity, column_name, value, message_vi, message_en) from stdin") { writer in
            for f in report.issues {
                try writer.writeRow([String(batchID), String(f.line), f.rule.rawValue, f.severity.rawValue, f.column, f.value,
                                     f.messageVI, f.messageEN])
            }
        }
        try conn.execute("""
            update audit.batch set status = \(report.status.rawValue), delimiter = \(report.delimiter),
                as_of = \(report.asOf)::date, rows_read = \(report.rows.read), rows_accepted = \(report.rows.accepted),
                rows_rejected = \(report.rows.rejected), rows_duplicate = \(report.rows.duplicates),
                rows_duplicate_event = \(report.rows.duplicateEvents)
            where batch_id = \(batchID)
            """)
    }

    /// Records a file rejected whole (F01, F02) as a batch with its findings, nothing else.
    func recordRejected(_ report: ValidationReport, path: String, sha256: String, receivedAt: String?) throws -> Int {
        try connection.transaction { conn in
            let id = try conn.query("""
                insert into audit.batch (file_name, file_path, sha256, kind, status, encoding, delimiter, received_at)
                values (\(report.file), \(path), \(sha256), \(report.kind.rawValue), 'rejected', \(report.encoding),
                        \(report.delimiter), coalesce(\(receivedAt)::timestamptz, now()))
                returning batch_id
                """).first!.int("batch_id")!
            try close(report, batchID: id, conn: conn)
            return id
        }
    }

    /// The F01 outcome of a file whose encoding or form cannot be read.
    private func unreadable(_ error: FeedReadError, path: String, kind: ValidationReport.Kind, options: IngestOptions) throws -> IngestOutcome {
        if case .cannotOpen = error { throw WarehouseError.feed(error) }
        let sha = try? FeedReader.sha256(path: path)
        var report = ValidationReport(file: URL(fileURLWithPath: path).lastPathComponent, sha256: sha ?? "", kind: kind)
        report.issues = [Finding(line: 1, rule: .F01, vi: error.messageVI, en: error.messageEN)]
        report.dryRun = options.dryRun
        report.settleStatus()
        if !options.dryRun, let sha {
            report.batchID = try recordRejected(report, path: path, sha256: sha, receivedAt: options.receivedAt)
        }
        return IngestOutcome(report: report, changes: nil)
    }
}

/// A rejected line waiting in quarantine.
struct QuarantineEntry {
    var line: Int
    var communeCode: String?
    var recordJSON: String
    var rules: [String]

    static func copy(_ entries: [QuarantineEntry], batchID: Int, kind: ValidationReport.Kind, conn: PostgresConnection) throws {
        try conn.copyIn("copy staging.quarantine (batch_id, line_no, kind, commune_code, record, rules) from stdin") { writer in
            for q in entries {
                try writer.writeRow([String(batchID), String(q.line), kind.rawValue, q.communeCode, q.recordJSON,
                                     "{\(q.rules.joined(separator: ","))}"])
            }
        }
    }
}
