/// One parsed record of a feed file, with where it starts.
public struct FeedRecord: Sendable, Equatable {
    /// Physical line number in the file where the record starts; the header is line 1
    /// unless blank lines precede it.
    public var line: Int
    /// The fields, in NFC, otherwise exactly as in the file (no trimming; CRLF inside a
    /// quoted field becomes LF).
    public var fields: [String]

    /// Makes a record.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}
