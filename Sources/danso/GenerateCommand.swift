import ArgumentParser
import DansoGenerator
import DansoWarehouse
import Foundation

extension GeneratorOptions.EncodingMix: ExpressibleByArgument {}

extension Danso {
    /// `danso generate`: a synthetic province for tests and benchmarks; needs no database.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sinh dữ liệu tỉnh giả lập (sổ A0 và phiếu biến động) / Generate a synthetic province (A0 registers and change slips).",
            discussion: """
                94 xã của tỉnh Tây Ninh cũ (72), hoặc mọi xã của các tỉnh cũ --provinces chọn (mã trước 01/07/2025, \
                ví dụ --provinces 72,74,70): sổ hộ A0 ngày trước --start, rồi mỗi tháng một tệp biến động mỗi xã. \
                Cùng tham số, cùng hạt giống: cùng từng byte. Không cần cơ sở dữ liệu.
                The 94 communes of the former Tây Ninh (72), or every commune of the former provinces --provinces \
                names (codes before 1 July 2025, e.g. --provinces 72,74,70): A0 registers dated the day before --start, \
                then one change file per commune per month. Same options and seed, same bytes. No database needed.

                Ra / Output: DIR/a0/<xã>.csv, DIR/changes/<yyyy-mm>/<xã>.csv, DIR/manifest.csv, \
                DIR/truth.csv (lỗi cài sẵn / injected problems), DIR/summary.json. \
                Thư mục a0/ và changes/ cũ trong DIR bị xóa trước / earlier a0/ and changes/ in DIR are removed first.
                Danh mục / Reference lists: DANSO_REFERENCE_DIR, hoặc / or sample-feeds/reference.
                """)

        @Option(help: "Số hộ (chia cho các xã) / Number of households (spread over the communes).")
        var households = 292_000

        @Option(help: ArgumentHelp(
            "Mã tỉnh cũ (2 chữ số, trước 01/07/2025), cách nhau bằng dấu phẩy / Former province codes (2 digits, before 1 July 2025), comma-separated.",
            valueName: "codes"))
        var provinces = "72"

        @Option(help: "Số tháng biến động / Number of change months.")
        var months = 12

        @Option(help: "Hạt giống ngẫu nhiên / Random seed.")
        var seed: UInt64 = 1

        @Option(help: "Thư mục ra / Output directory.")
        var out: String

        @Option(help: "Tháng biến động đầu tiên yyyy-mm / First change month yyyy-mm.")
        var start = "2024-01"

        @Option(help: "Tỷ lệ dòng có lỗi cài sẵn (0–0,5) / Fraction of lines with an injected error (0–0.5).")
        var errors = 0.0

        @Option(help: "Tỷ lệ dòng lặp lại / gửi lại (0–0,5) / Fraction of lines repeated or re-sent (0–0.5).")
        var duplicates = 0.0

        @Option(help: "mix: đủ loại mã hóa như thực tế; utf8: UTF-8, dấu phẩy, tên máy / mix: the field's encodings; utf8: UTF-8, comma, machine names.")
        var encodings: GeneratorOptions.EncodingMix = .mix

        func validate() throws {
            guard GeneratorOptions.parseMonth(start) != nil else {
                throw ValidationError("--start «\(start)»: cần dạng yyyy-mm / expected yyyy-mm")
            }
            let codes = Self.provinceList(provinces)
            guard !codes.isEmpty else {
                throw ValidationError("--provinces «\(provinces)»: cần ít nhất một mã tỉnh / at least one province code is needed")
            }
            for code in codes where code.count != 2 || !code.allSatisfy({ $0.isASCII && $0.isNumber }) {
                throw ValidationError("--provinces: «\(code)» không phải mã tỉnh 2 chữ số (mã cũ, ví dụ 72) / '\(code)' is not a 2-digit province code (a former code, e.g. 72)")
            }
            if Set(codes).count != codes.count {
                throw ValidationError("--provinces «\(provinces)»: mã tỉnh bị lặp / a province code is repeated")
            }
        }

        /// `72,74, 70` as `["72", "74", "70"]`.
        static func provinceList(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        func run() throws {
            var options = GeneratorOptions(outputDirectory: out, referenceDirectory: GeneratorRun.referenceDirectory)
            options.households = households
            options.provinceCodes = Self.provinceList(provinces)
            options.months = months
            options.seed = seed
            let (y, m) = GeneratorOptions.parseMonth(start)!
            options.startYear = y
            options.startMonth = m
            options.errorRate = errors
            options.duplicateRate = duplicates
            options.encodings = encodings
            let generator = ProvinceGenerator(options: options)
            generator.progress = GeneratorRun.progress
            let (result, seconds) = try GeneratorRun.timed { () throws(GeneratorError) in try generator.run() }
            print("Đã sinh / Generated \(out): \(result.communes) xã / communes, \(result.households) hộ / households, \(result.people) người / people, \(result.files) tệp / files")
            print("  A0: \(result.a0Lines) dòng / lines; biến động / changes: \(result.changeLines) dòng / lines")
            if !result.linesPerMonth.isEmpty {
                print("  Mỗi tháng / per month: \(result.linesPerMonth.map(String.init).joined(separator: ", "))")
            }
            print("  Mã hóa / encodings: \(result.encodings.map { "\($0.0) \($0.1)" }.joined(separator: ", "))")
            if !result.rewrittenAsUTF8.isEmpty {
                print("  \(result.rewrittenAsUTF8.count) tệp CP1258/TCVN3 quá ngắn để nhận dạng, ghi lại bằng UTF-8 / CP1258/TCVN3 files too short to tell apart, rewritten as UTF-8: \(result.rewrittenAsUTF8.prefix(5).joined(separator: ", "))\(result.rewrittenAsUTF8.count > 5 ? ", …" : "")")
            }
            if result.injected + result.duplicates > 0 {
                print("  Cài sẵn / injected: \(result.injected) lỗi / errors, \(result.duplicates) trùng / duplicates (truth.csv)")
            }
            print(String(format: "  %.1f giây / seconds", seconds))
        }
    }
}

extension GeneratorError {
    var isOptionProblem: Bool { if case .invalidOption = self { true } else { false } }
}

/// What both generators' commands share: where the reference lists are, progress on stderr,
/// and a timed run whose errors end the command (64 for a bad option).
enum GeneratorRun {
    static var referenceDirectory: String {
        ProcessInfo.processInfo.environment["DANSO_REFERENCE_DIR"]
            ?? (try? ProjectFiles.locate())?.referenceDirectory
            ?? "sample-feeds/reference"
    }

    static let progress: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }

    static func timed<T>(_ body: () throws(GeneratorError) -> T) throws -> (T, Double) {
        let began = Date()
        do {
            let result = try body()
            return (result, Date().timeIntervalSince(began))
        } catch {
            FileHandle.standardError.write(Data("Lỗi / Error: \(error)\n".utf8))
            throw ExitCode(error.isOptionProblem ? 64 : exitCannotRun)
        }
    }
}
