import Crypto

/// Reads commune feed files (feeds.md §1) in two streaming passes: `fingerprint` learns
/// what the file is, `read` delivers its records. Memory stays flat whatever the file size.
public enum FeedReader {
    /// Pass 1: SHA-256 of the raw bytes and the encoding, streaming in 64 KiB chunks.
    ///
    /// Throws `FeedReadError` for a file to reject whole (F01): empty, binary, or of an
    /// encoding that cannot be told with confidence.
    public static func fingerprint(path: String) throws(FeedReadError) -> FeedFingerprint {
        try fingerprint(path: path, chunkSize: FileChunkReader.defaultChunkSize)
    }

    /// Pass 2: decodes, normalises to NFC and parses the file, calling `handle` for the
    /// header (first non-blank record), then every record or malformed record in order.
    ///
    /// Throws `FeedReadError` if the file has no usable header or changed since pass 1, and
    /// rethrows what `handle` throws.
    public static func read(_ fingerprint: FeedFingerprint, _ handle: (FeedEvent) throws -> Void) throws {
        try read(fingerprint, chunkSize: FileChunkReader.defaultChunkSize, handle)
    }

    static func fingerprint(path: String, chunkSize: Int) throws(FeedReadError) -> FeedFingerprint {
        let reader = try FileChunkReader(path: path, chunkSize: chunkSize)
        var hash = SHA256()
        var sniffer = ByteSniffer()
        while true {
            let chunk = try reader.next()
            if chunk.isEmpty { break }
            hash.update(bufferPointer: chunk)
            sniffer.consume(chunk)
        }
        let stats = sniffer.finish()
        let digest = hash.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        let outcome: EncodingDecision.Outcome
        switch EncodingDecision.firstStep(stats) {
        case .decided(let encoding): outcome = .encoding(encoding)
        case .notTabular(let detail): outcome = .notTabular(detail)
        case .undetermined(let detail): outcome = .undetermined(detail)
        case .verifyUTF16(let encoding): outcome = try verifyUTF16(path: path, encoding, chunkSize: chunkSize)
        case .scoreEightBit: outcome = try scoreEightBit(path: path, stats: stats, chunkSize: chunkSize)
        }
        switch outcome {
        case .encoding(let encoding):
            return FeedFingerprint(path: path, sha256: digest, byteCount: stats.byteCount, encoding: encoding)
        case .notTabular(let detail): throw .notTabularText(path: path, detail: detail)
        case .undetermined(let detail): throw .undeterminedEncoding(path: path, detail: detail)
        }
    }

    /// Decodes a file with a UTF-16 byte order mark and checks the text it holds.
    private static func verifyUTF16(path: String, _ encoding: FeedEncoding, chunkSize: Int) throws(FeedReadError) -> EncodingDecision.Outcome {
        let reader = try FileChunkReader(path: path, chunkSize: chunkSize)
        guard let decoder = IconvDecoder(from: encoding.iconvName!) else {
            return .undetermined("iconv has no \(encoding.rawValue) converter")
        }
        let output = ByteBuffer(capacity: 2 * chunkSize)
        var sniffer = ByteSniffer()
        var bomLeft = encoding.bomLength
        do {
            while true {
                var chunk = try reader.next()
                if chunk.isEmpty { break }
                let skip = min(bomLeft, chunk.count)
                bomLeft -= skip
                chunk = UnsafeRawBufferPointer(rebasing: chunk[skip...])
                output.removeAll()
                try decoder.decode(chunk, into: output)
                sniffer.consume(output.bytes)
            }
            output.removeAll()
            try decoder.finish(into: output)
            sniffer.consume(output.bytes)
        } catch let error as IconvDecoder.Failure {
            switch error {
            case .invalidSequence(let offset), .truncatedAtEnd(let offset):
                return .undetermined("has a \(encoding.rawValue) byte order mark but is not valid \(encoding.rawValue) at byte \(offset + 2)")
            }
        } catch let error as FeedReadError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
        return EncodingDecision.checkDecodedUTF16(sniffer.finish(), as: encoding)
    }

    /// Decodes an 8-bit file as Windows-1258 and as TCVN3 and keeps the more Vietnamese one.
    private static func scoreEightBit(path: String, stats: ByteStats, chunkSize: Int) throws(FeedReadError) -> EncodingDecision.Outcome {
        let reader = try FileChunkReader(path: path, chunkSize: chunkSize)
        var candidates: [(decoder: IconvDecoder, scorer: VietnameseScorer)?] = [FeedEncoding.windows1258, .tcvn3].map { encoding in
            IconvDecoder(from: encoding.iconvName!).map { ($0, VietnameseScorer()) }
        }
        let output = ByteBuffer(capacity: 4 * chunkSize)
        func run(_ index: Int, _ step: (IconvDecoder) throws(IconvDecoder.Failure) -> Void) {
            guard let candidate = candidates[index] else { return }
            output.removeAll()
            do {
                try step(candidate.decoder)
                candidates[index]!.scorer.consume(utf8: output.bytes)
            } catch {
                candidates[index] = nil
            }
        }
        while true {
            let chunk = try reader.next()
            if chunk.isEmpty { break }
            for index in candidates.indices { run(index) { decoder throws(IconvDecoder.Failure) in try decoder.decode(chunk, into: output) } }
            if candidates.allSatisfy({ $0 == nil }) { break }
        }
        for index in candidates.indices { run(index) { decoder throws(IconvDecoder.Failure) in try decoder.finish(into: output) } }
        let scores = candidates.map { candidate -> VietnameseScore? in
            guard var scorer = candidate?.scorer else { return nil }
            return scorer.finish()
        }
        return EncodingDecision.decideEightBit(windows1258: scores[0], tcvn3: scores[1], looksBinary: stats.looksBinary)
    }

    static func read(_ fingerprint: FeedFingerprint, chunkSize: Int, _ handle: (FeedEvent) throws -> Void) throws {
        let source = try DecodedChunks(fingerprint, chunkSize: chunkSize)
        // The functions below capture the path alone: capturing the whole fingerprint copied
        // it (three strings) each time a line was handed to the parser.
        let path = fingerprint.path
        let splitter = LineSplitter()
        var parser: CSVRecordParser?
        var delimiter = FeedDelimiter.comma
        var linesBefore = 0
        var header: FeedRecord?

        func emit(_ output: CSVRecordParser.Output) throws {
            switch output {
            case .record(let record):
                if header == nil {
                    header = record
                    try handle(.header(record, delimiter))
                } else {
                    try handle(.record(record))
                }
            case .malformed(let line, let detail):
                guard header != nil else {
                    throw FeedReadError.notTabularText(path: path, detail: "the header (line \(line)) is malformed: \(detail)")
                }
                try handle(.malformed(line: line, detail: detail))
            }
        }
        func take(_ line: UnsafeRawBufferPointer) throws {
            if parser == nil {
                if isBlank(line) {
                    linesBefore += 1
                    return
                }
                delimiter = FeedDelimiter.detect(inHeader: line)
                parser = CSVRecordParser(delimiter: delimiter, linesBefore: linesBefore)
            }
            try parser!.feed(line: line, emit)
        }

        while let text = try source.next() {
            try splitter.split(text, take)
        }
        try splitter.finish(take)
        try parser?.finish(emit)
        if header == nil {
            throw FeedReadError.notTabularText(path: fingerprint.path, detail: "no header line")
        }
    }

    /// A line with nothing but white space, delimiters and quotes: no header can start there.
    private static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { byte in
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x2C, 0x3B, 0x22: true
            default: false
            }
        }
    }
}
