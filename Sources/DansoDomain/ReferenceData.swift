/// An administrative unit (province, district or commune) with the days it existed.
///
/// Codes are reused across the 1 July 2025 reform (80 was Long An and is now Tây Ninh;
/// commune 00004 names two different wards), so a unit is a code *and* a validity.
public struct AdminUnit: Hashable, Sendable {
    public enum Level: String, Sendable, CaseIterable, Codable { case province, district, commune }

    public let level: Level
    public let code: String
    public let name: String
    public let provinceCode: String
    /// Nil for the two-level units from 1 July 2025 (communes report straight to the province).
    public let districtCode: String?
    /// First valid day; nil when valid since before any data.
    public let validFrom: CivilDate?
    /// Last valid day (inclusive); nil when still valid.
    public let validTo: CivilDate?

    public init(level: Level, code: String, name: String, provinceCode: String, districtCode: String?,
                validFrom: CivilDate?, validTo: CivilDate?) {
        self.level = level
        self.code = code
        self.name = name
        self.provinceCode = provinceCode
        self.districtCode = districtCode
        self.validFrom = validFrom
        self.validTo = validTo
    }

    public func isValid(on day: CivilDate) -> Bool {
        (validFrom.map { $0 <= day } ?? true) && (validTo.map { day <= $0 } ?? true)
    }
}

/// The official lists that lines are checked against: units and ethnic groups.
public struct ReferenceData: Sendable {
    /// The last day of the three-level hierarchy (districts existed until then).
    public static let lastLegacyDay = CivilDate(year: 2025, month: 6, day: 30)!

    private var communesByCode: [String: [AdminUnit]] = [:]
    /// The communes of each five-digit code, by the code's value (empty when none): every
    /// line looks its commune up, and indexing spares hashing the code.
    private var communesByNumber: [[AdminUnit]] = []
    private var provincesByCode: [String: [AdminUnit]] = [:]
    private var districtsByCode: [String: [AdminUnit]] = [:]
    private var ethnicByKey: [String: String] = [:]
    public private(set) var ethnicGroups: [(code: String, name: String)] = []
    private var ethnicCodes: Set<String> = []
    /// The code a number 1–99 means when the list has it (index 0 unused): a cell is a number
    /// on most lines, and this spares formatting and hashing the code each time.
    private var ethnicCodeByNumber: [String?] = []

    public init(units: [AdminUnit], ethnicGroups: [(code: String, name: String)]) {
        for unit in units {
            switch unit.level {
            case .commune: communesByCode[unit.code, default: []].append(unit)
            case .district: districtsByCode[unit.code, default: []].append(unit)
            case .province: provincesByCode[unit.code, default: []].append(unit)
            }
        }
        communesByNumber = Array(repeating: [], count: 100_000)
        for (code, units) in communesByCode {
            if let n = Self.fiveDigitNumber(code) { communesByNumber[n] = units }
        }
        self.ethnicGroups = ethnicGroups
        self.ethnicCodes = Set(ethnicGroups.map(\.code))
        for group in ethnicGroups {
            ethnicByKey[VietnameseText.matchKey(group.name)] = group.code
        }
        ethnicCodeByNumber = (0...99).map { n in
            let code = n < 10 ? "0\(n)" : "\(n)"
            return n >= 1 && ethnicCodes.contains(code) ? code : nil
        }
    }

    /// The commune with this code that existed on `day`, if any (rule R06).
    public func commune(_ code: String, on day: CivilDate) -> AdminUnit? {
        communesByCode[code]?.first { $0.isValid(on: day) }
    }

    /// Whether a province with this code existed on `day` (origins and destinations, E11).
    public func provinceExists(_ code: String, on day: CivilDate) -> Bool {
        provincesByCode[code]?.contains { $0.isValid(on: day) } ?? false
    }

    /// Whether a commune code ever existed, to tell "unknown" from "not valid then".
    public func communeExisted(_ code: String) -> Bool { communesByCode[code] != nil }

    /// `communeExisted(code)` and `commune(code, on: day)` (nil when `day` is) in one look-up:
    /// every register line asks both.
    public func communeLookup(_ code: String, on day: CivilDate?) -> (existed: Bool, unit: AdminUnit?) {
        let units: [AdminUnit]
        if let n = Self.fiveDigitNumber(code) {
            units = communesByNumber[n]
            if units.isEmpty { return (false, nil) }
        } else {
            guard let found = communesByCode[code] else { return (false, nil) }
            units = found
        }
        guard let day else { return (true, nil) }
        return (true, units.first { $0.isValid(on: day) })
    }

    /// The value of a code of exactly five ASCII digits, else nil.
    static func fiveDigitNumber(_ code: String) -> Int? {
        code.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            guard bytes.count == 5 else { return nil }
            var n = 0
            for byte in bytes {
                guard byte &- 48 < 10 else { return nil }
                n = n * 10 + Int(byte &- 48)
            }
            return n
        } ?? nil
    }

    /// The 2-digit GSO code an ethnicity cell means (`01`, `1`, `Kinh`, `kinh`), or nil (R02).
    public func ethnicGroupCode(_ cell: String) -> String? {
        let text = cell.trimmingSpaces
        if let n = Int(cell: text), (1...99).contains(n) { return ethnicCodeByNumber[n] }
        return ethnicByKey[VietnameseText.matchKey(text)]
    }
}
