import DansoDomain
import DansoFeeds
import DansoPostgres
import DansoValidation
import Foundation
import Logging

/// How much of a commune a register file speaks for (feeds.md §2).
public enum RegisterScope: String, Sendable, CaseIterable {
    /// A commune is whole when the file lists every collaborator area the warehouse holds for it.
    case auto
    /// Every commune in the file is whole: people it does not list are closed.
    case commune
    /// Only the listed households are replaced.
    case households
}

/// Options of one ingest run.
public struct IngestOptions: Sendable {
    public var dryRun = false
    /// When the file was received (ISO timestamp); now when nil.
    public var receivedAt: String?
    public var scope = RegisterScope.auto
    /// Called every `progressEvery` lines read, for long files.
    public var progress: (@Sendable (Int) -> Void)?
    public var progressEvery = 50_000

    public init() {}
}

/// What the register gained from a batch.
public struct RegisterChanges: Sendable, Equatable {
    public var peopleNew = 0
    public var peopleChanged = 0
    public var peopleUnchanged = 0
    public var peopleClosed = 0
    public var householdsClosed = 0
    public var wholeCommunes: [String] = []
}

/// The result of ingesting one file: its report, and what changed in the register.
public struct IngestOutcome: Sendable {
    public var report: ValidationReport
    public var changes: RegisterChanges?
}

/// Reads, checks and loads household register files (A0), one transaction per file.
///
/// A file is loaded whole or not at all: its batch row, staged lines, quarantined lines,
/// findings and register changes commit together, so a killed run leaves nothing behind.
public struct RegisterIngestor {
    public let connection: PostgresConnection
    public let reference: ReferenceData
    public let logger: Logger

    public init(connection: PostgresConnection, reference: ReferenceData, logger: Logger) {
        self.connection = connection
        self.reference = reference
        self.logger = logger
    }

    public func ingest(path: String, options: IngestOptions = IngestOptions()) throws -> IngestOutcome {
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        let print: FeedFingerprint
        do {
            print = try FeedReader.fingerprint(path: path)
        } catch {
            if case .cannotOpen = error { throw WarehouseError.feed(error) }
            // F01: rejected whole; recorded so the officer can see it.
            let sha = try? FeedReader.sha256(path: path)
            var report = ValidationReport(file: fileName, sha256: sha ?? "", kind: .a0)
            report.issues = [Finding(line: 1, rule: .F01, vi: error.messageVI, en: error.messageEN)]
            report.dryRun = options.dryRun
            report.settleStatus()
            if !options.dryRun, let sha {
                report.batchID = try recordRejected(report, path: path, sha256: sha, options: options)
            }
            return IngestOutcome(report: report, changes: nil)
        }
        var base = ValidationReport(file: fileName, sha256: print.sha256, kind: .a0)
        base.encoding = print.encoding.rawValue
        base.dryRun = options.dryRun
        if let earlier = try loadedBatch(sha256: print.sha256) {
            return duplicate(base, earlier: earlier)
        }
        do {
            return try connection.transaction { conn in
                var outcome = try load(print, report: base, path: path, options: options, conn: conn)
                if options.dryRun {
                    outcome.report.batchID = nil
                    throw DryRunFinished(outcome: outcome)
                }
                return outcome
            }
        } catch let finished as DryRunFinished {
            return finished.outcome
        } catch let rejected as FileRejected {
            var report = rejected.report
            report.settleStatus()
            if !options.dryRun { report.batchID = try recordRejected(report, path: path, sha256: print.sha256, options: options) }
            return IngestOutcome(report: report, changes: nil)
        } catch let error as PostgresError where error.kind == .uniqueViolation {
            // Another run loaded the same file meanwhile.
            if let earlier = try loadedBatch(sha256: print.sha256) { return duplicate(base, earlier: earlier) }
            throw WarehouseError.database(error)
        }
    }

    private struct DryRunFinished: Error { var outcome: IngestOutcome }
    private struct FileRejected: Error { var report: ValidationReport }

    private func duplicate(_ base: ValidationReport, earlier: Int) -> IngestOutcome {
        var report = base
        report.status = .duplicate
        report.issues = [Finding(line: 1, rule: .F04,
            vi: "Tệp này (cùng nội dung) đã được nạp ở lô \(earlier): không thay đổi gì.",
            en: "This file (same content) was already ingested as batch \(earlier): nothing changes.")]
        return IngestOutcome(report: report, changes: nil)
    }

    private func loadedBatch(sha256: String) throws -> Int? {
        try connection.query("select batch_id from audit.batch where sha256 = \(sha256) and status <> 'rejected'")
            .first?.int("batch_id")
    }

