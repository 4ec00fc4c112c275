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

    /// Appends one row: the text `fields`, then the `integers` in decimal (`nil` is NULL).
    /// Numbers are written straight into the buffer, where making a string of each cost as
    /// much as sending it (a linkage run writes eight keys for each of a province's people).
    public mutating func writeRow(_ fields: [String?], integers: [Int64?]) throws {
        try stream.write(fields, integers: integers)
    }

    /// Rows written so far.
    public var rowsWritten: Int { stream.rowsWritten }

    /// Encodes one row in COPY text format and appends it to `buffer`; `false` if a field holds NUL.
    static func encode(_ fields: [String?], into buffer: inout [UInt8]) -> Bool {
        let out = CopyBuffer(capacity: 64)
        guard out.append(row: fields) else { return false }
        buffer.append(contentsOf: out.bytes)
        return true
    }
}

/// A growable byte buffer COPY rows are encoded into. Raw memory rather than `[UInt8]`:
/// rows are written a field at a time, and appending to an array per field cost more
/// than the copying.
final class CopyBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    func removeAll() { count = 0 }

    /// Makes room for `extra` more bytes.
    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends one row in COPY text format (tab-separated, `\N` for nil, LF at the end);
    /// leaves the buffer as it was and returns `false` if a field holds NUL.
    func append(row fields: [String?], integers: [Int64?] = []) -> Bool {
        let mark = count
        // Room for the worst case (every byte escaped) once, so fields are written unchecked.
        var worst = 1 + 21 * integers.count
        for field in fields { worst += 3 + 2 * (field?.utf8.count ?? 0) }
        reserve(worst)
        var first = true
        for field in fields {
            separate(&first)
            guard let field else {
                appendNull()
                continue
            }
            // Most fields need no escaping: their bytes are copied in one go.
            let copied = field.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                guard !Self.needsEscaping(bytes) else { return false }
                if let start = bytes.baseAddress { (base + count).update(from: start, count: bytes.count) }
                count += bytes.count
                return true
            }
            if copied == true { continue }
            guard escape(field.utf8) else {
                count = mark
                return false
            }
        }
        for number in integers {
            separate(&first)
            if let number { appendDecimal(number) } else { appendNull() }
        }
        base[count] = 0x0A
        count += 1
        return true
    }

    /// A tab before every field but the first.
    @inline(__always)
    private func separate(_ first: inout Bool) {
        if !first {
            base[count] = 0x09
            count += 1
        }
        first = false
    }

    /// `\N`, a NULL field.
    @inline(__always)
    private func appendNull() {
        base[count] = 0x5C
        base[count + 1] = 0x4E
        count += 2
    }

    /// `number` in decimal (room reserved by the caller: 20 bytes).
    private func appendDecimal(_ number: Int64) {
        if number < 0 {
            base[count] = 0x2D
            count += 1
        }
        var magnitude = number.magnitude
        let start = count
        repeat {
            base[count] = 0x30 + UInt8(magnitude % 10)
            magnitude /= 10
            count += 1
        } while magnitude > 0
        var (i, j) = (start, count - 1)
        while i < j {
            (base[i], base[j]) = (base[j], base[i])
            i += 1
            j -= 1
        }
    }

    /// Whether any byte is one COPY text format escapes (backslash, TAB, LF, CR) or NUL,
    /// which it cannot hold. Eight bytes at a time: any byte below 0x0E or equal to 0x5C
    /// sends the field to `escape`, which sorts them out.
    static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = bytes.baseAddress else { return false }
        let n = bytes.count
        let raw = UnsafeRawPointer(start)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i + 8 <= n {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let below = (word &- 0x0E &* ones) & ~word & highs       // some byte < 0x0E (may flag one more)
            let backslash = word ^ (0x5C &* ones)
            let isBackslash = (backslash &- ones) & ~backslash & highs
            if below | isBackslash != 0 { return true }
            i += 8
        }
        while i < n {
            let byte = start[i]
            if byte < 0x0E || byte == 0x5C { return true }
            i += 1
        }
        return false
    }

    /// Appends a field byte by byte with its escapes; `false` on NUL.
    private func escape(_ field: String.UTF8View) -> Bool {
        reserve(2 * field.count)
        for byte in field {
            switch byte {
            case 0x5C: base[count] = 0x5C; base[count + 1] = 0x5C; count += 2  // \\
            case 0x09: base[count] = 0x5C; base[count + 1] = 0x74; count += 2  // \t
            case 0x0A: base[count] = 0x5C; base[count + 1] = 0x6E; count += 2  // \n
            case 0x0D: base[count] = 0x5C; base[count + 1] = 0x72; count += 2  // \r
            case 0x00: return false
            default: base[count] = byte; count += 1
            }
        }
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
    private let buffer = CopyBuffer(capacity: CopyStream.flushThreshold + 4096)
    private var isOpen = true
    private(set) var rowsWritten = 0

    init(handle: ConnectionHandle, query: String, file: String, line: Int) {
        self.handle = handle
        self.query = query
        self.file = file
        self.line = line
    }

    func write(_ fields: [String?], integers: [Int64?] = []) throws {
        guard isOpen else { throw failure("the COPY writer was used outside its copyIn closure") }
        guard buffer.append(row: fields, integers: integers) else {
            throw failure("row \(rowsWritten + 1) has a field with a NUL byte, which PostgreSQL text cannot hold")
        }
        rowsWritten += 1
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    func flush() throws {
        guard isOpen, buffer.count > 0 else { return }
        let status = handle.putCopyData(buffer.bytes)
        buffer.removeAll()
        guard status == 1 else { throw failure("could not send COPY data: \(handle.errorMessage)") }
    }

    func close() {
        isOpen = false
        buffer.removeAll()
    }

    private func failure(_ message: String) -> PostgresError {
        PostgresError(kind: .copyFailed, message: message, query: query, file: file, line: line)
    }
}
