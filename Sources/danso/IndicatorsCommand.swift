import ArgumentParser
import DansoDeduplication
import DansoDomain
import DansoIndicators
import DansoWarehouse
import Foundation

extension IndicatorLevel: ExpressibleByArgument {}
extension IndicatorOutput.Format: ExpressibleByArgument {}

extension Danso {
    /// `danso indicators`: the indicator mart by level, unit and period, or the stock figures
    /// of one day read from the register.
    struct Indicators: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chỉ tiêu dân số theo đơn vị / Population indicators by unit.",
            discussion: """
                --period: mọi chỉ tiêu của danh mục (indicators.md) cho một kỳ: năm yyyy, quý yyyy-Qn, tháng yyyy-mm; tỷ suất chỉ có theo năm. Kỳ đến 06/2025 theo huyện, tỉnh cũ; sau đó theo xã, tỉnh mới (không còn huyện). --as-of: số liệu như đã công bố vào thời điểm đó (các bản sửa được giữ lại). --date: POP, POP_MALE, POP_FEMALE, HOUSEHOLDS, SEX_RATIO vào cuối một ngày bất kỳ, đọc thẳng từ sổ.

                --period: every indicator of the catalogue (indicators.md) for a period: year yyyy, quarter yyyy-Qn, month yyyy-mm; rates for years only. Periods up to 06/2025 on the former districts and provinces; later ones on the two-level units (no districts). --as-of: the figures as published at that time (revisions are kept). --date: POP, POP_MALE, POP_FEMALE, HOUSEHOLDS, SEX_RATIO at the end of any day, from the register.
                """)

        @Option(help: "Kỳ: yyyy, yyyy-Qn, yyyy-mm / Period.")
        var period: String?

        @Option(help: "Ngày tham chiếu yyyy-mm-dd (số liệu tồn của một ngày) / Reference day yyyy-mm-dd (stocks of one day).")
        var date: String?

        @Option(help: "Cấp: province, district, commune / Level.")
        var level: IndicatorLevel = .province

        @Option(help: "Mã đơn vị hành chính ở cấp đó / Code of one unit at that level.")
        var unit: String?

        @Option(parsing: .upToNextOption,
                help: "Mã chỉ tiêu (nhiều mã, cách bằng dấu phẩy hoặc dấu cách); mặc định tất cả / Indicator codes; all by default.")
        var indicator: [String] = []

        @Option(help: "Số liệu như tại thời điểm này (ISO 8601) / The figures as they stood at this time (ISO 8601).")
        var asOf: String?

        @Option(help: "Định dạng: table, csv, json / Output format.")
        var format: IndicatorOutput.Format = .table

        @OptionGroup var global: GlobalOptions

        var codes: [String] {
            indicator.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
                .filter { !$0.isEmpty }
        }

        func validate() throws {
            switch (period, date) {
            case (nil, nil): throw ValidationError("Cần --period (chỉ tiêu của một kỳ) hoặc --date (số liệu tồn của một ngày) / Give --period or --date.")
            case (.some, .some): throw ValidationError("Chỉ một trong --period và --date / Only one of --period and --date.")
            default: break
            }
            if let date, CivilDate(iso: date) == nil {
                throw ValidationError("--date «\(date)»: cần dạng yyyy-mm-dd / expected yyyy-mm-dd")
            }
            if let period, !IndicatorQuery.isPeriod(period) {
                throw ValidationError("--period «\(period)»: cần yyyy, yyyy-Qn hoặc yyyy-mm / expected yyyy, yyyy-Qn or yyyy-mm")
            }
            if let asOf, ISO8601Timestamp.parse(asOf) == nil {
                throw ValidationError("--as-of «\(asOf)»: cần dạng ISO 8601, ví dụ 2025-01-05T08:30:00+07:00 / expected ISO 8601")
            }
            if date != nil && (unit != nil || !indicator.isEmpty || asOf != nil) {
                throw ValidationError("--unit, --indicator, --as-of đi với --period / go with --period.")
            }
        }

        func run() throws {
            try reportingErrors {
                let session = try Session.open(global)
                if let period {
                    let query = IndicatorQuery(level: level, period: period, unitCode: unit, codes: codes, asOf: asOf)
                    let values = try IndicatorMart(connection: session.connection).values(query)
                    if values.isEmpty && format == .table {
                        print("Chưa có giá trị cho kỳ \(period) ở cấp \(level.nameVI): sổ chưa đến cuối kỳ hoặc chưa làm mới (danso refresh). / "
                            + "No values for \(period) at level \(level.rawValue): the register has not reached the end of the period, or it was not refreshed (danso refresh).")
                    } else {
                        print(IndicatorOutput.render(values, as: format), terminator: "")
                    }
                    try notePending(session, waitingRefresh: try IndicatorRefresh(connection: session.connection).pendingRequests())
                } else {
                    let values = try PopulationFigures(connection: session.connection, files: session.files)
                        .values(on: CivilDate(iso: date!)!, level: level)
                    if values.isEmpty && format == .table {
                        print("Không có dân số nào vào ngày \(date!) ở cấp \(level.nameVI) / No population on \(date!) at level \(level.rawValue).")
                    } else {
                        print(IndicatorOutput.render(values, as: format), terminator: "")
                    }
                    try notePending(session, waitingRefresh: 0)
                }
            }
        }

        /// Says when the figures are provisional: pairs waiting for a reviewer count twice, and
        /// a refresh still waiting leaves the mart behind the register. On the table itself;
        /// beside CSV and JSON (stderr), which programs read.
        func notePending(_ session: Session, waitingRefresh: Int) throws {
            var notes: [String] = []
            let pending = try LinkReview(connection: session.connection).pendingCount()
            if pending > 0 {
                notes.append("Tạm tính: \(pending) cặp có thể là cùng một người đang chờ xét (danso review list), mỗi cặp vẫn đếm là hai người. / "
                    + "Provisional: \(pending) pairs that may be one person are pending review (danso review list); each still counts as two people.")
            }
            if waitingRefresh > 0 {
                notes.append("Chưa cập nhật: \(waitingRefresh) yêu cầu làm mới đang chờ (danso refresh). / "
                    + "Not current: \(waitingRefresh) refresh requests are waiting (danso refresh).")
            }
            for note in notes {
                if format == .table { print(note) } else { FileHandle.standardError.write(Data((note + "\n").utf8)) }
            }
        }
    }
}
