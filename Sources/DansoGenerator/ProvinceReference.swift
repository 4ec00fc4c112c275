import DansoFeeds

/// A commune of a former (before 1 July 2025) province, as the reference list names it.
public struct CommuneInfo: Sendable {
    public let code: String
    public let name: String
    /// The 2-digit legacy province code (`72` for the former Tây Ninh).
    public let provinceCode: String
    public let districtCode: String
    public let districtName: String
    /// `Xã`, `Phường` or `Thị trấn`: urban units get streets and quarters, rural ones hamlets.
    public let type: String
    public var isUrban: Bool { type != "Xã" }
    /// `provinceCode` as a number (the `pp` of personal numbers `0pp…`).
    var provinceNumber: Int { Int(provinceCode) ?? 0 }

    public init(code: String, name: String, provinceCode: String, districtCode: String, districtName: String, type: String) {
        self.code = code
        self.name = name
        self.provinceCode = provinceCode
        self.districtCode = districtCode
        self.districtName = districtName
        self.type = type
    }
}

/// The reference lists the generator needs: the communes of the chosen legacy provinces
/// (province 72, the former Tây Ninh, unless told otherwise) and the ethnic groups' names
/// (codes in files may be written as labels).
public struct ProvinceReference: Sendable {
    /// The province generated when none is named: the former Tây Ninh.
    public static let defaultProvinces = ["72"]
    public let communes: [CommuneInfo]
    /// Ethnic group names by their numeric code (index 0 unused).
    public let ethnicNames: [String]

    /// Reads `admin_units_legacy.csv` and `ethnic_groups.csv` with danso's own reader: every
    /// commune of `provinces` (2-digit legacy codes), sorted by commune code, or only the
    /// communes `only` names (each must belong to one of `provinces`).
    public static func load(directory: String, provinces: [String] = defaultProvinces,
                            only: [String]? = nil) throws(GeneratorError) -> ProvinceReference {
        let wantedProvinces = Set(provinces)
        guard !wantedProvinces.isEmpty else {
            throw .invalidOption("--provinces: chưa chọn tỉnh nào / no province chosen")
        }
        var communes: [CommuneInfo] = []
        var seen = Set<String>()
        try read("\(directory)/admin_units_legacy.csv") { row in
            guard let province = row["province_code"], wantedProvinces.contains(province) else { return }
            seen.insert(province)
            // Island districts without communes (Hoàng Sa, Côn Đảo, Bạch Long Vĩ…) have a
            // line with no commune code: nobody to generate there.
            guard let code = row["commune_code"], !code.isEmpty else { return }
            communes.append(CommuneInfo(code: code, name: row["commune_name"] ?? code, provinceCode: province,
                                        districtCode: row["district_code"] ?? "", districtName: row["district_name"] ?? "",
                                        type: row["commune_type"] ?? "Xã"))
        }
        let named = describe(provinces)
        let unknown = provinces.filter { !seen.contains($0) }
        if !unknown.isEmpty {
            var listed: [String] = []
            for code in unknown where !listed.contains(code) { listed.append(code) }
            let text = listed.joined(separator: ",")
            throw .invalidOption("--provinces: không có tỉnh cũ mã \(text) trong danh mục xã cũ (mã 2 chữ số trước 01/07/2025) / no former province \(text) in \(directory)/admin_units_legacy.csv (2-digit codes before 1 July 2025)")
        }
        communes.sort { $0.code < $1.code }
        if let only {
            let wanted = Set(only)
            communes = communes.filter { wanted.contains($0.code) }
            if communes.count != wanted.count {
                let missing = wanted.subtracting(communes.map(\.code)).sorted().joined(separator: ",")
                throw .reference("mã xã không thuộc \(named.vi) / commune codes not in \(named.en): \(missing)")
            }
        }
        guard !communes.isEmpty else { throw .reference("không có xã nào của \(named.vi) / no commune of \(named.en) in \(directory)") }
        var ethnic = [String](repeating: "", count: 100)
        try read("\(directory)/ethnic_groups.csv") { row in
            if let code = row["code"].flatMap({ Int($0) }), (1...99).contains(code) { ethnic[code] = row["name"] ?? "" }
        }
        for code in [1, 2, 3, 4, 5, 6, 7, 14, 22, 31] where ethnic[code].isEmpty {
            throw .reference("thiếu dân tộc mã \(code) / ethnic group \(code) missing in ethnic_groups.csv")
        }
        return ProvinceReference(communes: communes, ethnicNames: ethnic)
    }

    /// "tỉnh 72" / "province 72", or "các tỉnh 72,74" / "provinces 72,74".
    private static func describe(_ provinces: [String]) -> (vi: String, en: String) {
        let text = provinces.joined(separator: ",")
        return provinces.count == 1 ? ("tỉnh \(text)", "province \(text)") : ("các tỉnh \(text)", "provinces \(text)")
    }

    private static func read(_ path: String, _ row: ([String: String]) -> Void) throws(GeneratorError) {
        do {
            let print = try FeedReader.fingerprint(path: path)
            var header: [String] = []
            try FeedReader.read(print) { event in
                switch event {
                case .header(let h, _): header = h.fields
                case .record(let r):
                    var map: [String: String] = [:]
                    for (i, name) in header.enumerated() where i < r.fields.count { map[name] = r.fields[i] }
                    row(map)
                case .malformed: break
                }
            }
        } catch {
            throw .reference("không đọc được / cannot read \(path): \(error)")
        }
    }
}
