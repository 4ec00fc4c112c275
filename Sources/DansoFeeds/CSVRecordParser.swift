import CLibCSV
import Glibc

/// libcsv fed one physical line at a time, so every record knows the line it started on,
/// and a malformed record costs only itself: after a parse error the lines following the
/// bad record's first line are parsed again.
final class CSVRecordParser {
    /// What parsing yields, in file order.
    enum Output: Equatable {
        case record(FeedRecord)
        case malformed(line: Int, detail: String)
    }

    /// A quoted field open longer than this is taken as an unbalanced quote, which keeps
    /// memory flat whatever follows.
    static let maxRecordLines = 500
    static let maxRecordBytes = 1 << 20

    private let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
    private let delimiter: UInt8
    /// Reached from libcsv's callbacks through a raw pointer: no reference counting and no
    /// exclusivity checks per field.
    private let collector = UnsafeMutablePointer<RecordCollector>.allocate(capacity: 1)
    /// Number of the line last fed.
    private var lineNumber: Int
    /// Lines of the record still open, from the line it started on.
    private var openLines: [[UInt8]] = []
    private var openBytes = 0
    /// Lines to parse again after an error, and where we are in them.
    private var replay: [[UInt8]] = []
    private var replayIndex = 0

    /// Whether simple lines skip libcsv (`splitSimple`); tests turn it off to compare.
    private let splitsSimpleLines: Bool

    /// A parser whose first line fed is `linesBefore + 1`.
    init(delimiter: FeedDelimiter, linesBefore: Int, splitsSimpleLines: Bool = true) {
        self.delimiter = delimiter.byte
        self.splitsSimpleLines = splitsSimpleLines
        lineNumber = linesBefore
        collector.initialize(to: RecordCollector())
        startParser()
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
        collector.deinitialize(count: 1)
        collector.deallocate()
    }

    /// Parses one physical line, including its line break if it has one.
    func feed(line: UnsafeRawBufferPointer, _ emit: (Output) throws -> Void) throws {
        try parse(line, emit)
        while replayIndex < replay.count {
            let again = replay[replayIndex]
            replayIndex += 1
            try again.withUnsafeBytes { try parse($0, emit) }
        }
        replay.removeAll(keepingCapacity: true)
        replayIndex = 0
    }

    /// Ends the file: submits a last record without line break, or reports an unclosed quote.
    func finish(_ emit: (Output) throws -> Void) throws {
        while true {
            let status = csv_fini(parser, fieldCallback, recordCallback, collector)
            try deliver(emit)
            if status == 0 { return }
            let start = openLines.isEmpty ? lineNumber : lineNumber - openLines.count + 1
            try emit(.malformed(line: start, detail: "unbalanced quote: quoted field not closed before end of file"))
            restartParser()
            let rest = Array(openLines.dropFirst())
            openLines.removeAll()
            openBytes = 0
            guard !rest.isEmpty else { return }
            lineNumber = start
            for line in rest { try line.withUnsafeBytes { try feed(line: $0, emit) } }
        }
    }

    private func parse(_ line: UnsafeRawBufferPointer, _ emit: (Output) throws -> Void) throws {
        lineNumber += 1
        collector.pointee.lineNumber = lineNumber
        if splitsSimpleLines && splitSimple(line) {
            try deliver(emit)
            return
        }
        let used = csv_parse(parser, line.baseAddress, line.count, fieldCallback, recordCallback, collector)
        try deliver(emit)
        if used < line.count || csv_error(parser) != CSV_SUCCESS {
            try recover(current: line, emit, detail: "stray quote, or text after a closing quote")
            return
        }
        if parser.pointee.pstate != 0 {  // a quoted field goes on to the next line
            collector.pointee.spansLines = true
            openLines.append(Array(line))
            openBytes += line.count
            if openLines.count > Self.maxRecordLines || openBytes > Self.maxRecordBytes {
                try recover(current: nil, emit, detail: "unbalanced quote: quoted field still open after \(openLines.count) lines")
            }
        } else if !openLines.isEmpty {
            openLines.removeAll(keepingCapacity: true)
            openBytes = 0
        }
    }

    /// Reports the bad record at the line it started on, then queues the lines after that
    /// line to be parsed again (`current` is the line that failed, not yet in `openLines`).
    private func recover(current: UnsafeRawBufferPointer?, _ emit: (Output) throws -> Void, detail: String) throws {
        restartParser()
        let startedEarlier = !openLines.isEmpty
        let start = startedEarlier ? lineNumber - openLines.count + (current == nil ? 1 : 0) : lineNumber
        var again = Array(openLines.dropFirst())
        if startedEarlier, let current { again.append(Array(current)) }
        openLines.removeAll(keepingCapacity: true)
        openBytes = 0
        try emit(.malformed(line: start, detail: startedEarlier && current != nil
                            ? "unbalanced quote: quoted field opened here is not closed properly" : detail))
        guard !again.isEmpty else { return }
        lineNumber = start
        replay = again + replay[replayIndex...]
        replayIndex = 0
    }

