/// Pass 2's source: the file's text as UTF-8 chunks, byte order mark removed, decoded with
/// iconv where the file is not UTF-8.
final class DecodedChunks {
    private let reader: FileChunkReader
    private let fingerprint: FeedFingerprint
    private let decoder: IconvDecoder?
    private let output = ByteBuffer(capacity: 4 * FileChunkReader.defaultChunkSize)
    private var bomLeft: Int
    private var finished = false

    init(_ fingerprint: FeedFingerprint, chunkSize: Int) throws(FeedReadError) {
        self.fingerprint = fingerprint
        reader = try FileChunkReader(path: fingerprint.path, chunkSize: chunkSize)
        bomLeft = fingerprint.encoding.bomLength
        if let name = fingerprint.encoding.iconvName {
            guard let decoder = IconvDecoder(from: name) else {
                throw .undeterminedEncoding(path: fingerprint.path, detail: "iconv has no \(name) converter")
            }
            self.decoder = decoder
        } else {
            decoder = nil
        }
    }

    /// The next piece of UTF-8 text (possibly empty); nil at end of file. Valid until the next call.
    func next() throws(FeedReadError) -> UnsafeRawBufferPointer? {
        if finished { return nil }
        var raw = try reader.next()
        if raw.isEmpty {
            finished = true
            guard reader.offset == fingerprint.byteCount else { throw changed() }
            guard let decoder else { return nil }
            output.removeAll()
            do { try decoder.finish(into: output) } catch { throw decodingFailed(error) }
            return output.bytes
        }
        if bomLeft > 0 {
            let skip = min(bomLeft, raw.count)
            bomLeft -= skip
            raw = UnsafeRawBufferPointer(rebasing: raw[skip...])
        }
        guard let decoder else { return raw }
        output.removeAll()
        do { try decoder.decode(raw, into: output) } catch { throw decodingFailed(error) }
        return output.bytes
    }

    private func changed() -> FeedReadError {
        .cannotOpen(path: fingerprint.path, reason: "the file changed since it was fingerprinted")
    }

    private func decodingFailed(_ failure: IconvDecoder.Failure) -> FeedReadError {
        switch failure {
        case .invalidSequence(let offset), .truncatedAtEnd(let offset):
            .undeterminedEncoding(path: fingerprint.path,
                                  detail: "not valid \(fingerprint.encoding.rawValue) at byte \(offset + fingerprint.encoding.bomLength)")
        }
    }
}
