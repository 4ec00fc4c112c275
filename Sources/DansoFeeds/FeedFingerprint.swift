/// What the first pass learns about a file: its identity and how to decode it.
public struct FeedFingerprint: Sendable, Equatable {
    /// The path as given to `FeedReader.fingerprint(path:)`.
    public let path: String
    /// The last component of `path`.
    public let fileName: String
    /// Lowercase hex SHA-256 of the raw bytes; the same content gives the same digest (rule F04).
    public let sha256: String
    /// Size of the file in bytes.
    public let byteCount: Int
    /// The encoding the second pass decodes with.
    public let encoding: FeedEncoding

    /// Makes a fingerprint from known parts; `fileName` is derived from `path`.
    public init(path: String, sha256: String, byteCount: Int, encoding: FeedEncoding) {
        self.path = path
        self.fileName = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        self.sha256 = sha256
        self.byteCount = byteCount
        self.encoding = encoding
    }
}