    /// Splits a line the way libcsv would, without libcsv, when that is simple: no record
    /// is open, the line ends with LF (or CRLF) and holds no other CR, and each field is
    /// either free of quotes or wholly quoted (`"…"` right up to the delimiter, no `""`
    /// inside). libcsv then only cuts fields at delimiters and strips the quotes; its
    /// byte-by-byte state machine, with a call back into Swift per byte for its space test,
    /// was a good part of reading a file. Returns false, having done nothing, when libcsv
    /// must parse the line.
    private func splitSimple(_ line: UnsafeRawBufferPointer) -> Bool {
        guard parser.pointee.pstate == 0, let base = line.baseAddress, line.count > 0,
              line[line.count - 1] == 0x0A else { return false }
        var end = line.count - 1
        if end > 0 && line[end - 1] == 0x0D { end -= 1 }
        guard memchr(base, 0x0D, end) == nil else { return false }
        guard end > 0 else { return true }   // an empty line: libcsv submits no record
        guard end < Int(Int32.max) else { return false }
        let quoted = memchr(base, 0x22, end) != nil
        // The fields are found first, and handed on only if every one is simple.
        // 96 pairs of Int32 stay within what Swift allocates on the stack.
        return withUnsafeTemporaryAllocation(of: (from: Int32, to: Int32).self, capacity: 96) { ranges -> Bool in
            var count = 0
            var start = 0
            while true {
                guard count < ranges.count else { return false }   // that many fields: libcsv's
                if quoted && start < end && line[start] == 0x22 {
                    // A quoted field: its closing quote must be followed by the delimiter or the end.
                    guard let close = memchr(base + start + 1, 0x22, end - start - 1) else { return false }
                    let closing = UnsafeRawPointer(close) - base
                    let after = closing + 1
                    guard after == end || line[after] == delimiter else { return false }
                    ranges[count] = (Int32(start + 1), Int32(closing))
                    count += 1
                    if after == end { break }
                    start = after + 1
                } else {
                    let stop = memchr(base + start, Int32(delimiter), end - start).map { UnsafeRawPointer($0) - base } ?? end
                    if quoted && memchr(base + start, 0x22, stop - start) != nil { return false }   // a quote inside
                    ranges[count] = (Int32(start), Int32(stop))
                    count += 1
                    if stop == end { break }
                    start = stop + 1
                }
            }
            for (from, to) in ranges[..<count] {
                collector.pointee.addField(UnsafeMutableRawPointer(mutating: base + Int(from)), Int(to - from))
            }
            collector.pointee.endRecord()
            return true
        }
    }

    private func deliver(_ emit: (Output) throws -> Void) throws {
        guard !collector.pointee.completed.isEmpty else { return }
        for record in collector.pointee.completed { try emit(.record(record)) }
        collector.pointee.completed.removeAll(keepingCapacity: true)
    }

    private func startParser() {
        _ = csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
        csv_set_delim(parser, delimiter)
        // Keep spaces: fields are stored exactly as in the file.
        csv_set_space_func(parser) { _ in 0 }
    }

    private func restartParser() {
        csv_free(parser)
        startParser()
        collector.pointee.discardRecord()
    }
}

/// libcsv's field callback: hands the bytes to the collector behind the context pointer.
private func fieldCallback(_ bytes: UnsafeMutableRawPointer?, _ count: Int, _ context: UnsafeMutableRawPointer?) {
    context!.assumingMemoryBound(to: RecordCollector.self).pointee.addField(bytes, count)
}

/// libcsv's record callback.
private func recordCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    context!.assumingMemoryBound(to: RecordCollector.self).pointee.endRecord()
}

/// Gathers fields into records during one `csv_parse` call; the parser hands them on after
/// the call returns, since the handler may throw and C callbacks cannot.
struct RecordCollector {
    var lineNumber = 0
    var completed: [FeedRecord] = []
    /// Set once the open record has gone past a line break: only then can a field hold one.
    var spansLines = false
    private var fields: [String] = []
    private var newlines = 0
    private var hasContent = false
    /// No field so far has padding at an edge (see `FeedRecord.fieldsAreTrimmed`).
    private var unpadded = true
    private let scratch = ByteBuffer(capacity: 1024)

    mutating func addField(_ bytes: UnsafeMutableRawPointer?, _ count: Int) {
        guard let bytes, count > 0 else {
            fields.append("")
            return
        }
        let (text, breaks, plain) = FieldText.make(bytes, count, mayHaveLineBreaks: spansLines, scratch: scratch)
        fields.append(text)
        newlines += breaks
        unpadded = unpadded && plain
        if !hasContent { hasContent = Self.hasContent(bytes, count) }
    }

    /// Ends a record; one whose fields are all empty or white space is a blank line (Excel
    /// writes blank rows as `;;;`) and is dropped.
    mutating func endRecord() {
        if hasContent {
            var record = FeedRecord(line: lineNumber - newlines, fields: fields)
            record.fieldsAreTrimmed = unpadded
            completed.append(record)
        }
        let keep = fields.count
        fields = []
        fields.reserveCapacity(keep)
        discardRecord()
    }

    mutating func discardRecord() {
        fields.removeAll(keepingCapacity: true)
        newlines = 0
        hasContent = false
        unpadded = true
        spansLines = false
    }

    private static func hasContent(_ bytes: UnsafeMutableRawPointer, _ count: Int) -> Bool {
        for i in 0..<count {
            switch bytes.load(fromByteOffset: i, as: UInt8.self) {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C: continue
            default: return true
            }
        }
        return false
    }
}
