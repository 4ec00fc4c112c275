/// The machine-readable report of one file (feeds.md §6), written as JSON.
public struct ValidationReport: Codable, Sendable {
    public enum Kind: String, Codable, Sendable { case a0, changes }
    public enum Status: String, Codable, Sendable {
        case accepted, acceptedWithWarnings = "accepted_with_warnings", rejected, duplicate
    }
    public struct Rows: Codable, Sendable, Equatable {
        public var read = 0
        public var accepted = 0
        public var rejected = 0
        public var duplicates = 0
        /// Change slips not applied because they report an event already recorded under
        /// another slip id (E12): not the same line twice, the same birth, death or arrival twice.
        public var duplicateEvents = 0
        public init() {}

        enum CodingKeys: String, CodingKey {
            case read, accepted, rejected, duplicates
            case duplicateEvents = "duplicate_events"
        }

        /// Reports written before `duplicate_events` existed read as none.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            read = try c.decode(Int.self, forKey: .read)
            accepted = try c.decode(Int.self, forKey: .accepted)
            rejected = try c.decode(Int.self, forKey: .rejected)
            duplicates = try c.decode(Int.self, forKey: .duplicates)
            duplicateEvents = try c.decodeIfPresent(Int.self, forKey: .duplicateEvents) ?? 0
        }
    }

    public var file: String
    public var sha256: String
    public var kind: Kind
    public var status: Status
    public var rows: Rows
    public var issues: [Finding]
    /// How the file was read, so an officer can see what the warehouse assumed.
    public var encoding: String?
    public var delimiter: String?
    /// The register's date (`ngay_chot`), ISO.
    public var asOf: String?
    public var batchID: Int?
    public var dryRun: Bool

    public init(file: String, sha256: String, kind: Kind) {
        self.file = file
        self.sha256 = sha256
        self.kind = kind
        self.status = .accepted
        self.rows = Rows()
        self.issues = []
        self.dryRun = false
    }

    enum CodingKeys: String, CodingKey {
        case file, sha256, kind, status, rows, issues, encoding, delimiter
        case asOf = "as_of", batchID = "batch_id", dryRun = "dry_run"
    }

    /// Sets `status` from the counts and findings: rejected when nothing could be loaded.
    public mutating func settleStatus() {
        if status == .duplicate { return }
        if issues.contains(where: { $0.rule.rejectsFile }) || (rows.accepted == 0 && rows.rejected > 0) {
            status = .rejected
        } else if issues.contains(where: { $0.severity >= .warning }) {
            status = .acceptedWithWarnings
        } else {
            status = .accepted
        }
    }

    /// 0 every line loaded (warnings included), 1 some lines rejected, 2 the file rejected whole.
    public var exitCode: Int32 {
        switch status {
        case .rejected: 2
        case .duplicate, .accepted: 0
        case .acceptedWithWarnings: rows.rejected > 0 ? 1 : 0
        }
    }
}
