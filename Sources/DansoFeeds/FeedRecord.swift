/// One parsed record of a feed file, with where it starts.
public struct FeedRecord: Sendable, Equatable {
    /// Physical line number in the file where the record starts; the header is line 1
    /// unless blank lines precede it.
    public var line: Int
    /// The fields, in NFC, otherwise exactly as in the file (no trimming; CRLF inside a
    /// quoted field becomes LF).
    public var fields: [String]
    /// True when the reader saw that no field has a space, tab, no-break space or CR at an
    /// edge, so `trimmingSpaces` leaves every field as it is (false: not known). Not part of
    /// equality: it only spares looking again.
    public internal(set) var fieldsAreTrimmed = false

    /// Makes a record.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    public static func == (a: FeedRecord, b: FeedRecord) -> Bool {
        a.line == b.line && a.fields == b.fields
    }
}
