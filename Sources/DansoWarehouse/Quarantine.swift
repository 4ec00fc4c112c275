import DansoDomain
import DansoPostgres
import Foundation

/// The quarantine as a commune officer sees it: the rejected lines, why, and what became of them.
public struct Quarantine {
    public let connection: PostgresConnection
    public let files: ProjectFiles
    /// For retried slips: see `ChangeIngestor.duplicateEvents`.
    public var duplicateEvents: (any DuplicateEventCheck)?

    public init(connection: PostgresConnection, files: ProjectFiles, duplicateEvents: (any DuplicateEventCheck)? = nil) {
        self.connection = connection
        self.files = files
        self.duplicateEvents = duplicateEvents
    }

    public struct Entry: Sendable, Codable {
        public var id: Int
        public var batchID: Int
        public var file: String
        public var line: Int
        public var kind: String
        public var communeCode: String?
        public var rules: [String]
        public var status: String
        public var record: String
        public var decidedBy: String?
        public var decidedAt: String?
        public var note: String?
        public var findings: [String]
    }

    public func list(commune: String?, status: String?) throws -> [Entry] {
        try entries(where: "(\(commune)::text is null or q.commune_code = \(commune)) and (\(status)::text is null or q.status = \(status))")
    }

    public func show(_ id: Int) throws -> Entry? {
        try entries(where: "q.quarantine_id = \(id)").first
    }

    private func entries(where condition: PostgresQuery) throws -> [Entry] {
        let rows = try connection.query(PostgresQuery(unsafeSQL: """
            select q.quarantine_id, q.batch_id, b.file_name, q.line_no, q.kind, q.commune_code,
                   array_to_string(q.rules, ',') as rules, q.status, q.record::text as record, q.decided_by,
                   q.decided_at::text as decided_at, q.decision_note,
                   (select string_agg(f.rule || ' ' || coalesce(f.column_name, '') || ': ' || f.message_vi || ' / ' || f.message_en,
                                      E'\\n' order by f.rule)
                    from audit.finding f where f.batch_id = q.batch_id and f.line_no = q.line_no) as findings
            from staging.quarantine q join audit.batch b on b.batch_id = q.batch_id
            where \(condition.sql)
            order by q.batch_id, q.line_no
            """, binds: condition.binds))
        return rows.map { r in
            Entry(id: r.int("quarantine_id")!, batchID: r.int("batch_id")!, file: r["file_name"]!, line: r.int("line_no")!,
                  kind: r["kind"]!, communeCode: r["commune_code"], rules: (r["rules"] ?? "").split(separator: ",").map(String.init),
                  status: r["status"]!, record: r["record"]!, decidedBy: r["decided_by"], decidedAt: r["decided_at"],
                  note: r["decision_note"], findings: (r["findings"] ?? "").split(separator: "\n").map(String.init))
        }
    }

    /// Settles a held line for good: it stays recorded with who discarded it and why.
    public func discard(_ id: Int, by person: String, reason: String) throws -> Bool {
        try connection.execute("""
            update staging.quarantine set status = 'discarded', decided_by = \(person), decided_at = now(),
                decision_note = \(reason)
            where quarantine_id = \(id) and status = 'held'
            """) == 1
    }

    /// Retries the held slips whose subject (E02) or original slip (E07) was missing; returns how many applied.
    public func retry(commune: String?, reference: ReferenceData) throws -> Int {
        let applied = try connection.transaction { conn in
            let rows = try conn.query("""
                select commune_code, max(batch_id) as batch from staging.quarantine
                where kind = 'changes' and status = 'held' and rules && array['E02', 'E04', 'E07']
                  and (\(commune)::text is null or commune_code = \(commune))
                group by commune_code
                """)
            guard let batch = rows.compactMap({ $0.int("batch") }).max() else { return 0 }
            return try QuarantineRetry(conn: conn, files: files, reference: reference, batchID: batch,
                                       duplicateCheck: duplicateEvents)
                .retry(communes: Set(rows.compactMap { $0["commune_code"] }))
        }
        if applied > 0 { try IndicatorRefresh(connection: connection).runRequested() }
        return applied
    }
}
