import DansoDomain

/// How grave a finding is: errors keep a line (or file) out, warnings are loaded and kept.
public enum Severity: String, Codable, Sendable, Comparable {
    case info, warning, error
    public static func < (a: Severity, b: Severity) -> Bool {
        let order: [Severity] = [.info, .warning, .error]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// The rule codes of feeds.md §6.
public enum RuleCode: String, Codable, Sendable, CaseIterable {
    case F01, F02, F03, F04, F05
    case R01, R02, R03, R04, R05, R06, R07, R08, R09, R10, R11, R12, R13, R14, R15, R16
    case E01, E02, E03, E04, E05, E06, E07, E08, E09, E10, E11
    /// danso's own, beyond feeds.md §6: the same event (SINH, CHET, DEN) as a slip already
    /// recorded under another slip id; the line is not applied (issue 5).
    case E12

    /// The severity the spec gives the rule (E04 may be lowered to a warning).
    public var severity: Severity {
        switch self {
        case .F04: .info
        case .F05, .R07, .R08, .R09, .R10, .R12, .R13, .R14, .R15, .E01, .E09, .E10, .E12: .warning
        default: .error
        }
    }

    /// Whether the rule rejects the whole file rather than a line.
    public var rejectsFile: Bool { self == .F01 || self == .F02 }
}

/// One thing found wrong (or worth noting) in a file, where a person can find it.
public struct Finding: Codable, Hashable, Sendable {
    /// Physical line in the file; the header is line 1.
    public var line: Int
    public var rule: RuleCode
    public var severity: Severity
    /// Machine name of the column, when the finding is about one.
    public var column: String?
    /// The offending value as written.
    public var value: String?
    public var messageVI: String
    public var messageEN: String

    public init(line: Int, rule: RuleCode, severity: Severity? = nil, column: String? = nil, value: String? = nil,
                vi: String, en: String) {
        self.line = line
        self.rule = rule
        self.severity = severity ?? rule.severity
        self.column = column
        self.value = value
        self.messageVI = vi
        self.messageEN = en
    }

    enum CodingKeys: String, CodingKey {
        case line, rule, severity, column, value
        case messageVI = "message_vi"
        case messageEN = "message_en"
    }

    /// Every issue carries every key of feeds.md §6; `column` and `value` are null when absent.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(line, forKey: .line)
        try c.encode(rule, forKey: .rule)
        try c.encode(severity, forKey: .severity)
        try c.encode(column, forKey: .column)
        try c.encode(value, forKey: .value)
        try c.encode(messageVI, forKey: .messageVI)
        try c.encode(messageEN, forKey: .messageEN)
    }
}
