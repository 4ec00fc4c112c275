/// Code list E: what a change slip reports.
public enum EventType: String, CaseIterable, Sendable, Codable {
    case birth = "SINH"
    case death = "CHET"
    case moveOut = "DI"
    case moveIn = "DEN"
    case marriage = "KET_HON"
    case divorce = "LY_HON"
    case methodChange = "BPTT"
    case pregnancy = "MANG_THAI"
    case prenatalScreening = "SLTS"
    case newbornScreening = "SLSS"
    case correction = "SUA"
    case withdrawal = "HUY"

    public var labelVI: String {
        switch self {
        case .birth: "Sinh"
        case .death: "Chết"
        case .moveOut: "Chuyển đi"
        case .moveIn: "Chuyển đến"
        case .marriage: "Kết hôn"
        case .divorce: "Ly hôn"
        case .methodChange: "Thay đổi BPTT"
        case .pregnancy: "Mang thai"
        case .prenatalScreening: "Sàng lọc trước sinh"
        case .newbornScreening: "Sàng lọc sơ sinh"
        case .correction: "Sửa phiếu"
        case .withdrawal: "Hủy phiếu"
        }
    }

    /// Events that bring a new person into a household (a new member number).
    public var bringsNewMember: Bool { self == .birth || self == .moveIn }
    /// Slips that act on another slip rather than on a person.
    public var isSlipAction: Bool { self == .correction || self == .withdrawal }

    /// The code or the label, diacritics and case optional (`KET_HON`, `Kết hôn`, `ket hon`).
    public static func parse(_ cell: String) -> EventType? {
        let key = VietnameseText.matchKey(cell)
        return allCases.first { VietnameseText.matchKey($0.rawValue) == key || VietnameseText.matchKey($0.labelVI) == key }
    }
}

/// How a slip reached the commune (`nguon`): the programme's target is mobile updates.
public enum UpdateChannel: String, CaseIterable, Sendable, Codable {
    case paper = "GIAY"
    case web = "WEB"
    case mobile = "DI_DONG"

    public var labelVI: String {
        switch self {
        case .paper: "Giấy"
        case .web: "Web"
        case .mobile: "Di động"
        }
    }

    public static func parse(_ cell: String) -> UpdateChannel? {
        let key = VietnameseText.matchKey(cell)
        return allCases.first { VietnameseText.matchKey($0.rawValue) == key || VietnameseText.matchKey($0.labelVI) == key }
    }
}

/// An origin or destination (`noi_den_di`): a commune, a province, or abroad.
public enum PlaceCode: Hashable, Sendable, CustomStringConvertible {
    case commune(String)
    case province(String)
    case abroad

    /// The form of the code only; whether it exists on a date is checked against the lists (E11).
    public init?(_ cell: String) {
        let t = cell.trimmingSpaces.uppercased()
        if t == "NN" { self = .abroad; return }
        guard t.allSatisfy(\.isASCIIDigit) else { return nil }
        switch t.count {
        case 5: self = .commune(t)
        case 2: self = .province(t)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .commune(let c), .province(let c): c
        case .abroad: "NN"
        }
    }
}
