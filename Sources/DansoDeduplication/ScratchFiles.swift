import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Fields written one after another, as this machine stores them: an entry of a linkage
/// run's working files (``BlockedIdentity``), read back by ``ByteReader`` in the same run
/// and never kept beyond it.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }

    /// A text or none: its UTF-8 length on a byte (254 for none; 255 then 4 bytes for a text
    /// of 254 bytes or more), then its bytes.
    mutating func append(_ text: String?) {
        guard var text else { return append(UInt8(254)) }
        text.withUTF8 { utf8 in
            if utf8.count < 254 {
                append(UInt8(utf8.count))
            } else {
                append(UInt8(255))
                append(UInt32(utf8.count))
            }
            bytes.append(contentsOf: utf8)
        }
    }

    /// A number or none: a byte saying which, then the number in as few bytes as it needs
    /// (zigzag, seven bits a byte): a month or a sex takes two bytes, not eight.
    mutating func append(number: Int?) {
        guard let number else { return append(UInt8(0)) }
        append(UInt8(1))
        var z = UInt64(bitPattern: Int64(number) << 1) ^ UInt64(bitPattern: Int64(number) >> 63)
        while z >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: z) | 0x80)
            z >>= 7
        }
        bytes.append(UInt8(z))
    }

    /// Bytes taken as they are (an entry written before).
    mutating func append(raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }

    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}

/// Reads what ``ByteWriter`` wrote, field by field, from `offset` on.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type) -> T {
        defer { offset += MemoryLayout<T>.size }
        return bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
    }

    mutating func text() -> String? {
        textBytes().map { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes of a text, or nil for none.
    mutating func textBytes() -> UnsafeRawBufferPointer? {
        let mark = read(UInt8.self)
        guard mark != 254 else { return nil }
        let count = mark == 255 ? Int(read(UInt32.self)) : Int(mark)
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + count])
    }

    mutating func number() -> Int? {
        guard read(UInt8.self) != 0 else { return nil }
        var z: UInt64 = 0, shift: UInt64 = 0
        while true {
            let byte = read(UInt8.self)
            z |= UInt64(byte & 0x7F) << shift
            guard byte >= 0x80 else { break }
            shift += 7
        }
        return Int(Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
    }
}

/// A working file of entries (each its length, then its bytes), appended through a buffer.
/// Written by one thread. The file is opened for each write of the buffer, not held open: a
/// run of ten provinces writes hundreds of partitions at once.
final class ScratchWriter: @unchecked Sendable {
    let path: String
    private var buffer: [UInt8] = []
    private let capacity: Int
    /// Bytes written so far, entries' lengths included.
    private(set) var size = 0

    /// Creates (or empties) the file at `path`, buffering about `capacity` bytes.
    init(path: String, capacity: Int = 1 << 20) throws {
        self.path = path
        self.capacity = capacity
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw DeduplicationError.scratchFile(path: path, errno: errno) }
        close(descriptor)
        buffer.reserveCapacity(capacity)
    }

    /// A buffer's capacity when `files` files are written at once within about `budget`
    /// bytes of buffers (between 16 KB and 256 KB each).
    static func capacity(files: Int, budget: Int) -> Int {
        min(256 << 10, max(16 << 10, budget / max(1, files)))
    }

    func append(_ entry: ByteWriter) throws {
        append(length: entry.bytes.count)
        buffer.append(contentsOf: entry.bytes)
        if buffer.count >= capacity { try flush() }
    }

    private func append(length: Int) {
        withUnsafeBytes(of: UInt32(length)) { buffer.append(contentsOf: $0) }
    }

    /// Writes what the buffer holds.
    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try ScratchFile.append($0, toFileAt: path) }
        size += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writing and reading a linkage run's working files. A file never written reads as empty.
enum ScratchFile {
    /// Appends `bytes` to the file at `path`, creating it if need be (opened for this write
    /// only: a run writes hundreds of partitions at once).
    static func append(_ bytes: UnsafeRawBufferPointer, toFileAt path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard descriptor >= 0 else { throw DeduplicationError.scratchFile(path: path, errno: errno) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let n = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            guard n > 0 else { throw DeduplicationError.scratchFile(path: path, errno: errno) }
            offset += n
        }
    }

    /// Calls `body` with each entry of the file at `path`, in order, reading a few megabytes
    /// at a time (an identities file holds half a register).
    static func forEachEntry(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            if errno == ENOENT { return }
            throw DeduplicationError.scratchFile(path: path, errno: errno)
        }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: 4 << 20)
        var filled = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            guard n >= 0 else { throw DeduplicationError.scratchFile(path: path, errno: errno) }
            filled += n
            let used = try chunk.withUnsafeBytes { bytes in try entries(UnsafeRawBufferPointer(rebasing: bytes[0..<filled]), body) }
            if used > 0 {
                chunk.withUnsafeMutableBytes { bytes in
                    _ = memmove(bytes.baseAddress!, bytes.baseAddress! + used, filled - used)
                }
                filled -= used
            }
            if n == 0 {
                guard filled == 0 else { throw DeduplicationError.scratchFile(path: path, errno: EIO) }
                return
            }
            // An entry larger than the chunk: room for it.
            if filled == chunk.count { chunk += [UInt8](repeating: 0, count: chunk.count) }
        }
    }

    /// Calls `body` with each whole entry of `bytes`; returns the bytes used (a partial entry
    /// at the end is left).
    static func entries(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows -> Int {
        var at = 0
        while bytes.count - at >= 4 {
            let length = Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            guard bytes.count - at - 4 >= length else { break }
            try body(UnsafeRawBufferPointer(rebasing: bytes[(at + 4) ..< (at + 4 + length)]))
            at += 4 + length
        }
        return at
    }

    /// The size of the file at `path` (0 when it was never written).
    static func size(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }

    /// Appends the whole file at `path` to `bytes` (nothing when it was never written),
    /// read straight into the array.
    static func append(contentsOf path: String, to bytes: inout [UInt8]) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            if errno == ENOENT { return }
            throw DeduplicationError.scratchFile(path: path, errno: errno)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw DeduplicationError.scratchFile(path: path, errno: errno) }
        let start = bytes.count, size = Int(status.st_size)
        bytes.append(contentsOf: repeatElement(0, count: size))
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + start + done, size - done) }
            guard n > 0 else { throw DeduplicationError.scratchFile(path: path, errno: n == 0 ? EIO : errno) }
            done += n
        }
    }
}
