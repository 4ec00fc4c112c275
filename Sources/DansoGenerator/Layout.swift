import DansoDomain

/// How dates are written in a file (feeds.md §1).
enum DateStyle: CaseIterable {
    case dmy        // 05/03/2024
    case dmyShort   // 5/3/2024
    case iso        // 2024-03-05
    case dmyDash    // 05-03-2024

    func append(_ y: Int, _ m: Int, _ d: Int, to out: inout [UInt8]) {
        switch self {
        case .dmy, .dmyDash:
            let sep: UInt8 = self == .dmy ? 0x2F : 0x2D
            Digits.append(d, to: &out, width: 2); out.append(sep)
            Digits.append(m, to: &out, width: 2); out.append(sep)
            Digits.append(y, to: &out, width: 4)
        case .dmyShort:
            Digits.append(d, to: &out); out.append(0x2F)
            Digits.append(m, to: &out); out.append(0x2F)
            Digits.append(y, to: &out, width: 4)
        case .iso:
            Digits.append(y, to: &out, width: 4); out.append(0x2D)
            Digits.append(m, to: &out, width: 2); out.append(0x2D)
            Digits.append(d, to: &out, width: 2)
        }
    }

    func append(_ day: Day, to out: inout [UInt8]) {
        let (y, m, d) = day.ymd
        append(y, m, d, to: &out)
    }

    /// A birth date: partial ones as `mm/yyyy` or `yyyy`, whatever the style.
    func append(_ b: BirthDate, to out: inout [UInt8]) {
        if b.month == 0 {
            Digits.append(b.year, to: &out, width: 4)
        } else if b.day == 0 {
            Digits.append(b.month, to: &out, width: 2); out.append(0x2F)
            Digits.append(b.year, to: &out, width: 4)
        } else {
            append(b.year, b.month, b.day, to: &out)
        }
    }

