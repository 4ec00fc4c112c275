import DansoDomain
import Glibc

/// How one file is laid out (chosen per file from the seed, see `LayoutChooser`).
struct FileFormat: Sendable {
    var encoding: OutputEncoding
    var delimiter: UInt8           // , ; or TAB
    var crlf: Bool

    var delimiterName: String {
        switch delimiter {
        case 0x3B: "semicolon"
        case 0x09: "tab"
        default: "comma"
        }
    }
}

/// One CSV file being written: fields are gathered as UTF-8 for the current record,
/// quoted per RFC 4180 where needed, and each finished record is encoded and appended to a
/// large buffer that goes to disk with `fwrite` — no per-line String, memory stays flat.
///
/// Counts physical lines (the header is line 1), so injected problems can be reported at
/// the line danso will report them.
final class CSVFile {
    let path: String
    let format: FileFormat
    private let handle: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private var record: [UInt8] = []
    private var fieldsInRecord = 0
    private var recordNewlines = 0
    /// The physical line the next record starts on.
    private(set) var nextLine = 1
    /// Data records written (the header excluded).
    private(set) var records = -1
    /// Whether some character had no byte in the encoding (never expected: a bug).
    private(set) var unencodable = false
    /// Whether any byte above 0x7F was written (an 8-bit file without one is plain ASCII).
    private(set) var wroteNonASCII = false

    init(path: String, format: FileFormat) throws(GeneratorError) {
        self.path = path
        self.format = format
        guard let f = fopen(path, "wb") else { throw .io("không mở được / cannot open \(path)") }
        handle = f
        buffer.reserveCapacity(1 << 20)
        record.reserveCapacity(1024)
        buffer.append(contentsOf: format.encoding.byteOrderMark)
    }

    /// Appends one field (UTF-8, NFC), quoting it when it holds the delimiter, a quote or a line break.
    @inline(__always)
    func field(_ utf8: [UInt8]) {
        if sink != nil { currentFields.append(String(decoding: utf8, as: UTF8.self)) }
        if fieldsInRecord > 0 { record.append(format.delimiter) }
        fieldsInRecord += 1
        var needsQuotes = false
        for b in utf8 where b == format.delimiter || b == 0x22 || b == 0x0A || b == 0x0D {
            needsQuotes = true
            break
        }
        if !needsQuotes {
            record.append(contentsOf: utf8)
            return
        }
        record.append(0x22)
        for b in utf8 {
            if b == 0x22 { record.append(0x22) }
            if b == 0x0A { recordNewlines += 1 }
            record.append(b)
        }
        record.append(0x22)
    }

    func field(_ text: String) { field(Array(text.utf8)) }

    /// Where the repeat of the last record written `twice` starts.
    private(set) var duplicateLine = 0
    /// Receives every record's fields as meant (tests compare them with what danso reads back).
    var sink: (([String]) -> Void)?
    private var currentFields: [String] = []
    private var lastFields: [String] = []

    /// Ends the current record; returns the physical line it started on. `twice`: the same
    /// record again right after (an exact duplicate line); its line is `line + newlines + 1`.
    @discardableResult
    func endRecord(twice: Bool = false) throws(GeneratorError) -> Int {
        let line = nextLine
        if format.crlf { record.append(0x0D) }
        record.append(0x0A)
        if twice {
            let copy = record
            let newlines = recordNewlines
            try write()
            duplicateLine = nextLine
            record = copy
            recordNewlines = newlines
            if sink != nil { currentFields = lastFields }
            try write()
        } else {
            try write()
        }
        currentFields.removeAll(keepingCapacity: true)
        fieldsInRecord = 0
        if buffer.count >= 1 << 20 { try flush() }
        return line
    }

    private func write() throws(GeneratorError) {
        if format.encoding != .utf8 && format.encoding != .utf8BOM {
            if !TextEncoder.shared.append(record, format.encoding, to: &buffer) { unencodable = true }
        } else {
            buffer.append(contentsOf: record)
        }
        if !wroteNonASCII { wroteNonASCII = record.contains { $0 >= 0x80 } }
        nextLine += 1 + recordNewlines
        records += 1
        record.removeAll(keepingCapacity: true)
        recordNewlines = 0
        if let sink {
            sink(currentFields)
            lastFields = currentFields
        }
    }

    private func flush() throws(GeneratorError) {
        guard !buffer.isEmpty else { return }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        if written != buffer.count { throw .io("ghi không hết / short write to \(path)") }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and closes the file.
    func close() throws(GeneratorError) {
        try flush()
        if fclose(handle) != 0 { throw .io("không đóng được / cannot close \(path)") }
    }
}

/// Small helpers to write numbers and dates as UTF-8 without building Strings.
enum Digits {
    @inline(__always)
    static func append(_ n: Int, to out: inout [UInt8], width: Int = 0) {
        DecimalDigits.write(n, width: width) { out.append($0) }
    }
}
