/// An indicator of `indicators.md`, with its names and unit.
public enum IndicatorCode: String, CaseIterable, Sendable, Codable {
    case pop = "POP"
    case popMale = "POP_MALE"
    case popFemale = "POP_FEMALE"
    case households = "HOUSEHOLDS"
    case sexRatio = "SEX_RATIO"

    public var nameVI: String {
        switch self {
        case .pop: "Dân số cuối kỳ"
        case .popMale: "Dân số nam"
        case .popFemale: "Dân số nữ"
        case .households: "Số hộ"
        case .sexRatio: "Tỷ số giới tính"
        }
    }

    public var nameEN: String {
        switch self {
        case .pop: "Population, end of period"
        case .popMale: "Male population"
        case .popFemale: "Female population"
        case .households: "Households"
        case .sexRatio: "Sex ratio"
        }
    }

    public var unitVI: String {
        switch self {
        case .pop, .popMale, .popFemale: "người"
        case .households: "hộ"
        case .sexRatio: "nam/100 nữ"
        }
    }

    /// Ratios carry a numerator and a denominator (indicators.md, conventions).
    public var isRatio: Bool { self == .sexRatio }
}

/// The level of the administrative hierarchy a figure is given for.
public enum IndicatorLevel: String, CaseIterable, Sendable, Codable {
    case province, district, commune

    public var nameVI: String {
        switch self {
        case .province: "tỉnh"
        case .district: "huyện"
        case .commune: "xã"
        }
    }
}

/// One published figure: an indicator for a unit and a period.
public struct IndicatorValue: Sendable, Equatable, Codable {
    public var indicator: IndicatorCode
    public var level: IndicatorLevel
    public var unitCode: String
    public var unitName: String
    public var period: String
    public var value: Double?
    public var numerator: Double?
    public var denominator: Double?

    enum CodingKeys: String, CodingKey {
        case indicator, level, value, numerator, denominator, period
        case unitCode = "unit_code", unitName = "unit_name"
    }
}
