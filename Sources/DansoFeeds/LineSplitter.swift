import Glibc

/// Cuts a stream of UTF-8 chunks into physical lines (each with its LF, the last one maybe
/// without). Lines inside a chunk are passed without copying; only a line that spans chunks
/// is assembled in a carry buffer.
final class LineSplitter {
    private let carry = ByteBuffer(capacity: 4096)

    func split(_ chunk: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard var start = chunk.baseAddress, chunk.count > 0 else { return }
        let end = start + chunk.count
        while start < end {
            guard let lf = memchr(start, 0x0A, end - start) else {
                carry.append(UnsafeRawBufferPointer(start: start, count: end - start))
                return
            }
            let lineEnd = UnsafeRawPointer(lf) + 1
            let line = UnsafeRawBufferPointer(start: start, count: lineEnd - start)
            if carry.count > 0 {
                carry.append(line)
                try body(carry.bytes)
                carry.removeAll()
            } else {
                try body(line)
            }
            start = lineEnd
        }
    }

    /// Passes the last line if the stream did not end with LF.
    func finish(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard carry.count > 0 else { return }
        try body(carry.bytes)
        carry.removeAll()
    }
}
