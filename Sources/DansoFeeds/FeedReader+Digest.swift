import Crypto

extension FeedReader {
    /// SHA-256 (lowercase hex) of a file's bytes, streaming; for files rejected before a
    /// fingerprint exists (F01), so their batch is still recorded by content.
    public static func sha256(path: String) throws(FeedReadError) -> String {
        let reader = try FileChunkReader(path: path, chunkSize: FileChunkReader.defaultChunkSize)
        var hash = SHA256()
        while true {
            let chunk = try reader.next()
            if chunk.isEmpty { break }
            hash.update(bufferPointer: chunk)
        }
        return hash.finalize().map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
