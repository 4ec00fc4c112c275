import DansoDomain
import Foundation

/// manifest.csv, truth.csv and summary.json, written in a fixed order (never from a
/// Dictionary's iteration order, which changes from run to run).
enum Outputs {
    static func writeManifest(_ rows: [ManifestRow], to path: String) throws(GeneratorError) {
        var text = "path,kind,commune_code,period,encoding,delimiter,header_style,lines\n"
        for r in rows {
            text += [r.path, r.kind, r.commune, r.period, r.encoding.rawValue, r.delimiter, r.header, String(r.lines)]
                .map(csv).joined(separator: ",") + "\n"
        }
        try write(text, to: path)
    }

    static func writeTruth(_ rows: [TruthRow], to path: String) throws(GeneratorError) {
        var text = "path,line,rule,note\n"
        for r in rows { text += [r.path, String(r.line), r.rule, r.note].map(csv).joined(separator: ",") + "\n" }
        try write(text, to: path)
    }

    static func csv(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func write(_ text: String, to path: String) throws(GeneratorError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw .io("không ghi được / cannot write \(path)")
        }
    }
}

/// A tiny JSON writer that keeps keys in the order given.
indirect enum JSON {
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    func text(_ indent: String = "") -> String {
        switch self {
        case .int(let n): return String(n)
        case .number(let x): return String(format: "%.4f", x)
        case .string(let s): return Self.quote(s)
        case .array(let items):
            if items.allSatisfy({ if case .int = $0 { true } else { false } }) {
                return "[" + items.map { $0.text() }.joined(separator: ", ") + "]"
            }
            let inner = indent + "  "
            return "[\n" + items.map { inner + $0.text(inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            let inner = indent + "  "
            return "{\n" + pairs.map { "\(inner)\(Self.quote($0.0)): \($0.1.text(inner))" }.joined(separator: ",\n") + "\n\(indent)}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }
}

/// The figures of summary.json.
struct Summary {
    /// People of one unit at a moment: listed (alive, not gone), resident (status 1 and 2),
    /// resident men and women, households with a resident.
    struct Stock {
        var people = 0, resident = 0, male = 0, female = 0, households = 0

        var json: JSON {
            .object([("people", .int(people)), ("resident", .int(resident)), ("male", .int(male)),
                     ("female", .int(female)), ("households", .int(households))])
        }

        static func + (a: Stock, b: Stock) -> Stock {
            Stock(people: a.people + b.people, resident: a.resident + b.resident, male: a.male + b.male,
                  female: a.female + b.female, households: a.households + b.households)
        }
    }

    /// The registers' figures per commune.
    struct Register {
        var communes: [(String, Stock)] = []
        var people: Int { communes.reduce(0) { $0 + $1.1.people } }
        /// Ages on the register date, for the pyramid (5-year groups to 85+, men and women).
        var pyramid = [[Int]](repeating: [Int](repeating: 0, count: 18), count: 2)
        var householdSizes = 0

        mutating func add(commune code: String, pop: Population, range: Range<Int>, date: Day) {
            var s = Stock()
            for h in range {
                let hh = pop.households[h]
                var resident = false
                for k in 0..<Int(hh.count) {
                    let p = pop.people[Int(hh.first) + k]
                    s.people += 1
                    pyramid[p.sex == 1 ? 0 : 1][min(17, p.birth.age(at: date) / 5)] += 1
                    if p.residence != 3 {
                        s.resident += 1
                        if p.sex == 1 { s.male += 1 } else { s.female += 1 }
                        resident = true
                    }
                }
                if resident { s.households += 1 }
            }
            communes.append((code, s))
        }
    }

    /// Month-end stock of each commune, from the population as lived.
    static func stocks(_ pop: Population, communes: Int) -> [Stock] {
        var out = [Stock](repeating: Stock(), count: communes)
        var counted = [Bool](repeating: false, count: pop.households.count)
        for p in pop.people where p.isHere {
            let h = Int(p.household)
            let c = Int(pop.households[h].commune)
            out[c].people += 1
            guard p.residence != 3 else { continue }
            out[c].resident += 1
            if p.sex == 1 { out[c].male += 1 } else { out[c].female += 1 }
            if !counted[h] { counted[h] = true; out[c].households += 1 }
        }
        return out
    }

    let options: GeneratorOptions
    let reference: ProvinceReference
    let register: Register
    let manifest: [ManifestRow]
    let truth: [TruthRow]
    let linesByType: [[EventType: Int]]
    let monthEnds: [[Stock]]
    let injected: [String: Int]

    func json() -> String {
        let months = (0..<options.months).map { options.monthLabel($0) }
        let a0 = manifest.filter { $0.kind == "a0" }
        let changes = manifest.filter { $0.kind == "changes" }
        let total = register.communes.reduce(Stock()) { $0 + $1.1 }
        var slips: [(String, JSON)] = []
        for (m, label) in months.enumerated() {
            let counts = m < linesByType.count ? linesByType[m] : [:]
            slips.append((label, .object(EventType.allCases.map { ($0.rawValue, .int(counts[$0] ?? 0)) }
                + [("total", .int(counts.values.reduce(0, +)))])))
        }
        var monthEnd: [(String, JSON)] = [(options.registerDate.iso, total.json)]
        for (m, label) in months.enumerated() {
            monthEnd.append((label, monthEnds[m].reduce(Stock(), +).json))
        }
        var byCommune: [(String, JSON)] = []
        // A generation of other provinces than the default one says which; the default's
        // summary stays as it always was.
        let provinces = !options.isDefaultProvinces
        for (c, (code, stock)) in register.communes.enumerated() {
            byCommune.append((code, .object([
                ("name", .string(reference.communes[c].name)),
            ] + (provinces ? [("province", .string(reference.communes[c].provinceCode))] : []) + [
                ("district", .string(reference.communes[c].districtCode)),
                ("register", stock.json),
                ("resident_month_end", .array(monthEnds.map { .int($0[c].resident) })),
                ("households_month_end", .array(monthEnds.map { .int($0[c].households) })),
            ])))
        }
        let groups = (0..<18).map { $0 == 17 ? "85+" : "\($0 * 5)-\($0 * 5 + 4)" }
        let root: JSON = .object([
            ("generator", .object([
                ("households", .int(options.households)), ("months", .int(options.months)),
                ("seed", .string(String(options.seed))), ("start", .string(options.monthLabel(0))),
                ("errors", .number(options.errorRate)), ("duplicates", .number(options.duplicateRate)),
                ("encodings", .string(options.encodings.rawValue)),
            ] + (provinces ? [("provinces", .array(options.provinceCodes.map { .string($0) }))] : []))),
            ("register_date", .string(options.registerDate.iso)),
            ("months", .array(months.map { .string($0) })),
            ("note", .string("Figures describe the clean population; injected lines (truth.csv) are not counted. resident = residence status 1 or 2; households = households with a resident; month_end = end of the month's last day.")),
            ("totals", .object([
                ("communes", .int(reference.communes.count)),
                ("households", .int(options.households)),
                ("people", .int(register.people)),
                ("mean_household_size", .number(Double(register.people) / Double(max(1, options.households)))),
                ("files", .object([("a0", .int(a0.count)), ("changes", .int(changes.count))])),
                ("lines", .object([("a0", .int(a0.reduce(0) { $0 + $1.lines })),
                                   ("changes", .int(changes.reduce(0) { $0 + $1.lines }))])),
                ("injected_lines", .int(truth.filter { $0.rule != "DUP" }.count)),
                ("duplicate_lines", .int(truth.filter { $0.rule == "DUP" }.count)),
            ])),
            ("encodings", .object(OutputEncoding.allCases.map { e in (e.rawValue, .int(manifest.filter { $0.encoding == e }.count)) })),
            ("slips_per_month", .object(slips)),
            ("injected_by_rule", .object((Injector.registerRules + Injector.changeRules).reduce(into: [String]()) {
                if !$0.contains($1) { $0.append($1) } }.sorted().map { ($0, .int(injected[$0] ?? 0)) })),
            ("age_pyramid_register", .object([("groups", .array(groups.map { .string($0) })),
                                              ("male", .array(register.pyramid[0].map { .int($0) })),
                                              ("female", .array(register.pyramid[1].map { .int($0) }))])),
            ("month_end", .object(monthEnd)),
            ("people_per_commune", .object(byCommune)),
        ])
        return root.text() + "\n"
    }
}