    func text(_ day: Day) -> String {
        var out: [UInt8] = []
        append(day, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func text(_ b: BirthDate) -> String {
        var out: [UInt8] = []
        append(b, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    var label: String {
        switch self {
        case .dmy: "dd/mm/yyyy"
        case .dmyShort: "d/m/yyyy"
        case .iso: "yyyy-mm-dd"
        case .dmyDash: "dd-mm-yyyy"
        }
    }
}

/// How header cells are written.
enum HeaderStyle: String {
    case machine            // ngay_chot
    case label              // Ngày chốt sổ
    case upper              // NGAY CHOT SO

    func text(machine: String, label: String) -> String {
        switch self {
        case .machine: machine
        case .label: label
        case .upper: VietnameseText.foldDiacritics(label).uppercased()
        }
    }

    /// A coded value as a label in this style (`Nữ`, or `NU` in upper-case files).
    func value(_ label: String) -> String {
        self == .upper ? VietnameseText.foldDiacritics(label).uppercased() : label
    }
}

/// The layout of a register file (A0).
struct RegisterLayout {
    var format: FileFormat
    var header: HeaderStyle
    var columns: [RegisterColumn]
    var dateStyle: DateStyle
    /// Some lines write `d/m/yyyy` even in a `dd/mm/yyyy` file.
    var shortDatesSometimes: Bool
    /// Coded fields as Vietnamese labels (`Nam`, `Thường trú`, `Kinh`).
    var labels: Bool
    var shuffled: Bool
    var subset: Bool

    var headerLabel: String {
        header.rawValue + (shuffled ? "-shuffled" : "") + (subset ? "-subset" : "") + (labels ? "-labels" : "")
    }
}

/// The way a commune's software writes change slips: fixed for the commune across months,
/// so a re-sent slip has the same cells (and the same content hash) as the first time.
struct ChangeStyle {
    var columns: Set<ChangeColumn>
    var dateStyle: DateStyle
    /// `mm/yyyy` (true) or `yyyy-mm`.
    var monthSlash: Bool
    var labels: Bool
    var channels: [Double]   // GIAY, WEB, DI_DONG
}

/// The layout of one change file: the commune's style plus this file's format and header.
struct ChangeLayout {
    var format: FileFormat
    var header: HeaderStyle
    var columns: [ChangeColumn]
    var shuffled: Bool
    var subset: Bool

    var headerLabel: String { header.rawValue + (shuffled ? "-shuffled" : "") + (subset ? "-subset" : "") }
}

/// Picks layouts deterministically from the seed: each file (or commune style) its own stream.
struct LayoutChooser {
    let seed: UInt64
    let mix: GeneratorOptions.EncodingMix

    static let simple = FileFormat(encoding: .utf8, delimiter: 0x2C, crlf: false)

    private func format(_ rng: inout Xoshiro) -> FileFormat {
        let encodings: [OutputEncoding] = [.utf8, .utf8BOM, .cp1258, .tcvn3, .utf16LE, .utf16BE]
        let e = encodings[rng.weighted([43.4, 21.6, 15, 8, 7, 5])]
        let delimiters: [UInt8] = [0x2C, 0x3B, 0x09]
        let d: UInt8 = switch e {
        case .utf16LE, .utf16BE: delimiters[rng.weighted([8, 4, 88])]
        case .cp1258, .tcvn3: delimiters[rng.weighted([40, 40, 20])]
        default: delimiters[rng.weighted([68, 27, 5])]
        }
        let crlf = rng.chance(e == .utf8 ? 0.35 : e == .utf8BOM ? 0.7 : 0.85)
        return FileFormat(encoding: e, delimiter: d, crlf: crlf)
    }

    private func header(_ rng: inout Xoshiro) -> HeaderStyle {
        [HeaderStyle.machine, .label, .upper][rng.weighted([40, 35, 25])]
    }

    private func dateStyle(_ rng: inout Xoshiro) -> DateStyle {
        [DateStyle.dmy, .dmyShort, .iso, .dmyDash][rng.weighted([70, 8, 15, 7])]
    }

    func register(commune: Int) -> RegisterLayout {
        guard mix == .mix else {
            return RegisterLayout(format: Self.simple, header: .machine, columns: RegisterColumn.allCases, dateStyle: .dmy,
                                  shortDatesSometimes: false, labels: false, shuffled: false, subset: false)
        }
        var rng = Xoshiro(seed, 0x1A40, UInt64(commune))
        let format = format(&rng)
        let subset = rng.chance(0.35)
        var columns = RegisterColumn.allCases.filter { column in
            column.isRequiredInHeader || !subset || rng.chance(0.55)
        }
        let shuffled = rng.chance(0.25)
        if shuffled { rng.shuffle(&columns) }
        let style = dateStyle(&rng)
        return RegisterLayout(format: format, header: header(&rng), columns: columns, dateStyle: style,
                              shortDatesSometimes: style == .dmy && rng.chance(0.3), labels: rng.chance(0.15),
                              shuffled: shuffled, subset: subset)
    }

    /// Columns a change file must have: every line needs them, or some event type does.
    static let changeRequired: Set<ChangeColumn> = Set(ChangeColumn.allCases.filter { column in
        column.isAlwaysRequired || EventType.allCases.contains { ChangeColumn.required(for: $0).contains(column) }
            || column == .motherMemberNo
    })

    func changeStyle(commune: Int) -> ChangeStyle {
        guard mix == .mix else {
            return ChangeStyle(columns: Set(ChangeColumn.allCases), dateStyle: .dmy, monthSlash: true, labels: false,
                               channels: [20, 35, 45])
        }
        var rng = Xoshiro(seed, 0xC4A6, UInt64(commune))
        var columns = Set(ChangeColumn.allCases)
        if rng.chance(0.4) {
            for column in ChangeColumn.allCases where !Self.changeRequired.contains(column) && rng.chance(0.35) {
                columns.remove(column)
            }
        }
        return ChangeStyle(columns: columns, dateStyle: dateStyle(&rng), monthSlash: rng.chance(0.7), labels: rng.chance(0.15),
                           channels: [Double(rng.int(5...35)), Double(rng.int(20...45)), Double(rng.int(25...60))])
    }

    func change(commune: Int, month: Int, style: ChangeStyle) -> ChangeLayout {
        let ordered = ChangeColumn.allCases.filter { style.columns.contains($0) }
        guard mix == .mix else {
            return ChangeLayout(format: Self.simple, header: .machine, columns: ordered, shuffled: false, subset: false)
        }
        var rng = Xoshiro(seed, 0xC4A7, UInt64(commune), UInt64(month))
        var columns = ordered
        let shuffled = rng.chance(0.2)
        if shuffled { rng.shuffle(&columns) }
        return ChangeLayout(format: format(&rng), header: header(&rng), columns: columns, shuffled: shuffled,
                            subset: columns.count < ChangeColumn.allCases.count)
    }
}
