import DansoPostgres
import Foundation

/// An indicator of the catalogue (`mart.indicator`, the whole of indicators.md).
public struct CatalogueEntry: Sendable, Equatable, Codable {
    public var code: String
    public var nameVI: String
    public var nameEN: String
    public var unitVI: String
    public var unitEN: String
}

/// One value of the indicator mart: an indicator for a unit and a period, as computed at
/// `computedAt` (the current value, or the one in force at an earlier time).
public struct PublishedValue: Sendable, Equatable, Codable {
    public var indicator: String
    public var nameVI: String
    public var nameEN: String
    public var measureVI: String
    public var measureEN: String
    public var level: IndicatorLevel
    public var unitCode: String
    public var unitName: String
    public var period: String
    public var value: Double?
    public var numerator: Double?
    public var denominator: Double?
    public var computedAt: String

    enum CodingKeys: String, CodingKey {
        case indicator, level, period, value, numerator, denominator
        case nameVI = "name_vi", nameEN = "name_en", measureVI = "unit_of_measure_vi", measureEN = "unit_of_measure_en"
        case unitCode = "unit_code", unitName = "unit_name", computedAt = "computed_at"
    }
}

/// What an analyst or a program asks the mart for.
public struct IndicatorQuery: Sendable {
    public var level: IndicatorLevel
    /// `yyyy`, `yyyy-Qn` or `yyyy-mm`.
    public var period: String
    /// A unit's code at that level; every unit when nil.
    public var unitCode: String?
    /// Indicator codes; every code when empty.
    public var codes: [String]
    /// The figures as they stood at this time (ISO 8601); the current ones when nil.
    public var asOf: String?

    public init(level: IndicatorLevel, period: String, unitCode: String? = nil, codes: [String] = [], asOf: String? = nil) {
        self.level = level
        self.period = period
        self.unitCode = unitCode
        self.codes = codes
        self.asOf = asOf
    }

    /// A period as the mart names them.
    public static func isPeriod(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?/) != nil
    }
}

/// Reads the indicator mart: the catalogue, and the values of a level and period, current or
/// as they stood at an earlier time (revisions are kept).
public struct IndicatorMart {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    public func catalogue() throws -> [CatalogueEntry] {
        try connection.query("""
            select indicator_code, name_vi, name_en, unit_vi, unit_en from mart.indicator order by display_order
            """).map {
            CatalogueEntry(code: $0["indicator_code"]!, nameVI: $0["name_vi"]!, nameEN: $0["name_en"]!,
                           unitVI: $0["unit_vi"]!, unitEN: $0["unit_en"]!)
        }
    }

    /// The values asked for, by unit code then catalogue order. Throws when the question has
    /// no answer by construction (districts after June 2025, an unknown code or unit).
    public func values(_ q: IndicatorQuery) throws -> [PublishedValue] {
        guard IndicatorQuery.isPeriod(q.period) else { throw IndicatorError.badPeriod(q.period) }
        if let reason = try connection.query("select mart.unavailable_reason(\(q.level.rawValue), \(q.period)) as r")
            .first?["r"] {
            throw IndicatorError.unavailable(reason: reason)
        }
        if !q.codes.isEmpty {
            let known = Set(try catalogue().map(\.code))
            let unknown = q.codes.filter { !known.contains($0) }
            guard unknown.isEmpty else { throw IndicatorError.unknownIndicators(unknown) }
        }
        let source = q.asOf == nil ? "mart.indicator_value" : "mart.indicator_values_as_of($5::timestamptz)"
        let sql = """
            select v.indicator_code, i.name_vi, i.name_en, i.unit_vi, i.unit_en, u.code as unit_code, u.name as unit_name,
                   v.value::float8 as value, v.numerator::float8 as numerator, v.denominator::float8 as denominator,
                   to_char(v.computed_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"') as computed_at
            from \(source) v
            join mart.indicator i on i.indicator_code = v.indicator_code
            join ref.admin_unit u on u.unit_key = v.unit_key
            where v.level = $1 and v.period = $2 and ($3::text is null or u.code = $3)
              and (cardinality($4::text[]) = 0 or v.indicator_code = any($4::text[]))
            order by u.code, i.display_order
            """
        var binds: [String?] = [q.level.rawValue, q.period, q.unitCode, q.codes.postgresText]
        if let asOf = q.asOf { binds.append(asOf) }
        let rows = try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds))
        if rows.isEmpty, let unit = q.unitCode,
           try connection.query("select 1 from ref.admin_unit where code = \(unit) and level = \(q.level.rawValue)").isEmpty {
            throw IndicatorError.unknownUnit(code: unit, level: q.level)
        }
        return rows.map { r in
            PublishedValue(indicator: r["indicator_code"]!, nameVI: r["name_vi"]!, nameEN: r["name_en"]!,
                           measureVI: r["unit_vi"]!, measureEN: r["unit_en"]!, level: q.level,
                           unitCode: r["unit_code"]!, unitName: r["unit_name"]!, period: q.period,
                           value: r.double("value"), numerator: r.double("numerator"), denominator: r.double("denominator"),
                           computedAt: r["computed_at"]!)
        }
    }
}
