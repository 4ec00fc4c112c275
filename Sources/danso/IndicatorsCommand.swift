import ArgumentParser
import DansoDeduplication
import DansoDomain
import DansoIndicators
import Foundation

extension IndicatorLevel: ExpressibleByArgument {}
extension IndicatorOutput.Format: ExpressibleByArgument {}

extension Danso {
    /// `danso indicators`: figures for a day by level.
    struct Indicators: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chỉ tiêu dân số theo đơn vị / Population indicators by unit.",
            discussion: "POP, POP_MALE, POP_FEMALE, HOUSEHOLDS, SEX_RATIO vào cuối ngày --date / at the end of --date.")

        @Option(help: "Ngày tham chiếu yyyy-mm-dd / Reference day yyyy-mm-dd.")
        var date: String

        @Option(help: "Cấp: province, district, commune / Level.")
        var level: IndicatorLevel = .province

        @Option(help: "Định dạng: table, csv, json / Output format.")
        var format: IndicatorOutput.Format = .table

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard CivilDate(iso: date) != nil else {
                throw ValidationError("--date «\(date)»: cần dạng yyyy-mm-dd / expected yyyy-mm-dd")
            }
        }

        func run() throws {
            try reportingErrors {
                let session = try Session.open(global)
                let values = try PopulationFigures(connection: session.connection, files: session.files)
                    .values(on: CivilDate(iso: date)!, level: level)
                let pending = try LinkReview(connection: session.connection).pendingCount()
                if values.isEmpty && format == .table {
                    print("Không có dân số nào vào ngày \(date) ở cấp \(level.nameVI) / No population on \(date) at level \(level.rawValue).")
                } else {
                    print(IndicatorOutput.render(values, as: format), terminator: "")
                }
                if pending > 0 {
                    // On the table itself; beside CSV and JSON (stderr), which programs read.
                    let note = "Tạm tính: \(pending) cặp có thể là cùng một người đang chờ xét (danso review list), mỗi cặp vẫn đếm là hai người. / "
                        + "Provisional: \(pending) pairs that may be one person are pending review (danso review list); each still counts as two people."
                    if format == .table { print(note) } else { FileHandle.standardError.write(Data((note + "\n").utf8)) }
                }
            }
        }
    }
}
