import Foundation

/// Why the embedded cluster could not be set up, started or stopped.
///
/// Every case has a Vietnamese message (`messageVI`, shown first) and an English one
/// (`messageEN`), each saying what to do next.
public enum EmbeddedClusterError: Error, CustomStringConvertible, LocalizedError, Sendable {
    /// `initdb`/`pg_ctl`/`postgres` are not on PATH nor in /usr/lib/postgresql/*/bin.
    case binariesNotFound(searched: [String])
    /// Running as root, but there is no `postgres` system user to run the server.
    case postgresUserMissing
    /// Running as root, but `runuser` (util-linux) is missing.
    case runuserMissing
    /// A directory could not be created or used.
    case directoryNotUsable(path: String, reason: String)
    /// The socket directory exists but belongs to another user.
    case socketDirectoryNotOwned(path: String)
    /// The data directory was made by another major version than the installed binaries.
    case versionMismatch(dataDirectory: String, dataVersion: String, binaryVersion: String)
    /// `initdb` failed.
    case initdbFailed(dataDirectory: String, output: String)
    /// `pg_ctl start` failed; `logTail` is the end of the server log.
    case startFailed(logFile: String, output: String, logTail: String)
    /// `pg_ctl stop` failed.
    case stopFailed(dataDirectory: String, output: String)
    /// The server runs but the `danso` database could not be checked or created.
    case databaseSetupFailed(logFile: String, message: String)
    /// A program could not be launched at all.
    case commandFailed(command: String, output: String)

    /// The message in Vietnamese, with what to do.
    public var messageVI: String {
        switch self {
        case .binariesNotFound(let searched):
            return "Không tìm thấy chương trình máy chủ PostgreSQL (initdb, pg_ctl, postgres). Hãy cài đặt postgresql (apt-get install postgresql) hoặc thêm thư mục bin của PostgreSQL vào PATH. Đã tìm trong: \(searched.joined(separator: ", "))."
        case .postgresUserMissing:
            return "danso đang chạy với quyền root nhưng không có người dùng hệ thống \"postgres\" để chạy PostgreSQL. Hãy cài đặt postgresql (apt-get install postgresql, gói này tạo người dùng postgres) hoặc chạy danso bằng một người dùng thường."
        case .runuserMissing:
            return "danso đang chạy với quyền root nhưng không tìm thấy lệnh runuser để chạy PostgreSQL dưới người dùng postgres. Hãy cài đặt util-linux (apt-get install util-linux) hoặc chạy danso bằng một người dùng thường."
        case .directoryNotUsable(let path, let reason):
            return "Không dùng được thư mục \(path): \(reason). Hãy kiểm tra quyền truy cập, hoặc chọn thư mục khác bằng biến DANSO_HOME."
        case .socketDirectoryNotOwned(let path):
            return "Thư mục socket \(path) đã tồn tại nhưng thuộc về người dùng khác nên không an toàn. Hãy xoá thư mục đó, hoặc đặt DANSO_HOME ở một đường dẫn ngắn hơn."
        case .versionMismatch(let dataDirectory, let dataVersion, let binaryVersion):
            return "Thư mục dữ liệu \(dataDirectory) được tạo bởi PostgreSQL \(dataVersion), nhưng chương trình tìm thấy là PostgreSQL \(binaryVersion). Hãy cài đặt postgresql-\(dataVersion) (apt-get install postgresql-\(dataVersion)), hoặc xuất dữ liệu rồi tạo lại cụm bằng phiên bản mới."
        case .initdbFailed(let dataDirectory, let output):
            return "initdb không tạo được cụm PostgreSQL trong \(dataDirectory). Nếu thư mục này còn sót lại từ một lần chạy hỏng, hãy xoá nó rồi chạy lại. Kết quả của initdb:\n\(output)"
        case .startFailed(let logFile, let output, let logTail):
            return "Không khởi động được PostgreSQL. Hãy sửa lỗi nêu trong nhật ký \(logFile) (ví dụ thiếu bộ nhớ, ổ đĩa đầy, socket đang bị dùng) rồi chạy lại.\npg_ctl: \(output)\nCác dòng cuối của nhật ký:\n\(logTail)"
        case .stopFailed(let dataDirectory, let output):
            return "Không dừng được PostgreSQL: \(output). Hãy thử lại, hoặc dừng hẳn bằng: pg_ctl stop -m immediate -D \(dataDirectory)."
        case .databaseSetupFailed(let logFile, let message):
            return "PostgreSQL đã chạy nhưng không tạo được cơ sở dữ liệu \"danso\": \(message). Hãy xem nhật ký \(logFile)."
        case .commandFailed(let command, let output):
            return "Không chạy được lệnh \(command): \(output). Hãy kiểm tra rằng chương trình tồn tại và có quyền thực thi."
        }
    }

    /// The message in English, with what to do.
    public var messageEN: String {
        switch self {
        case .binariesNotFound(let searched):
            return "PostgreSQL server programs (initdb, pg_ctl, postgres) not found. Install postgresql (apt-get install postgresql) or put PostgreSQL's bin directory on PATH. Searched: \(searched.joined(separator: ", "))."
        case .postgresUserMissing:
            return "danso runs as root but there is no \"postgres\" system user to run PostgreSQL. Install postgresql (apt-get install postgresql, which creates the user) or run danso as an ordinary user."
        case .runuserMissing:
            return "danso runs as root but runuser, needed to run PostgreSQL as the postgres user, was not found. Install util-linux (apt-get install util-linux) or run danso as an ordinary user."
        case .directoryNotUsable(let path, let reason):
            return "Cannot use directory \(path): \(reason). Check its permissions, or choose another directory with DANSO_HOME."
        case .socketDirectoryNotOwned(let path):
            return "The socket directory \(path) exists but belongs to another user, so it is not safe to use. Remove it, or put DANSO_HOME on a shorter path."
        case .versionMismatch(let dataDirectory, let dataVersion, let binaryVersion):
            return "The data directory \(dataDirectory) was created by PostgreSQL \(dataVersion), but the programs found are PostgreSQL \(binaryVersion). Install postgresql-\(dataVersion) (apt-get install postgresql-\(dataVersion)), or dump the data and recreate the cluster with the new version."
        case .initdbFailed(let dataDirectory, let output):
            return "initdb could not create the PostgreSQL cluster in \(dataDirectory). If the directory is left over from a broken run, delete it and try again. initdb said:\n\(output)"
        case .startFailed(let logFile, let output, let logTail):
            return "PostgreSQL did not start. Fix the problem reported in the log \(logFile) (e.g. not enough memory, disk full, socket in use) and try again.\npg_ctl: \(output)\nLast lines of the log:\n\(logTail)"
        case .stopFailed(let dataDirectory, let output):
            return "PostgreSQL did not stop: \(output). Try again, or force it with: pg_ctl stop -m immediate -D \(dataDirectory)."
        case .databaseSetupFailed(let logFile, let message):
            return "PostgreSQL is running but the \"danso\" database could not be created: \(message). See the log \(logFile)."
        case .commandFailed(let command, let output):
            return "Could not run \(command): \(output). Check that the program exists and is executable."
        }
    }

    /// Vietnamese first, English beside.
    public var description: String { messageVI + "\n" + messageEN }

    /// Same as `description`, for `LocalizedError` users.
    public var errorDescription: String? { description }
}