    /// One pass over the file inside the transaction: stage accepted lines through COPY,
    /// hold rejected ones for the quarantine, then apply the batch to the register.
    private func load(_ print: FeedFingerprint, report base: ValidationReport, path: String, options: IngestOptions,
                      conn: PostgresConnection) throws -> IngestOutcome {
        var report = base
        let batchID = try conn.query("""
            insert into audit.batch (file_name, file_path, sha256, kind, status, encoding, received_at)
            values (\(report.file), \(path), \(print.sha256), 'a0', 'accepted', \(print.encoding.rawValue),
                    coalesce(\(options.receivedAt)::timestamptz, now()))
            returning batch_id
            """).first!.int("batch_id")!
        report.batchID = batchID

        var staging = RegisterStaging(reference: reference, batchID: batchID)
        try conn.copyIn("copy staging.a0_line (\(unsafeSQL: RegisterStaging.columns.joined(separator: ", "))) from stdin") { writer in
            try FeedReader.read(print) { event in
                switch event {
                case .header(let header, let delimiter):
                    report.delimiter = delimiter.rawValue
                    if let rejection = staging.header(header) {
                        report.issues = rejection
                        throw FileRejected(report: report)
                    }
                case .record(let record):
                    if let row = staging.line(record) { try writer.writeRow(row) }
                    if let progress = options.progress, staging.rows.read % options.progressEvery == 0 {
                        progress(staging.rows.read)
                    }
                case .malformed(let line, let detail):
                    staging.malformed(line: line, detail: detail)
                }
            }
        }
        guard staging.headerSeen else {
            report.issues = [Finding(line: 1, rule: .F01, vi: "Tệp không có dòng tiêu đề.", en: "The file has no header line.")]
            throw FileRejected(report: report)
        }
        let settled = staging.finish()
        // Lines staged first and rejected later (R11) move to the quarantine.
        if !settled.withdrawnLines.isEmpty {
            let moved = try conn.execute("""
                with moved as (
                    delete from staging.a0_line where batch_id = \(batchID) and line_no = any(\(settled.withdrawnLines)::int[])
                    returning *)
                insert into staging.quarantine (batch_id, line_no, kind, commune_code, record, rules)
                select batch_id, line_no, 'a0', commune_code,
                       to_jsonb(moved) - 'batch_id' - 'line_no' - 'extra', array['R11']
                from moved
                """)
            staging.rows.accepted -= moved
            staging.rows.rejected += moved
        }
        try conn.copyIn("copy staging.quarantine (batch_id, line_no, kind, commune_code, record, rules) from stdin") { writer in
            for q in staging.quarantine {
                try writer.writeRow([String(batchID), String(q.line), "a0", q.communeCode, q.recordJSON,
                                     "{\(q.rules.joined(separator: ","))}"])
            }
        }
        report.rows = staging.rows
        report.asOf = staging.asOf?.iso
        report.issues = settled.findings
        report.settleStatus()
        try conn.copyIn("copy audit.finding (batch_id, line_no, rule, severity, column_name, value, message_vi, message_en) from stdin") { writer in
            for f in report.issues {
                try writer.writeRow([String(batchID), String(f.line), f.rule.rawValue, f.severity.rawValue, f.column, f.value,
                                     f.messageVI, f.messageEN])
            }
        }
        try conn.execute("""
            update audit.batch set status = \(report.status.rawValue), delimiter = \(report.delimiter),
                as_of = \(report.asOf)::date, rows_read = \(report.rows.read), rows_accepted = \(report.rows.accepted),
                rows_rejected = \(report.rows.rejected), rows_duplicate = \(report.rows.duplicates)
            where batch_id = \(batchID)
            """)
        var changes: RegisterChanges?
        if report.rows.accepted > 0 {
            let row = try conn.query("select * from registry.apply_register_batch(\(batchID), \(options.scope.rawValue))").first!
            changes = RegisterChanges(
                peopleNew: row.int("people_new") ?? 0, peopleChanged: row.int("people_changed") ?? 0,
                peopleUnchanged: row.int("people_unchanged") ?? 0, peopleClosed: row.int("people_closed") ?? 0,
                householdsClosed: row.int("households_closed") ?? 0,
                wholeCommunes: PostgresArrayText.parse(row["whole_communes"] ?? "{}"))
        }
        logger.info("register batch loaded", metadata: ["batch": "\(batchID)", "file": "\(report.file)",
                                                        "accepted": "\(report.rows.accepted)", "rejected": "\(report.rows.rejected)"])
        return IngestOutcome(report: report, changes: changes)
    }

    /// Records a file rejected whole (F01, F02) as a batch with its findings, nothing else.
    private func recordRejected(_ report: ValidationReport, path: String, sha256: String, options: IngestOptions) throws -> Int {
        try connection.transaction { conn in
            let id = try conn.query("""
                insert into audit.batch (file_name, file_path, sha256, kind, status, encoding, delimiter, received_at)
                values (\(report.file), \(path), \(sha256), 'a0', 'rejected', \(report.encoding), \(report.delimiter),
                        coalesce(\(options.receivedAt)::timestamptz, now()))
                returning batch_id
                """).first!.int("batch_id")!
            for f in report.issues {
                try conn.execute("""
                    insert into audit.finding (batch_id, line_no, rule, severity, column_name, value, message_vi, message_en)
                    values (\(id), \(f.line), \(f.rule.rawValue), \(f.severity.rawValue), \(f.column), \(f.value),
                            \(f.messageVI), \(f.messageEN))
                    """)
            }
            return id
        }
    }
}

/// Reads PostgreSQL's text form of a one-dimensional text array of simple values.
enum PostgresArrayText {
    static func parse(_ text: String) -> [String] {
        let inner = text.dropFirst().dropLast()
        return inner.isEmpty ? [] : inner.split(separator: ",").map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }
}
