/// The pure decisions of encoding detection (pass 1); the I/O lives in `FeedReader`.
enum EncodingDecision {
    /// What the raw bytes alone settle.
    enum FirstStep: Equatable {
        case decided(FeedEncoding)
        /// A UTF-16 byte order mark: decode the rest to check it.
        case verifyUTF16(FeedEncoding)
        /// Not UTF-8: decode as Windows-1258 and as TCVN3 and compare.
        case scoreEightBit
        case notTabular(String)
        case undetermined(String)
    }

    /// The final answer.
    enum Outcome: Equatable {
        case encoding(FeedEncoding)
        case notTabular(String)
        case undetermined(String)
    }

    static func firstStep(_ s: ByteStats) -> FirstStep {
        if s.byteCount == 0 { return .notTabular("the file is empty") }
        if let bom = s.byteOrderMark, bom == .utf16LE || bom == .utf16BE { return .verifyUTF16(bom) }
        if s.nulCount > 0 {
            return .notTabular("\(s.nulCount) NUL bytes: binary data, or UTF-16 without a byte order mark")
        }
        if s.byteOrderMark == .utf8BOM {
            guard s.isValidUTF8 else {
                return .undetermined("starts with a UTF-8 byte order mark but is not valid UTF-8 at byte \(s.firstInvalidUTF8Offset ?? 0)")
            }
            if s.nonWhitespaceCount <= 3 { return .notTabular("no text after the byte order mark") }
        } else if s.nonWhitespaceCount == 0 {
            return .notTabular("only blank lines")
        }
        if s.isValidUTF8 {
            if s.looksBinary { return .notTabular("\(s.controlCount) control bytes: binary data") }
            return .decided(s.byteOrderMark ?? .utf8)
        }
        return .scoreEightBit
    }

    /// Checks text decoded from UTF-16 (its stats taken on the UTF-8 it decoded to).
    static func checkDecodedUTF16(_ s: ByteStats, as encoding: FeedEncoding) -> Outcome {
        if s.nulCount > 0 { return .notTabular("\(s.nulCount) NUL characters: binary data") }
        if s.looksBinary { return .notTabular("\(s.controlCount) control characters: binary data") }
        if s.nonWhitespaceCount == 0 { return .notTabular("no text after the byte order mark") }
        return .encoding(encoding)
    }

    /// Chooses between Windows-1258 and TCVN3 from how Vietnamese each decoding looks; nil
    /// scores are decodings iconv refused.
    static func decideEightBit(windows1258: VietnameseScore?, tcvn3: VietnameseScore?, looksBinary: Bool) -> Outcome {
        let candidates = [(FeedEncoding.windows1258, windows1258), (.tcvn3, tcvn3)]
            .compactMap { encoding, score in score.map { (encoding, $0) } }
        let plausible = candidates.filter { $0.1.isPlausible }
        if plausible.count == 2 {
            let (a, b) = (plausible[0], plausible[1])
            if a.1.isBetter(than: b.1) { return .encoding(a.0) }
            if b.1.isBetter(than: a.1) { return .encoding(b.0) }
            return .undetermined("not UTF-8; reads equally well as Windows-1258 and as TCVN3")
        }
        if let only = plausible.first { return .encoding(only.0) }
        if looksBinary { return .notTabular("control bytes and no plausible text: binary data") }
        if candidates.isEmpty {
            return .undetermined("not UTF-8, and neither Windows-1258 nor TCVN3 can decode it")
        }
        let summary = candidates.map { encoding, score in
            "\(score.suspects) of \(score.units) suspect as \(encoding.rawValue)"
        }.joined(separator: ", ")
        return .undetermined("not UTF-8, and not plausible Vietnamese in Windows-1258 or TCVN3: \(summary)")
    }
}
