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
    private var provincesByCode: [String: [AdminUnit]] = [:]
    private var districtsByCode: [String: [AdminUnit]] = [:]
    private var ethnicByKey: [String: String] = [:]
    public private(set) var ethnicGroups: [(code: String, name: String)] = []
    private var ethnicCodes: Set<String> = []

    public init(units: [AdminUnit], ethnicGroups: [(code: String, name: String)]) {
        for unit in units {
            switch unit.level {
            case .commune: communesByCode[unit.code, default: []].append(unit)
            case .district: districtsByCode[unit.code, default: []].append(unit)
            case .province: provincesByCode[unit.code, default: []].append(unit)
            }
        }
        self.ethnicGroups = ethnicGroups
        self.ethnicCodes = Set(ethnicGroups.map(\.code))
        for group in ethnicGroups {
            ethnicByKey[VietnameseText.matchKey(group.name)] = group.code
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

    /// The 2-digit GSO code an ethnicity cell means (`01`, `1`, `Kinh`, `kinh`), or nil (R02).
    public func ethnicGroupCode(_ cell: String) -> String? {
        let text = cell.trimmingSpaces
        if let n = Int(text), (1...99).contains(n) {
            let code = n < 10 ? "0\(n)" : "\(n)"
            return ethnicCodes.contains(code) ? code : nil
        }
        return ethnicByKey[VietnameseText.matchKey(text)]
    }
}
