import Foundation

/// Renders figures for people (a table) and for programs (CSV, JSON).
///
/// CSV and JSON carry the columns `indicator, level, unit_code, unit_name, period, value,
/// numerator, denominator` so other agencies' tools read them without guessing.
public enum IndicatorOutput {
    public enum Format: String, CaseIterable, Sendable { case table, csv, json }

    public static func render(_ values: [IndicatorValue], as format: Format) -> String {
        switch format {
        case .csv: csv(values)
        case .json: json(values)
        case .table: table(values)
        }
    }

    static func number(_ v: Double?, decimals: Int = 1) -> String {
        guard let v else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return String(format: "%.\(decimals)f", v)
    }

    static func csv(_ values: [IndicatorValue]) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"\(s.replacingOccurrences(of: "\"", with: "\"\""))\"" : s
        }
        var out = "indicator,level,unit_code,unit_name,period,value,numerator,denominator\n"
        for v in values {
            out += [v.indicator.rawValue, v.level.rawValue, v.unitCode, field(v.unitName), v.period,
                    number(v.value, decimals: 6), number(v.numerator, decimals: 6), number(v.denominator, decimals: 6)]
                .joined(separator: ",") + "\n"
        }
        return out
    }

    static func json(_ values: [IndicatorValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(values), as: UTF8.self) + "\n"
    }

    /// One line per unit, one column per indicator; Vietnamese headings with English beside.
    static func table(_ values: [IndicatorValue]) -> String {
        let codes = IndicatorCode.allCases.filter { c in values.contains { $0.indicator == c } }
        var units: [(code: String, name: String)] = []
        var cells: [String: [IndicatorCode: IndicatorValue]] = [:]
        for v in values {
            if cells[v.unitCode] == nil { units.append((v.unitCode, v.unitName)) }
            cells[v.unitCode, default: [:]][v.indicator] = v
        }
        let level = values.first?.level
        let heading = ["Mã / Code", "\(level.map { "Đơn vị (\($0.nameVI))" } ?? "Đơn vị") / Unit"]
            + codes.map { "\($0.nameVI) / \($0.rawValue)" }
        var rows = units.map { u in [u.code, u.name] + codes.map { number(cells[u.code]?[$0]?.value) } }
        let widths = heading.indices.map { i in ([heading[i]] + rows.map { $0[i] }).map(\.count).max()! }
        func line(_ cols: [String]) -> String {
            cols.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return i < 2 ? c + pad : pad + c
            }.joined(separator: "  ")
        }
        var out = line(heading) + "\n" + line(widths.map { String(repeating: "─", count: $0) }) + "\n"
        rows.sort { $0[0] < $1[0] }
        for r in rows { out += line(r) + "\n" }
        if let period = values.first?.period {
            out += "Ngày / Date: \(period). Dân số thực tế thường trú (tình trạng cư trú 1, 2) / resident population (status 1, 2).\n"
        }
        return out
    }
}

extension IndicatorOutput {
    /// Values of the mart: CSV and JSON as for the day figures, plus when each was computed;
    /// the table lists each unit's indicators one per line (there are fifty of them).
    public static func render(_ values: [PublishedValue], as format: Format) -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try! encoder.encode(values), as: UTF8.self) + "\n"
        case .csv:
            func field(_ s: String) -> String {
                s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"\(s.replacingOccurrences(of: "\"", with: "\"\""))\"" : s
            }
            var out = "indicator,level,unit_code,unit_name,period,value,numerator,denominator,computed_at\n"
            for v in values {
                out += [v.indicator, v.level.rawValue, v.unitCode, field(v.unitName), v.period, number(v.value, decimals: 6),
                        number(v.numerator, decimals: 6), number(v.denominator, decimals: 6), v.computedAt]
                    .joined(separator: ",") + "\n"
            }
            return out
        case .table:
            return publishedTable(values)
        }
    }

    static func publishedTable(_ values: [PublishedValue]) -> String {
        let heading = ["Mã / Code", "Chỉ tiêu / Indicator", "Giá trị / Value", "Tử số / Numerator", "Mẫu số / Denominator",
                       "Đơn vị tính / Unit"]
        var out = ""
        var start = values.startIndex
        while start < values.endIndex {
            let unit = values[start].unitCode
            let end = values[start...].firstIndex { $0.unitCode != unit } ?? values.endIndex
            let group = values[start..<end]
            let rows = group.map { v in
                [v.indicator, v.nameVI, number(v.value, decimals: 2), number(v.numerator, decimals: 1),
                 number(v.denominator, decimals: 1), v.measureVI]
            }
            let widths = heading.indices.map { i in ([heading[i]] + rows.map { $0[i] }).map(\.count).max()! }
            func line(_ cols: [String]) -> String {
                cols.enumerated().map { i, c in
                    let pad = String(repeating: " ", count: widths[i] - c.count)
                    return (2...4).contains(i) ? pad + c : c + pad
                }.joined(separator: "  ")
            }
            let first = group.first!
            out += "\(first.level.nameVI.capitalized) / \(first.level.rawValue) \(first.unitCode) \(first.unitName) — kỳ / period \(first.period)\n"
            out += line(heading) + "\n" + line(widths.map { String(repeating: "─", count: $0) }) + "\n"
            for r in rows { out += line(r) + "\n" }
            out += "\n"
            start = end
        }
        return out
    }
}
