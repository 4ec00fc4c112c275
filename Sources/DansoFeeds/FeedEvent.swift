/// What the second pass reports, in file order.
public enum FeedEvent: Sendable, Equatable {
    /// The first non-blank record, and the delimiter detected from it.
    case header(FeedRecord, FeedDelimiter)
    /// A data record after the header.
    case record(FeedRecord)
    /// A record that cannot be parsed (rule F03); `detail` is short English.
    ///
    /// Reading goes on with the line after it, so one bad quote costs one record.
    case malformed(line: Int, detail: String)
}
