import Glibc

/// Reads a file in fixed-size chunks through one reused buffer, so memory stays flat
/// whatever the file size.
final class FileChunkReader {
    /// The chunk size used in production: 64 KiB.
    static let defaultChunkSize = 64 * 1024

    let path: String
    private let fd: Int32
    private let buffer: UnsafeMutableRawPointer
    private let chunkSize: Int
    /// Bytes returned so far.
    private(set) var offset = 0

    init(path: String, chunkSize: Int = FileChunkReader.defaultChunkSize) throws(FeedReadError) {
        self.path = path
        self.chunkSize = max(chunkSize, 1)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .cannotOpen(path: path, reason: "is a directory")
        }
        self.fd = fd
        buffer = .allocate(byteCount: self.chunkSize, alignment: 16)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// The next chunk; empty at end of file. Valid until the next call.
    func next() throws(FeedReadError) -> UnsafeRawBufferPointer {
        while true {
            let n = Glibc.read(fd, buffer, chunkSize)
            if n >= 0 {
                offset += n
                return UnsafeRawBufferPointer(start: buffer, count: n)
            }
            if errno == EINTR { continue }
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
