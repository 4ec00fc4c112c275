import Foundation

/// Errors of the deduplication layer, with what the user can do about them.
public enum DeduplicationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No pair has this number.
    case unknownPair(Int64)
    /// The pair is not in a state the decision applies to (e.g. rejecting a linked pair).
    case wrongStatus(pair: Int64, status: String, expected: [String])
    /// The stored model cannot be read (written by another version).
    case unreadableModel(Int64)
    /// Thresholds that cannot be used (review above link).
    case badThresholds(link: Double, review: Double)
    /// A records file for `link-records` that cannot be read.
    case badRecordsFile(path: String, line: Int, problem: String)
    /// A working file of a linkage run that cannot be written or read (a full or read-only
    /// temporary folder: TMPDIR says where it is).
    case scratchFile(path: String, errno: Int32)

    public var messageVI: String {
        switch self {
        case .unknownPair(let id): "Không có cặp #\(id)."
        case .wrongStatus(let id, let status, let expected):
            "Cặp #\(id) đang ở trạng thái «\(status)»; quyết định này chỉ áp dụng cho cặp ở trạng thái \(expected.joined(separator: " hoặc "))."
        case .unreadableModel(let id): "Không đọc được mô hình ghép cặp #\(id) (ghi bởi phiên bản khác)."
        case .badThresholds(let link, let review):
            "Ngưỡng không hợp lệ: ngưỡng tự ghép (\(link)) phải lớn hơn hoặc bằng ngưỡng xem xét (\(review))."
        case .badRecordsFile(let path, let line, let problem): "\(path), dòng \(line): \(problem)"
        case .scratchFile(let path, let code):
            "Không ghi hoặc đọc được tệp tạm \(path) (\(String(cString: strerror(code)))): kiểm tra chỗ trống của thư mục tạm (TMPDIR)."
        }
    }

    public var messageEN: String {
        switch self {
        case .unknownPair(let id): "There is no pair #\(id)."
        case .wrongStatus(let id, let status, let expected):
            "Pair #\(id) is «\(status)»; this decision applies only to a pair that is \(expected.joined(separator: " or "))."
        case .unreadableModel(let id): "The linkage model #\(id) cannot be read (written by another version)."
        case .badThresholds(let link, let review):
            "Thresholds not usable: the link threshold (\(link)) must be at least the review threshold (\(review))."
        case .badRecordsFile(let path, let line, let problem): "\(path), line \(line): \(problem)"
        case .scratchFile(let path, let code):
            "The working file \(path) cannot be written or read (\(String(cString: strerror(code)))): check the room left in the temporary folder (TMPDIR)."
        }
    }

    public var description: String { "\(messageVI)\n\(messageEN)" }
}
