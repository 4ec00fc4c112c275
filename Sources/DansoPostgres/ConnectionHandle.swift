import Foundation
import CLibPQ
import Logging

/// Owns one `PGconn*`: the only code that touches it, and `PQfinish` in `deinit` (also when
/// connecting failed, since `PQconnectdb` allocates either way).
final class ConnectionHandle {
    private let pointer: OpaquePointer
    private var noticeSink: NoticeSink?

    /// Connects synchronously; `nil` only when libpq could not allocate the connection object.
    init?(conninfo: String) {
        guard let pointer = PQconnectdb(conninfo) else { return nil }
        self.pointer = pointer
    }

    deinit {
        PQfinish(pointer)
    }

    var isConnected: Bool { PQstatus(pointer) == CONNECTION_OK }

    /// libpq's last error message, trimmed.
    var errorMessage: String {
        guard let text = PQerrorMessage(pointer) else { return "" }
        return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var serverVersion: Int { Int(PQserverVersion(pointer)) }

    enum TransactionStatus { case idle, active, inTransaction, inError, unknown }

    var transactionStatus: TransactionStatus {
        switch PQtransactionStatus(pointer) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_ACTIVE: return .active
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .inError
        default: return .unknown
        }
    }

    func setClientEncoding(_ encoding: String) -> Bool {
        PQsetClientEncoding(pointer, encoding) == 0
    }

    /// Routes server notices to the logger (WARNING at `.warning`, the rest at `.debug`)
    /// instead of libpq's default printer on stderr.
    func routeNotices(to logger: Logger) {
        let sink = NoticeSink(logger: logger)
        noticeSink = sink
        PQsetNoticeReceiver(pointer, { context, result in
            guard let context, let result else { return }
            let sink = Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue()
            let notice = ResultHandle.borrowedErrorFields(of: result)
            let severity = notice.severity ?? "NOTICE"
            let level: Logger.Level = severity == "WARNING" ? .warning : .debug
            sink.logger.log(
                level: level, "postgres \(severity): \(notice.message ?? "")",
                metadata: ["sqlstate": "\(notice.sqlstate ?? "")"])
        }, Unmanaged.passUnretained(sink).toOpaque())
    }

    /// `PQexecParams` with text-format parameters and text-format results.
    func execParams(_ sql: String, binds: [String?]) -> ResultHandle? {
        guard !binds.isEmpty else {
            return PQexecParams(pointer, sql, 0, nil, nil, nil, nil, 0).map(ResultHandle.init(owning:))
        }
        let cStrings: [UnsafeMutablePointer<CChar>?] = binds.map { $0.flatMap { strdup($0) } }
        defer { for string in cStrings { free(string) } }
        let values = cStrings.map { UnsafePointer($0) }
        return PQexecParams(pointer, sql, Int32(values.count), nil, values, nil, nil, 0).map(ResultHandle.init(owning:))
    }

    /// `PQprepare`: a named statement the server plans once (parameter types inferred).
    func prepare(_ name: String, sql: String, parameterCount: Int) -> ResultHandle? {
        PQprepare(pointer, name, sql, Int32(parameterCount), nil).map(ResultHandle.init(owning:))
    }

    /// `PQexecPrepared` with text-format parameters and text-format results.
    func execPrepared(_ name: String, binds: [String?]) -> ResultHandle? {
        let cStrings: [UnsafeMutablePointer<CChar>?] = binds.map { $0.flatMap { strdup($0) } }
        defer { for string in cStrings { free(string) } }
        let values = cStrings.map { UnsafePointer($0) }
        return PQexecPrepared(pointer, name, Int32(values.count), values, nil, nil, 0).map(ResultHandle.init(owning:))
    }

    /// `PQexec`: the simple protocol, which allows several statements in one string.
    func exec(_ sql: String) -> ResultHandle? {
        PQexec(pointer, sql).map(ResultHandle.init(owning:))
    }

    func nextResult() -> ResultHandle? {
        PQgetResult(pointer).map(ResultHandle.init(owning:))
    }

    /// 1 when queued, 0 when it would block (never in blocking mode), -1 on error.
    func putCopyData(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        bytes.withMemoryRebound(to: CChar.self) { chars in
            PQputCopyData(pointer, chars.baseAddress, Int32(chars.count))
        }
    }

    /// Ends a COPY FROM STDIN: success with `nil`, failure with a message the server reports back.
    func putCopyEnd(failure: String?) -> Int32 {
        PQputCopyEnd(pointer, failure)
    }

    /// Reads and discards one COPY OUT row; returns -1 when the COPY is done, -2 on error.
    func discardCopyData() -> Int32 {
        var buffer: UnsafeMutablePointer<CChar>?
        let length = PQgetCopyData(pointer, &buffer, 0)
        if let buffer { PQfreemem(buffer) }
        return length
    }
}

/// Keeps the logger alive for libpq's notice callback.
final class NoticeSink {
    let logger: Logger
    init(logger: Logger) { self.logger = logger }
}
