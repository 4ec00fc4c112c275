/// Errors that reject a whole file (rule F01, or the file cannot be read at all).
public enum FeedReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case cannotOpen(path: String, reason: String)
    /// The encoding cannot be determined; loading it would give mojibake (F01).
    case undeterminedEncoding(path: String, detail: String)
    /// The file is empty, binary or has no header line (F01).
    case notTabularText(path: String, detail: String)

    /// The path of the rejected file.
    public var path: String {
        switch self {
        case .cannotOpen(let path, _), .undeterminedEncoding(let path, _), .notTabularText(let path, _): path
        }
    }

    /// The message for commune staff, in Vietnamese, naming the file.
    public var messageVI: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "Không mở hoặc không đọc được tệp «\(path)» (\(reason))."
        case .undeterminedEncoding(let path, let detail):
            "Không xác định được bảng mã của tệp «\(path)» (\(detail)). Tệp bị từ chối toàn bộ, "
                + "không nạp dòng nào; hãy lưu lại tệp dưới dạng CSV UTF-8 rồi gửi lại."
        case .notTabularText(let path, let detail):
            "Tệp «\(path)» không phải tệp văn bản dạng bảng có dòng tiêu đề (\(detail)). "
                + "Tệp bị từ chối toàn bộ, không nạp dòng nào."
        }
    }

    /// The same message in English, shown beside the Vietnamese one.
    public var messageEN: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "Cannot open or read file '\(path)' (\(reason))."
        case .undeterminedEncoding(let path, let detail):
            "Cannot determine the character encoding of file '\(path)' (\(detail)). The whole file "
                + "is rejected and nothing is loaded; save it as CSV UTF-8 and send it again."
        case .notTabularText(let path, let detail):
            "File '\(path)' is not tabular text with a header line (\(detail)). "
                + "The whole file is rejected and nothing is loaded."
        }
    }

    /// Both messages, Vietnamese first.
    public var description: String { "\(messageVI) / \(messageEN)" }
}
