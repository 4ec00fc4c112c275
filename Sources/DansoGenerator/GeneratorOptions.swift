/// What `danso generate` is asked to make.
public struct GeneratorOptions: Sendable {
    /// How the files are encoded and laid out.
    public enum EncodingMix: String, Sendable, CaseIterable {
        /// The field's mix of encodings, delimiters, headers and date styles (feeds.md §1).
        case mix
        /// Every file UTF-8, comma, machine-name headers, every column: simple files.
        case utf8
    }

    public var households = 292_000
    public var months = 12
    public var seed: UInt64 = 1
    public var outputDirectory: String
    /// The first month of change files; the registers (A0) are dated the day before it.
    public var startYear = 2024
    public var startMonth = 1
    /// Fraction of lines with an injected error (feeds.md §6 rules), listed in truth.csv.
    public var errorRate = 0.0
    /// Fraction of lines repeated exactly (A0) or re-sent (slips), listed as DUP.
    public var duplicateRate = 0.0
    public var encodings = EncodingMix.mix
    /// Where `admin_units_legacy.csv` and `ethnic_groups.csv` are.
    public var referenceDirectory: String
    /// The former provinces generated (2-digit codes valid until 30/06/2025), all their
    /// communes; the default is the former Tây Ninh (72), 94 communes.
    public var provinceCodes = ProvinceReference.defaultProvinces
    /// Only these communes (for tests and small benchmarks), of the chosen provinces; nil:
    /// every commune of `provinceCodes`.
    public var communeCodes: [String]?

    /// True when the provinces are the default ones (summaries then stay as they were).
    public var isDefaultProvinces: Bool { provinceCodes == ProvinceReference.defaultProvinces }

    public init(outputDirectory: String, referenceDirectory: String) {
        self.outputDirectory = outputDirectory
        self.referenceDirectory = referenceDirectory
    }

    /// The last day of the three-level units: later change files would need the 2025 codes.
    static let lastLegacy = Day(2025, 6, 30)

    /// The register date: the last day of the month before the first change month.
    public var registerDate: Day { Day(startYear, startMonth, 1) - 1 }

    /// First day of the `index`-th change month (0-based).
    func monthStart(_ index: Int) -> Day {
        let m0 = startYear * 12 + (startMonth - 1) + index
        return Day(m0 / 12, m0 % 12 + 1, 1)
    }

    func monthEnd(_ index: Int) -> Day { monthStart(index + 1) - 1 }

    /// `yyyy-mm` of the `index`-th change month.
    func monthLabel(_ index: Int) -> String {
        let (y, m, _) = monthStart(index).ymd
        return "\(y)-\(Day.pad2(m))"
    }

    /// Checks the options; the message is Vietnamese first, English beside.
    public func validate() throws(GeneratorError) {
        if households < 1 || households > 20_000_000 {
            throw .invalidOption("--households phải từ 1 đến 20 000 000 / must be 1 to 20,000,000")
        }
        if months < 0 || months > 120 {
            throw .invalidOption("--months phải từ 0 đến 120 / must be 0 to 120")
        }
        if !(0...0.5).contains(errorRate) || !(0...0.5).contains(duplicateRate) {
            throw .invalidOption("--errors và --duplicates là tỷ lệ từ 0 đến 0,5 / --errors and --duplicates are fractions from 0 to 0.5")
        }
        if months > 0, monthEnd(months - 1) > Self.lastLegacy {
            throw .invalidOption("Tháng cuối vượt quá 06/2025: sau ngày 01/07/2025 mã xã cũ không còn hiệu lực / the last month is after 06/2025: the former commune codes end on 30/06/2025")
        }
        if provinceCodes.isEmpty {
            throw .invalidOption("--provinces: cần ít nhất một mã tỉnh / at least one province code is needed")
        }
        for code in provinceCodes where code.count != 2 || !code.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            throw .invalidOption("--provinces: «\(code)» không phải mã tỉnh 2 chữ số (mã cũ, ví dụ 72) / '\(code)' is not a 2-digit province code (a former code, e.g. 72)")
        }
        if Set(provinceCodes).count != provinceCodes.count {
            throw .invalidOption("--provinces: mã tỉnh bị lặp / a province code is repeated: \(provinceCodes.joined(separator: ","))")
        }
        if registerDate < Day(1990, 1, 1) {
            throw .invalidOption("--start phải từ 1990 / must be 1990 or later")
        }
    }

    /// Parses `yyyy-mm`.
    public static func parseMonth(_ text: String) -> (year: Int, month: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]),
              (1...12).contains(m) else { return nil }
        return (y, m)
    }
}

/// Why a generation could not be made.
public enum GeneratorError: Error, Equatable, CustomStringConvertible {
    case invalidOption(String)
    case reference(String)
    case io(String)

    public var description: String {
        switch self {
        case .invalidOption(let m): m
        case .reference(let m): "Danh mục / Reference lists: \(m)"
        case .io(let m): "Ghi tệp / Writing files: \(m)"
        }
    }
}
