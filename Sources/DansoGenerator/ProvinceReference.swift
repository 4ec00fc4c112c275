import DansoFeeds

/// A commune of the former Tây Ninh province, as the reference list names it.
public struct CommuneInfo: Sendable {
    public let code: String
    public let name: String
    public let districtCode: String
    public let districtName: String
    /// `Xã`, `Phường` or `Thị trấn`: urban units get streets and quarters, rural ones hamlets.
    public let type: String
    public var isUrban: Bool { type != "Xã" }
}

/// The reference lists the generator needs: the communes of province 72 and the ethnic
/// groups' names (codes in files may be written as labels).
public struct ProvinceReference: Sendable {
    public static let provinceCode = "72"
    public let communes: [CommuneInfo]
    /// Ethnic group names by their numeric code (index 0 unused).
    public let ethnicNames: [String]

    /// Reads `admin_units_legacy.csv` and `ethnic_groups.csv` with danso's own reader.
    public static func load(directory: String, only: [String]? = nil) throws(GeneratorError) -> ProvinceReference {
        var communes: [CommuneInfo] = []
        try read("\(directory)/admin_units_legacy.csv") { row in
            guard row["province_code"] == provinceCode, let code = row["commune_code"] else { return }
            communes.append(CommuneInfo(code: code, name: row["commune_name"] ?? code,
                                        districtCode: row["district_code"] ?? "", districtName: row["district_name"] ?? "",
                                        type: row["commune_type"] ?? "Xã"))
        }
        communes.sort { $0.code < $1.code }
        if let only {
            let wanted = Set(only)
            communes = communes.filter { wanted.contains($0.code) }
            if communes.count != wanted.count {
                throw .reference("mã xã không thuộc tỉnh 72 / commune codes not in province 72: \(only.sorted().joined(separator: ","))")
            }
        }
        guard !communes.isEmpty else { throw .reference("không có xã nào của tỉnh 72 / no commune of province 72 in \(directory)") }
        var ethnic = [String](repeating: "", count: 100)
        try read("\(directory)/ethnic_groups.csv") { row in
            if let code = row["code"].flatMap({ Int($0) }), (1...99).contains(code) { ethnic[code] = row["name"] ?? "" }
        }
        for code in [1, 2, 3, 4, 5, 6, 7, 14, 22, 31] where ethnic[code].isEmpty {
            throw .reference("thiếu dân tộc mã \(code) / ethnic group \(code) missing in ethnic_groups.csv")
        }
        return ProvinceReference(communes: communes, ethnicNames: ethnic)
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
