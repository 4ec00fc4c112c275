import ArgumentParser
import DansoWarehouse
import Foundation

extension Danso {
    /// `danso refresh`: brings the star schema and the indicator mart up to the register.
    struct Refresh: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Làm mới bảng sự kiện và chỉ tiêu / Refresh the star schema and the indicator mart.",
            discussion: """
                Không có --full: chạy các yêu cầu làm mới còn chờ (của lần nạp bị dừng giữa chừng).
                --full: tính lại toàn bộ từ sổ; các giá trị giống hệt khi làm mới từng phần, giá trị thay đổi được lưu thành bản sửa.
                Without --full: runs the refreshes still waiting (from a run stopped half way).
                --full: rebuilds everything from the register; the values equal those of the incremental refreshes, and values that change are kept as revisions.
                """)

        @Flag(help: "Tính lại toàn bộ / Rebuild everything.")
        var full = false

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingErrors {
                let session = try Session.open(global)
                let refresh = IndicatorRefresh(connection: session.connection)
                if full {
                    let seconds = try refresh.runFull()
                    print("Đã tính lại toàn bộ trong \(RefreshSummary.seconds(seconds)) / Rebuilt everything in \(RefreshSummary.seconds(seconds)).")
                } else {
                    let summary = try refresh.runRequested()
                    print(summary.isEmpty ? "Không có yêu cầu nào đang chờ / Nothing was waiting." : RefreshSummary.text(summary))
                }
            }
        }
    }
}

/// What a refresh prints.
enum RefreshSummary {
    static func text(_ s: IndicatorRefresh.Summary) -> String {
        let from = s.steps.map(\.from).min() ?? ""
        return "Chỉ tiêu / Indicators: làm mới \(s.communes) xã từ \(from) trong \(seconds(s.seconds)) / "
            + "refreshed \(s.communes) communes from \(from) in \(seconds(s.seconds))."
    }

    static func seconds(_ s: Double) -> String { String(format: "%.2f s", s) }
}
