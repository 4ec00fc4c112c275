import Glibc

/// Streaming conversion to UTF-8 with glibc iconv. Incomplete multibyte sequences at the
/// end of a chunk are carried over to the next one.
final class IconvDecoder {
    /// Why decoding stopped; `offset` counts input bytes from the start of the stream.
    enum Failure: Error, Equatable {
        case invalidSequence(offset: Int)
        case truncatedAtEnd(offset: Int)
    }

    private let cd: iconv_t
    /// Input bytes of an incomplete sequence at the end of the last chunk.
    private var pending: [UInt8] = []
    /// Input bytes converted so far.
    private(set) var consumed = 0

    /// Opens a converter from `encoding` (a glibc name) to UTF-8; nil if glibc lacks it.
    init?(from encoding: String) {
        let cd = iconv_open("UTF-8", encoding)
        guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
        self.cd = cd
    }

    deinit { iconv_close(cd) }

    /// Converts one chunk, appending UTF-8 to `out`.
    func decode(_ input: UnsafeRawBufferPointer, into out: ByteBuffer) throws(Failure) {
        guard let base = input.baseAddress, input.count > 0 else { return }
        var skip = 0
        if !pending.isEmpty {
            // Stitch the carried bytes to the start of this chunk; no sequence is longer than 16.
            let take = min(input.count, 16)
            var stitched = pending
            stitched.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            let (used, error) = stitched.withUnsafeBytes { convert($0.baseAddress!, $0.count, out) }
            let usedNew = used - pending.count
            if error == EILSEQ { throw .invalidSequence(offset: consumed + used) }
            if error == EINVAL && take == input.count {
                pending = Array(stitched[used...])
                consumed += used
                return
            }
            guard usedNew > 0 || error == 0 else { throw .invalidSequence(offset: consumed + used) }
            skip = error == 0 ? take : usedNew
            consumed += pending.count + skip
            pending.removeAll()
        }
        let (used, error) = convert(base + skip, input.count - skip, out)
        consumed += used
        switch error {
        case 0: break
        case EINVAL: pending = Array(UnsafeRawBufferPointer(start: base + skip + used, count: input.count - skip - used))
        default: throw .invalidSequence(offset: consumed)
        }
    }

    /// Ends the stream: flushes state kept inside iconv; fails on a truncated sequence.
    func finish(into out: ByteBuffer) throws(Failure) {
        if !pending.isEmpty { throw .truncatedAtEnd(offset: consumed) }
        while true {
            out.reserve(64)
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.base + out.count)
                .assumingMemoryBound(to: CChar.self)
            var outLeft = out.free
            let before = outLeft
            let r = iconv(cd, nil, nil, &outPtr, &outLeft)
            out.count += before - outLeft
            if r != -1 { return }
            if errno == E2BIG { out.reserve(out.capacity); continue }
            throw .invalidSequence(offset: consumed)
        }
    }

    /// Converts as much as possible; returns the input bytes used and 0, EINVAL or EILSEQ.
    private func convert(_ start: UnsafeRawPointer, _ count: Int, _ out: ByteBuffer) -> (Int, Int32) {
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: start)
            .assumingMemoryBound(to: CChar.self)
        var inLeft = count
        out.reserve(count * 3 + 64)
        while true {
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.base + out.count)
                .assumingMemoryBound(to: CChar.self)
            var outLeft = out.free
            let before = outLeft
            let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            out.count += before - outLeft
            if r != -1 { return (count - inLeft, 0) }
            let error = errno
            if error == E2BIG {
                out.reserve(max(inLeft * 3, out.capacity))
                continue
            }
            return (count - inLeft, error == EINVAL ? EINVAL : EILSEQ)
        }
    }
}
