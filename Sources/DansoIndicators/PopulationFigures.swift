import DansoDomain
import DansoPostgres
import DansoWarehouse

/// Errors of the indicator layer, with what to ask instead.
public enum IndicatorError: Error, CustomStringConvertible, Sendable {
    case noDistrictsAfterReform(day: CivilDate)
    /// The mart has no such figures by construction (districts after June 2025): why, from
    /// `mart.unavailable_reason`, in Vietnamese and English.
    case unavailable(reason: String)
    case badPeriod(String)
    case unknownIndicators([String])
    case unknownUnit(code: String, level: IndicatorLevel)

    public var messageVI: String {
        switch self {
        case .unavailable(let reason): Self.half(reason, 0)
        case .badPeriod(let p): "Kỳ «\(p)» không hợp lệ: cần yyyy (năm), yyyy-Qn (quý) hoặc yyyy-mm (tháng)."
        case .unknownIndicators(let codes): "Không có chỉ tiêu \(codes.joined(separator: ", ")) trong danh mục (xem mart.indicator)."
        case .unknownUnit(let code, let level): "Không có đơn vị mã \(code) ở cấp \(level.nameVI)."
        case .noDistrictsAfterReform(let day):
            "Từ ngày 01/07/2025 chính quyền địa phương chỉ còn hai cấp (tỉnh, xã): không có cấp huyện vào ngày \(PartialDate(day)). Hãy hỏi cấp tỉnh hoặc xã, hoặc một ngày đến 30/06/2025."
        }
    }

    public var messageEN: String {
        switch self {
        case .unavailable(let reason): Self.half(reason, 1)
        case .badPeriod(let p): "Period «\(p)» is not valid: expected yyyy (year), yyyy-Qn (quarter) or yyyy-mm (month)."
        case .unknownIndicators(let codes): "No indicator \(codes.joined(separator: ", ")) in the catalogue (see mart.indicator)."
        case .unknownUnit(let code, let level): "No unit with code \(code) at level \(level.rawValue)."
        case .noDistrictsAfterReform(let day):
            "Since 1 July 2025 local government has two levels (province, commune): there are no districts on \(day.iso). Ask for provinces or communes, or a day up to 30 June 2025."
        }
    }

    public var description: String { "\(messageVI)\n\(messageEN)" }

    /// The Vietnamese (0) or English (1) half of a message the database gives as "vi / en".
    static func half(_ text: String, _ i: Int) -> String {
        guard let r = text.range(of: " / ") else { return text }
        return i == 0 ? String(text[..<r.lowerBound]) : String(text[r.upperBound...])
    }
}

/// The stock indicators of a day (POP, POP_MALE, POP_FEMALE, HOUSEHOLDS, SEX_RATIO), read
/// from the history-keeping register as it stood at the end of that day.
public struct PopulationFigures {
    public let connection: PostgresConnection
    public let files: ProjectFiles

    public init(connection: PostgresConnection, files: ProjectFiles) {
        self.connection = connection
        self.files = files
    }

    public func values(on day: CivilDate, level: IndicatorLevel) throws -> [IndicatorValue] {
        if level == .district, day > ReferenceData.lastLegacyDay {
            throw IndicatorError.noDistrictsAfterReform(day: day)
        }
        let sql = try files.query("population_on_day")
        let rows = try connection.query(PostgresQuery(unsafeSQL: sql, binds: [day.iso, level.rawValue]))
        var values: [IndicatorValue] = []
        for row in rows {
            let males = Double(row.int("males") ?? 0)
            let females = Double(row.int("females") ?? 0)
            func value(_ code: IndicatorCode, _ v: Double?, _ num: Double? = nil, _ den: Double? = nil) -> IndicatorValue {
                IndicatorValue(indicator: code, level: level, unitCode: row["unit_code"]!, unitName: row["unit_name"]!,
                               period: day.iso, value: v, numerator: num, denominator: den)
            }
            values.append(value(.pop, males + females))
            values.append(value(.popMale, males))
            values.append(value(.popFemale, females))
            values.append(value(.households, Double(row.int("households") ?? 0)))
            values.append(value(.sexRatio, females > 0 ? males / females * 100 : nil, males, females))
        }
        return values
    }
}
