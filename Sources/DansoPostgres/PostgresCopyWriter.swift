/// Writes rows into a running `COPY … FROM STDIN`; only valid inside `PostgresConnection.copyIn`.
///
/// Fields are encoded in COPY's text format (backslash, tab, newline and carriage return
/// escaped; `nil` as `\N`) and buffered, about 256 KiB at a time, before going to libpq.
public struct PostgresCopyWriter {
    let stream: CopyStream

    /// Appends one row; `nil` fields are NULL.
    ///
    /// - Throws: `PostgresError` with kind `.copyFailed` if the data cannot be sent, a field
    ///   contains a NUL byte, or the writer is used after its `copyIn` closure has ended.
    public mutating func writeRow(_ fields: [String?]) throws {
        try stream.write(fields)
    }

    /// Rows written so far.
    public var rowsWritten: Int { stream.rowsWritten }

    /// Encodes one row in COPY text format and appends it to `buffer`; `false` if a field holds NUL.
    static func encode(_ fields: [String?], into buffer: inout [UInt8]) -> Bool {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(0x09) }
            guard let field else {
                buffer.append(0x5C)
                buffer.append(0x4E)  // \N
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case 0x5C: buffer.append(0x5C); buffer.append(0x5C)  // \\
                case 0x09: buffer.append(0x5C); buffer.append(0x74)  // \t
                case 0x0A: buffer.append(0x5C); buffer.append(0x6E)  // \n
                case 0x0D: buffer.append(0x5C); buffer.append(0x72)  // \r
                case 0x00: return false
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(0x0A)
        return true
    }
}

/// The buffer and state of one COPY; a class so copies of the writer share it and can be
/// invalidated when the closure ends.
final class CopyStream {
    static let flushThreshold = 256 * 1024

    private let handle: ConnectionHandle
    private let query: String
    private let file: String
    private let line: Int
    private var buffer: [UInt8] = []
    private var isOpen = true
    private(set) var rowsWritten = 0

    init(handle: ConnectionHandle, query: String, file: String, line: Int) {
        self.handle = handle
        self.query = query
        self.file = file
        self.line = line
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    func write(_ fields: [String?]) throws {
        guard isOpen else { throw failure("the COPY writer was used outside its copyIn closure") }
        let mark = buffer.count
        guard PostgresCopyWriter.encode(fields, into: &buffer) else {
            buffer.removeSubrange(mark...)
            throw failure("row \(rowsWritten + 1) has a field with a NUL byte, which PostgreSQL text cannot hold")
        }
        rowsWritten += 1
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    func flush() throws {
        guard isOpen, !buffer.isEmpty else { return }
        let status = buffer.withUnsafeBufferPointer { handle.putCopyData($0) }
        buffer.removeAll(keepingCapacity: true)
        guard status == 1 else { throw failure("could not send COPY data: \(handle.errorMessage)") }
    }

    func close() {
        isOpen = false
        buffer = []
    }

    private func failure(_ message: String) -> PostgresError {
        PostgresError(kind: .copyFailed, message: message, query: query, file: file, line: line)
    }
}
