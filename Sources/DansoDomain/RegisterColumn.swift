/// The columns of a household register file (Sổ A0), feeds.md §2.
public enum RegisterColumn: String, CaseIterable, Sendable, Codable {
    case asOf = "ngay_chot"
    case provinceCode = "ma_tinh"
    case districtCode = "ma_huyen"
    case communeCode = "ma_xa"
    case area = "dia_ban"
    case collaborator = "ma_ctv"
    case householdCode = "ma_ho"
    case address = "dia_chi"
    case memberNo = "stt"
    case personalNumber = "so_dinh_danh"
    case healthCard = "so_the_bhyt"
    case fullName = "ho_ten"
    case relationship = "quan_he_chu_ho"
    case sex = "gioi_tinh"
    case birthDate = "ngay_sinh"
    case ethnicity = "dan_toc"
    case education = "trinh_do_hoc_van"
    case maritalStatus = "tinh_trang_hon_nhan"
    case residence = "tinh_trang_cu_tru"
    case method = "bptt"
    case updatedOn = "ngay_cap_nhat"

    /// The machine name, as reports name columns.
    public var machineName: String { rawValue }

    public var labelVI: String {
        switch self {
        case .asOf: "Ngày chốt sổ"
        case .provinceCode: "Mã tỉnh"
        case .districtCode: "Mã huyện"
        case .communeCode: "Mã xã"
        case .area: "Địa bàn"
        case .collaborator: "Mã CTV"
        case .householdCode: "Mã hộ"
        case .address: "Địa chỉ"
        case .memberNo: "STT thành viên"
        case .personalNumber: "Số định danh cá nhân"
        case .healthCard: "Số thẻ BHYT"
        case .fullName: "Họ và tên"
        case .relationship: "Quan hệ với chủ hộ"
        case .sex: "Giới tính"
        case .birthDate: "Ngày sinh"
        case .ethnicity: "Dân tộc"
        case .education: "Trình độ học vấn"
        case .maritalStatus: "Tình trạng hôn nhân"
        case .residence: "Tình trạng cư trú"
        case .method: "Biện pháp tránh thai"
        case .updatedOn: "Ngày cập nhật"
        }
    }

    /// Required on every line (marital status is required from age 15 only, checked apart).
    public var isRequired: Bool {
        switch self {
        case .asOf, .communeCode, .area, .householdCode, .memberNo, .fullName, .relationship, .sex,
             .birthDate, .ethnicity, .residence:
            true
        default:
            false
        }
    }

    /// Must be present in the header (F02); marital status must be, since adults need it.
    public var isRequiredInHeader: Bool { isRequired || self == .maritalStatus }
}

/// Maps header cells to known columns, ignoring case, diacritics and separators.
public struct HeaderMap<Column: RawRepresentable & CaseIterable & Hashable>: Sendable
where Column.RawValue == String, Column: Sendable {
    /// Column → position in the record.
    public private(set) var positions: [Column: Int] = [:]
    /// Header cells no column matched (F05), with their positions.
    public private(set) var unknown: [(position: Int, name: String)] = []
    /// Columns given twice; the first wins.
    public private(set) var repeated: [(position: Int, name: String)] = []

    public init(header: [String], label: (Column) -> String) {
        var byKey: [String: Column] = [:]
        for column in Column.allCases {
            byKey[VietnameseText.matchKey(column.rawValue)] = column
            byKey[VietnameseText.matchKey(label(column))] = column
        }
        for (position, cell) in header.enumerated() {
            let key = VietnameseText.matchKey(cell)
            if key.isEmpty { continue }
            guard let column = byKey[key] else {
                unknown.append((position, cell))
                continue
            }
            if positions[column] == nil { positions[column] = position } else { repeated.append((position, cell)) }
        }
        if MemoryLayout<Column>.size == 1 {
            byOrdinal = Array(repeating: -1, count: 256)
            for (column, position) in positions { byOrdinal[Self.ordinal(column)!] = position }
        }
    }

    /// Position by the column's case ordinal: cells are looked up ~30 times a line, and
    /// hashing an enum each time showed in profiles.
    @usableFromInline var byOrdinal: [Int] = []

    /// Inlinable so that checkers in other modules look positions up without going through
    /// generic witness tables.
    @inlinable
    public subscript(_ column: Column) -> Int? {
        if let ordinal = Self.ordinal(column), ordinal < byOrdinal.count {
            let p = byOrdinal[ordinal]
            return p < 0 ? nil : p
        }
        return positions[column]
    }

    /// The declaration index of a payload-free enum case (stored as one byte), else nil.
    @inlinable @inline(__always) static func ordinal(_ column: Column) -> Int? {
        guard MemoryLayout<Column>.size == 1 else { return nil }
        return Int(unsafeBitCast(column, to: UInt8.self))
    }
}
