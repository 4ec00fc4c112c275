import DansoDomain
import DansoFeeds
import DansoValidation

/// The period a file holds: the register date of an A0 file, the reporting month of a P0 file.
public struct FilePeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    /// Nil for a month.
    public let day: Int?

    public init(year: Int, month: Int, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `2023-12-31`, or `2024-01` for a month.
    public var description: String {
        let ym = "\(year)-\(month < 10 ? "0" : "")\(month)"
        return day.map { "\(ym)-\($0 < 10 ? "0" : "")\($0)" } ?? ym
    }

    public static func < (a: FilePeriod, b: FilePeriod) -> Bool {
        (a.year, a.month, a.day ?? 0) < (b.year, b.month, b.day ?? 0)
    }

    /// Reads the period from the file itself: the column `ngay_chot` (A0) or `ky_bao_cao`
    /// (changes) of the first data line, the header matched by machine name or Vietnamese
    /// label. Nil when the file cannot be read or has no such value; its ingest says why.
    public static func read(path: String, kind: ValidationReport.Kind) -> FilePeriod? {
        let keys: Set<String> = switch kind {
        case .a0: [VietnameseText.matchKey(RegisterColumn.asOf.machineName), VietnameseText.matchKey(RegisterColumn.asOf.labelVI)]
        case .changes: [VietnameseText.matchKey("ky_bao_cao"), VietnameseText.matchKey("Kỳ báo cáo")]
        }
        guard let print = try? FeedReader.fingerprint(path: path) else { return nil }
        var column: Int?
        var value: String?
        do {
            try FeedReader.read(print) { event in
                switch event {
                case .header(let header, _):
                    column = header.fields.firstIndex { keys.contains(VietnameseText.matchKey($0)) }
                    if column == nil { throw FirstLineRead() }
                case .record(let record):
                    if let column, column < record.fields.count { value = record.fields[column] }
                    throw FirstLineRead()
                case .malformed:
                    break
                }
            }
        } catch {
            // FirstLineRead, or a file the ingest will reject: either way what was seen stands.
        }
        guard let value else { return nil }
        return parse(value, kind: kind)
    }

    /// `ngay_chot` as a full date (every form feeds.md §1 allows); `ky_bao_cao` as `mm/yyyy` or `yyyy-mm`.
    static func parse(_ text: String, kind: ValidationReport.Kind) -> FilePeriod? {
        switch kind {
        case .a0:
            guard case .success(let date) = PartialDate.parse(text, allowPartial: false), let month = date.month, let day = date.day
            else { return nil }
            return FilePeriod(year: date.year, month: month, day: day)
        case .changes:
            guard case .success(let date) = PartialDate.parse(text, allowPartial: true), let month = date.month, date.day == nil
            else { return nil }
            return FilePeriod(year: date.year, month: month)
        }
    }

    /// Thrown to stop reading after the first data line.
    private struct FirstLineRead: Error {}
}
