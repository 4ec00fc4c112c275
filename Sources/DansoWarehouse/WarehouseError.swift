import DansoFeeds
import DansoPostgres

/// What can go wrong in the warehouse layer, with what a user needs to put it right.
public enum WarehouseError: Error, CustomStringConvertible, Sendable {
    case projectFilesNotFound(searched: [String])
    case queryFileMissing(path: String)
    case migrationEdited(version: Int, name: String, recorded: String, actual: String)
    case migrationMissing(version: Int, name: String)
    case migrationFailed(version: Int, name: String, error: PostgresError)
    case badMigrationName(file: String)
    case referenceFileMissing(path: String)
    case referenceFileInvalid(path: String, line: Int, detail: String)
    case referenceNotLoaded
    case database(PostgresError)
    case feed(FeedReadError)
    case invalidArgument(vi: String, en: String)

    public var messageVI: String {
        switch self {
        case .projectFilesNotFound(let searched):
            "Không tìm thấy thư mục sql/ của danso (đã tìm: \(searched.joined(separator: ", "))). Đặt DANSO_SQL_DIR và DANSO_REFERENCE_DIR."
        case .queryFileMissing(let path): "Thiếu tệp truy vấn \(path)."
        case .migrationEdited(let v, let name, _, _):
            "Migration \(v) (\(name)) đã được áp dụng nhưng tệp đã bị sửa sau đó. Không sửa migration đã áp dụng: hãy khôi phục tệp và viết một migration mới."
        case .migrationMissing(let v, let name):
            "Cơ sở dữ liệu đã áp dụng migration \(v) (\(name)) nhưng không còn tệp này trong sql/. Dùng đúng phiên bản danso."
        case .migrationFailed(let v, let name, let error):
            "Migration \(v) (\(name)) thất bại và đã được hoàn tác: \(error.message)"
        case .badMigrationName(let file): "Tên tệp migration «\(file)» không đúng dạng NNNN_ten.sql."
        case .referenceFileMissing(let path): "Thiếu tệp danh mục \(path)."
        case .referenceFileInvalid(let path, let line, let detail): "Tệp danh mục \(path), dòng \(line): \(detail)"
        case .referenceNotLoaded: "Chưa nạp danh mục đơn vị hành chính: chạy `danso migrate`."
        case .database(let error): "Lỗi cơ sở dữ liệu: \(error.message)"
        case .feed(let error): error.messageVI
        case .invalidArgument(let vi, _): vi
        }
    }

    public var messageEN: String {
        switch self {
        case .projectFilesNotFound(let searched):
            "Cannot find danso's sql/ folder (searched: \(searched.joined(separator: ", "))). Set DANSO_SQL_DIR and DANSO_REFERENCE_DIR."
        case .queryFileMissing(let path): "Query file \(path) is missing."
        case .migrationEdited(let v, let name, let recorded, let actual):
            "Migration \(v) (\(name)) was applied but its file was edited afterwards (checksum \(recorded.prefix(12)) recorded, \(actual.prefix(12)) now). Never edit an applied migration: restore the file and write a new migration."
        case .migrationMissing(let v, let name):
            "The database has migration \(v) (\(name)) applied but sql/ no longer has that file. Use the matching danso version."
        case .migrationFailed(let v, let name, let error):
            "Migration \(v) (\(name)) failed and was rolled back: \(error.message)"
        case .badMigrationName(let file): "Migration file name '\(file)' is not of the form NNNN_name.sql."
        case .referenceFileMissing(let path): "Reference file \(path) is missing."
        case .referenceFileInvalid(let path, let line, let detail): "Reference file \(path), line \(line): \(detail)"
        case .referenceNotLoaded: "The administrative units are not loaded: run `danso migrate`."
        case .database(let error): "Database error: \(error.message)"
        case .feed(let error): error.messageEN
        case .invalidArgument(_, let en): en
        }
    }

    public var description: String { "\(messageVI)\n\(messageEN)" }
}
