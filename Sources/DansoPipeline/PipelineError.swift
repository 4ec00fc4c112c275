/// What can stop a pipeline before or between files, with what a user needs to put it right.
///
/// A problem with one file (a rejected line, a database error during its ingest) is not a
/// `PipelineError`: it is recorded as that file's outcome and the run goes on.
public enum PipelineError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No definition `<name>.yaml` in the definitions folder.
    case definitionNotFound(name: String, directory: String, available: [String])
    /// The definitions folder does not exist.
    case definitionsDirectoryMissing(path: String)
    /// The definition file cannot be read or is not YAML.
    case definitionUnreadable(file: String, detail: String)
    /// A key of the definition is missing or wrong; `line` is where the YAML says it.
    case definitionInvalid(file: String, key: String, line: Int?, vi: String, en: String)
    /// The folder files arrive in does not exist.
    case sourceMissing(path: String)
    /// An archive or rejected folder cannot be created.
    case cannotCreateFolder(path: String, detail: String)
    /// Another run of the same pipeline holds the lock.
    case alreadyRunning(name: String)

    public var messageVI: String {
        switch self {
        case .definitionNotFound(let name, let directory, let available):
            "Không có quy trình «\(name)» trong \(directory) (cần tệp \(name).yaml). Có: \(available.isEmpty ? "không có" : available.joined(separator: ", "))."
        case .definitionsDirectoryMissing(let path):
            "Không có thư mục định nghĩa quy trình \(path). Đặt DANSO_PIPELINES_DIR hoặc dùng --definitions."
        case .definitionUnreadable(let file, let detail):
            "Không đọc được tệp định nghĩa \(file): \(detail)"
        case .definitionInvalid(let file, let key, let line, let vi, _):
            "\(file)\(line.map { ", dòng \($0)" } ?? ""), khoá «\(key)»: \(vi)"
        case .sourceMissing(let path):
            "Không có thư mục nhận tệp \(path). Tạo thư mục này, hoặc đặt DANSO_DROP_DIR / sửa «source» trong định nghĩa."
        case .cannotCreateFolder(let path, let detail):
            "Không tạo được thư mục \(path) (\(detail)). Kiểm tra quyền ghi."
        case .alreadyRunning(let name):
            "Quy trình «\(name)» đang chạy ở nơi khác: lần chạy này không làm gì. Chạy lại sau."
        }
    }

    public var messageEN: String {
        switch self {
        case .definitionNotFound(let name, let directory, let available):
            "No pipeline '\(name)' in \(directory) (a file \(name).yaml is needed). Found: \(available.isEmpty ? "none" : available.joined(separator: ", "))."
        case .definitionsDirectoryMissing(let path):
            "The pipeline definitions folder \(path) does not exist. Set DANSO_PIPELINES_DIR or use --definitions."
        case .definitionUnreadable(let file, let detail):
            "Cannot read pipeline definition \(file): \(detail)"
        case .definitionInvalid(let file, let key, let line, _, let en):
            "\(file)\(line.map { ", line \($0)" } ?? ""), key '\(key)': \(en)"
        case .sourceMissing(let path):
            "The drop folder \(path) does not exist. Create it, or set DANSO_DROP_DIR / change 'source' in the definition."
        case .cannotCreateFolder(let path, let detail):
            "Cannot create folder \(path) (\(detail)). Check write permissions."
        case .alreadyRunning(let name):
            "Pipeline '\(name)' is already running elsewhere: this run does nothing. Try again later."
        }
    }

    public var description: String { "\(messageVI)\n\(messageEN)" }
}
