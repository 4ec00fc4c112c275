/// The columns of a monthly change file (P0), feeds.md §3.
public enum ChangeColumn: String, CaseIterable, Sendable, Codable {
    case reportMonth = "ky_bao_cao"
    case communeCode = "ma_xa"
    case area = "dia_ban"
    case collaborator = "ma_ctv"
    case channel = "nguon"
    case slipCode = "ma_phieu"
    case eventType = "loai_bien_dong"
    case eventDate = "ngay_su_kien"
    case householdCode = "ma_ho"
    case memberNo = "stt"
    case personalNumber = "so_dinh_danh"
    case fullName = "ho_ten"
    case sex = "gioi_tinh"
    case birthDate = "ngay_sinh"
    case ethnicity = "dan_toc"
    case relationship = "quan_he_chu_ho"
    case maritalStatus = "tinh_trang_hon_nhan"
    case residence = "tinh_trang_cu_tru"
    case education = "trinh_do_hoc_van"
    case motherMemberNo = "me_stt"
    case motherPersonalNumber = "me_so_dinh_danh"
    case birthOrder = "thu_tu_con"
    case birthPlace = "noi_sinh"
    case place = "noi_den_di"
    case method = "bptt"
    case spouseName = "vo_chong_ho_ten"
    case spouseBirthDate = "vo_chong_ngay_sinh"
    case spousePersonalNumber = "vo_chong_so_dinh_danh"
    case originalSlip = "ma_phieu_goc"
    case note = "ghi_chu"

    public var machineName: String { rawValue }

    public var labelVI: String {
        switch self {
        case .reportMonth: "Kỳ báo cáo"
        case .communeCode: "Mã xã"
        case .area: "Địa bàn"
        case .collaborator: "Mã CTV"
        case .channel: "Nguồn cập nhật"
        case .slipCode: "Mã phiếu"
        case .eventType: "Loại biến động"
        case .eventDate: "Ngày xảy ra"
        case .householdCode: "Mã hộ"
        case .memberNo: "STT thành viên"
        case .personalNumber: "Số định danh cá nhân"
        case .fullName: "Họ và tên"
        case .sex: "Giới tính"
        case .birthDate: "Ngày sinh"
        case .ethnicity: "Dân tộc"
        case .relationship: "Quan hệ với chủ hộ"
        case .maritalStatus: "Tình trạng hôn nhân"
        case .residence: "Tình trạng cư trú"
        case .education: "Trình độ học vấn"
        case .motherMemberNo: "STT của mẹ"
        case .motherPersonalNumber: "Số định danh của mẹ"
        case .birthOrder: "Con thứ"
        case .birthPlace: "Nơi sinh"
        case .place: "Nơi đến/đi"
        case .method: "BPTT mới"
        case .spouseName: "Họ tên vợ/chồng"
        case .spouseBirthDate: "Ngày sinh vợ/chồng"
        case .spousePersonalNumber: "Số định danh vợ/chồng"
        case .originalSlip: "Mã phiếu gốc"
        case .note: "Ghi chú"
        }
    }

    /// Required on every line, whatever the event (F02 when absent from the header).
    public var isAlwaysRequired: Bool {
        [.reportMonth, .communeCode, .slipCode, .eventType, .eventDate, .householdCode, .memberNo].contains(self)
    }

    /// The columns an event type requires besides those every line needs (feeds.md §3).
    public static func required(for event: EventType) -> [ChangeColumn] {
        switch event {
        case .birth: [.fullName, .sex, .birthDate, .ethnicity, .relationship, .birthOrder, .birthPlace]
        case .moveIn: [.fullName, .sex, .birthDate, .ethnicity, .relationship, .maritalStatus, .residence, .place]
        case .moveOut: [.place]
        case .methodChange: [.method]
        case .marriage: [.spouseName, .spouseBirthDate]
        case .correction, .withdrawal: [.originalSlip]
        case .death, .divorce, .pregnancy, .prenatalScreening, .newbornScreening: []
        }
    }
}
