/// The name lists of `NameBook`: common Vietnamese names as used in the south (Tây Ninh),
/// from general knowledge of Vietnamese naming, not from a register; weights are approximate.
///
/// Family and middle names carry weights (about percent of the group). Given-name lists are
/// ranked, most frequent first, and drawn with Zipf-like weights (`NameBook.ranked`): a few
/// very common names and a long tail. Every text is NFC.
extension NameBook {
    // MARK: family names

    /// Kinh family names: the southern skew (Huỳnh and Võ where the north has Hoàng and Vũ)
    /// and a tail of rarer names.
    static let kinhFamily: [(String, Double)] = [
        ("Nguyễn", 33), ("Trần", 11), ("Lê", 9), ("Phạm", 5.5), ("Huỳnh", 5), ("Võ", 5), ("Phan", 4), ("Trương", 2),
        ("Đặng", 1.8), ("Hồ", 1.8), ("Bùi", 1.5), ("Đỗ", 1.5), ("Ngô", 1.5), ("Dương", 1.5), ("Lý", 0.8), ("Đoàn", 0.8),
        ("Lâm", 0.8), ("Mai", 0.6), ("Tô", 0.6), ("Cao", 0.6), ("Châu", 0.6), ("Hoàng", 0.6), ("Lương", 0.5),
        ("Đinh", 0.5), ("Trịnh", 0.5), ("Đào", 0.5), ("Thái", 0.4), ("La", 0.3), ("Vũ", 0.3), ("Hà", 0.3), ("Lưu", 0.3),
        ("Quách", 0.25), ("Tăng", 0.25), ("Tạ", 0.2), ("Phùng", 0.2), ("Hứa", 0.2), ("Kiều", 0.15), ("Vương", 0.15),
        ("Triệu", 0.15), ("Từ", 0.15), ("Văn", 0.15), ("Chu", 0.15), ("Diệp", 0.15), ("Tống", 0.15), ("Thân", 0.1),
        ("Âu", 0.1), ("Giang", 0.1), ("Ông", 0.1), ("Thạch", 0.1), ("Kim", 0.1), ("Lữ", 0.1), ("Tôn", 0.1), ("Đàm", 0.1),
        ("Đồng", 0.1), ("Chung", 0.1), ("Mã", 0.1), ("Nghiêm", 0.08), ("Mạc", 0.08), ("Bạch", 0.08), ("Khúc", 0.05),
        ("Khổng", 0.05), ("Lạc", 0.05), ("Lục", 0.05), ("Lư", 0.05), ("Mạch", 0.05), ("Tiêu", 0.05), ("Thiều", 0.05),
        ("Doãn", 0.05), ("Cù", 0.05), ("Phó", 0.05), ("Ninh", 0.05), ("Hầu", 0.05), ("Lã", 0.05), ("Lai", 0.05),
        ("Quan", 0.05), ("Kha", 0.05), ("Ôn", 0.05), ("Khương", 0.05), ("Bành", 0.05), ("Đường", 0.05), ("Quản", 0.05),
        ("Khưu", 0.05), ("Trình", 0.04), ("Viên", 0.03), ("Mẫn", 0.03), ("Ưng", 0.03), ("Phí", 0.03), ("Giáp", 0.03),
        ("Tất", 0.03), ("Uông", 0.03),
    ]
    static let khmerFamily: [(String, Double)] = [
        ("Thạch", 4), ("Sơn", 3), ("Danh", 2), ("Kim", 2), ("Chau", 2), ("Lâm", 1), ("Lý", 1), ("Huỳnh", 0.5),
        ("Trần", 0.5), ("Dương", 0.5), ("Châu", 0.5), ("Tăng", 0.3), ("Ngô", 0.3), ("Lưu", 0.3), ("Mai", 0.3), ("La", 0.3),
        ("Tô", 0.3), ("Kha", 0.3),
    ]
    static let hoaFamily: [(String, Double)] = [
        ("Lâm", 3), ("Quách", 2), ("Lý", 2), ("Trương", 2), ("Lưu", 2), ("Trần", 1.5), ("Hoàng", 1), ("Mã", 1), ("Hứa", 1),
        ("Tăng", 1), ("Diệp", 1), ("Châu", 1), ("Dương", 0.8), ("Huỳnh", 0.8), ("Thái", 0.6), ("La", 0.6), ("Ngô", 0.6),
        ("Tạ", 0.5), ("Lương", 0.5), ("Quan", 0.5), ("Ôn", 0.4), ("Tô", 0.4), ("Vương", 0.4), ("Phùng", 0.3), ("Lục", 0.3),
        ("Lư", 0.3), ("Tiêu", 0.3), ("Giang", 0.3), ("Hà", 0.3), ("Khưu", 0.3), ("Trịnh", 0.2), ("Mạch", 0.2),
    ]
    static let chamFamily: [(String, Double)] = [
        ("Mã", 2), ("Sa", 1), ("Hà", 1), ("Ly", 1), ("Từ", 1), ("Ka", 0.5), ("Châu", 0.5), ("Ma", 0.5), ("Đàng", 0.3),
        ("Bá", 0.3),
    ]
    /// Family names of the other minorities, by ethnic code (Kinh names for the rest).
    static let otherFamily: [Int: [(String, Double)]] = [
        2: [("Hoàng", 3), ("Nông", 3), ("Lục", 1), ("Hà", 2), ("Lương", 1), ("Vi", 1)],
        7: [("Nông", 3), ("Hoàng", 2), ("Lý", 2), ("Lục", 1), ("Triệu", 1)],
        4: [("Bùi", 4), ("Đinh", 3), ("Quách", 2), ("Hà", 1), ("Xa", 1)],
        3: [("Lò", 3), ("Cầm", 2), ("Lường", 2), ("Vi", 1), ("Tòng", 1)],
        22: [("Điểu", 5), ("Thị", 1), ("Lâm", 1)],
        31: [("Đào", 2), ("Điểu", 2), ("Lâm", 1)],
    ]

    // MARK: Kinh middle names

    /// Men born before 1992: mostly Văn.
    static let kinhMaleMidOld: [(String, Double)] = [
        ("Văn", 30), ("Minh", 3), ("Hữu", 3), ("Thanh", 3), ("Công", 1.5), ("Quốc", 1.5), ("Ngọc", 1.5), ("Tấn", 1.5),
        ("Hoàng", 1.2), ("Đức", 1.2), ("Quang", 1), ("Xuân", 0.8), ("Thành", 0.8), ("Trọng", 0.6), ("Đình", 0.5),
        ("Thế", 0.5), ("Chí", 0.6), ("Anh", 0.5), ("Phước", 0.6), ("Tuấn", 0.4), ("Hồng", 0.5), ("Kim", 0.4),
        ("Trung", 0.4), ("Thái", 0.3), ("Duy", 0.3), ("Bá", 0.3), ("Hoài", 0.3), ("Nhật", 0.3), ("Phú", 0.3),
        ("Vĩnh", 0.3), ("Tiến", 0.3), ("Mạnh", 0.2), ("Đăng", 0.2), ("Hải", 0.3), ("Trường", 0.2), ("Phi", 0.2),
        ("Như", 0.2), ("Thiện", 0.2), ("Bảo", 0.2), ("Việt", 0.2),
    ]
    /// Men born 1992 or later: Văn still common, many others.
    static let kinhMaleMidYoung: [(String, Double)] = [
        ("Văn", 8), ("Minh", 3), ("Hoàng", 2.5), ("Gia", 2), ("Quốc", 2), ("Nhật", 1.5), ("Thành", 1.2), ("Anh", 1.2),
        ("Đức", 1), ("Bảo", 1), ("Tấn", 1), ("Thanh", 1), ("Đăng", 1), ("Hữu", 1), ("Trung", 0.8), ("Thiên", 0.8),
        ("Tuấn", 0.8), ("Trọng", 0.8), ("Duy", 0.8), ("Công", 0.8), ("Phúc", 0.6), ("Khánh", 0.6), ("Hải", 0.6),
        ("Phước", 0.6), ("Chí", 0.6), ("Quang", 0.6), ("Tiến", 0.5), ("Thế", 0.5), ("Xuân", 0.4), ("Đình", 0.4),
        ("Mạnh", 0.4), ("Huy", 0.4), ("Hoài", 0.4), ("Trường", 0.4), ("Ngọc", 0.4), ("Phú", 0.4), ("Vĩnh", 0.3),
        ("Thái", 0.3), ("Nguyên", 0.3), ("An", 0.3), ("Việt", 0.3), ("Trí", 0.3), ("Nhựt", 0.3), ("Đại", 0.2),
        ("Tường", 0.2), ("Khải", 0.2), ("Phi", 0.2), ("Kim", 0.2), ("Hồng", 0.2), ("Thiện", 0.2),
    ]
    /// A young man's middle name may be doubled with one of these ("Gia Minh", "Hoàng Nhật").
    static let secondMiddle: [(String, Double)] = [
        ("Gia", 3), ("Minh", 3), ("Bảo", 2), ("Anh", 2), ("Hoàng", 2), ("Đăng", 1.5), ("Thiên", 1.5), ("Nhật", 1.5),
        ("Quốc", 1), ("Phúc", 1), ("Khánh", 1), ("Trọng", 0.5), ("Tuấn", 0.5), ("Duy", 0.5),
    ]
    /// Women born before 1992: mostly Thị.
    static let kinhFemaleMidOld: [(String, Double)] = [
        ("Thị", 30), ("Ngọc", 2), ("Kim", 1.5), ("Thanh", 1.5), ("Hồng", 1), ("Thu", 0.8), ("Mỹ", 0.8), ("Bích", 0.6),
        ("Xuân", 0.5), ("Thúy", 0.5), ("Thùy", 0.3), ("Minh", 0.3), ("Kiều", 0.3), ("Tuyết", 0.3), ("Ánh", 0.3),
        ("Cẩm", 0.3), ("Phương", 0.3), ("Diệu", 0.2), ("Hoàng", 0.2), ("Lệ", 0.2), ("Mai", 0.2), ("Huỳnh", 0.2),
        ("Như", 0.2), ("Tố", 0.2), ("Bảo", 0.1), ("Hoài", 0.1), ("Quỳnh", 0.1), ("Diễm", 0.1), ("Yến", 0.1), ("Hải", 0.1),
    ]
    /// A second middle name after Thị, for about a third of the women named Thị ("Nguyễn Thị
    /// Kim Anh", "Trần Thị Ngọc Hân").
    static let afterThi: [(String, Double)] = [
        ("Ngọc", 5), ("Kim", 4), ("Thanh", 3), ("Thu", 3), ("Mỹ", 2.5), ("Bích", 2), ("Hồng", 2), ("Thúy", 1.5),
        ("Kiều", 1.2), ("Tuyết", 1.2), ("Ánh", 1), ("Diễm", 1), ("Cẩm", 1), ("Minh", 1), ("Phương", 1), ("Thùy", 1),
        ("Như", 0.8), ("Hoài", 0.6), ("Xuân", 0.8), ("Huỳnh", 0.6), ("Mai", 0.6), ("Yến", 0.5), ("Lệ", 0.5), ("Bảo", 0.5),
        ("Quỳnh", 0.5), ("Diệu", 0.4), ("Tố", 0.4), ("Trúc", 0.4), ("Hải", 0.3), ("Hoàng", 0.4), ("Thảo", 0.4),
        ("Khánh", 0.3), ("Tường", 0.3), ("Uyên", 0.2), ("Vân", 0.3), ("Hương", 0.2),
    ]
    /// Middle names before a young woman's given name of two words ("Nguyễn Ngọc Bảo Trân").
    static let beforeTwoWords: [(String, Double)] = [
        ("Ngọc", 3), ("Hoàng", 2), ("Huỳnh", 1.5), ("Thanh", 1), ("Minh", 1), ("Kim", 1), ("Phương", 0.8), ("Thùy", 0.6),
        ("Mỹ", 0.6), ("Bảo", 0.6), ("Gia", 0.5), ("Thiên", 0.4), ("Hồng", 0.4), ("Trúc", 0.3),
    ]
    /// Women born 1992 or later: Thị for about a third, then Ngọc, Kim, Bảo….
    static let kinhFemaleMidYoung: [(String, Double)] = [
        ("Thị", 12), ("Ngọc", 3), ("Kim", 1.5), ("Bảo", 1.5), ("Thanh", 1.2), ("Mỹ", 1.2), ("Phương", 1), ("Thùy", 1),
        ("Như", 1), ("Thu", 0.8), ("Hồng", 0.8), ("Cẩm", 0.8), ("Khánh", 0.8), ("Minh", 0.8), ("Huỳnh", 0.6),
        ("Quỳnh", 0.6), ("Gia", 0.6), ("Hoàng", 0.6), ("Bích", 0.5), ("Ánh", 0.5), ("Hoài", 0.5), ("Thảo", 0.5),
        ("Tường", 0.5), ("Mai", 0.5), ("Trúc", 0.5), ("Diễm", 0.4), ("Tuyết", 0.4), ("Yến", 0.4), ("Hải", 0.4),
        ("Xuân", 0.4), ("Lan", 0.3), ("Tú", 0.3), ("Diệu", 0.3), ("Kiều", 0.3), ("Vân", 0.3), ("Thiên", 0.3), ("Nhã", 0.3),
        ("An", 0.3), ("Uyên", 0.2), ("Hà", 0.2),
    ]

    // MARK: Kinh given names, most frequent first

    static let kinhMaleOld = [
        "Hùng", "Dũng", "Hải", "Minh", "Tuấn", "Sơn", "Thành", "Hòa", "Phúc", "Tâm", "Bình", "Hưng", "Thắng", "Cường",
        "Long", "Nam", "Tài", "Lộc", "Phong", "Trung", "Hiếu", "Nghĩa", "Toàn", "Vinh", "Quang", "Hậu", "Thịnh", "Lợi",
        "Tùng", "Sang", "Đức", "Tín", "Nhân", "Phước", "Tấn", "Trí", "Kiên", "Hoàng", "Thanh", "Hiền", "Thiện", "Thuận",
        "Định", "Châu", "Chiến", "Lâm", "Lực", "Cảnh", "Danh", "Khánh", "Hào", "Huy", "Việt", "Vũ", "Duy", "Khoa",
        "Thái", "An", "Hiệp", "Tiến", "Mạnh", "Thông", "Trọng", "Trường", "Quốc", "Đạt", "Hiển", "Mến", "Út", "Ba",
        "Tư", "Sáu", "Bảy", "Tám", "Mười", "Rạng", "Thọ", "Phát", "Em", "Nhựt", "Dương", "Điền", "Kha", "Huấn", "Quý",
        "Quyết", "Tân", "Triều", "Đông", "Sỹ", "Khải", "Luân", "Sinh", "Tú", "Tường", "Vương", "Xuân", "Kiệt", "Giang",
        "Công", "Chánh", "Chương", "Điệp", "Hoan", "Liêm", "Linh", "Lưu", "Mẫn", "Nghị", "Ngọc", "Nguyên", "Nhật",
        "Phi", "Phú", "Phương", "Quân", "Thạnh", "Thống", "Thới", "Tính", "Trực", "Tuyên", "Tuyền", "Uy", "Vĩnh", "Vỹ",
        "Đực", "Lượm", "Bé", "Chín", "Hai", "Năm", "Hạnh", "Hữu", "Kỳ", "Lành", "Lập", "Luận", "Nhàn", "Tạo", "Thân",
        "Thức", "Toại", "Tuân", "Bửu", "Cư", "Đảm", "Đạo", "Hiệu", "Hội", "Kế", "Khương", "Lai", "Nhã", "Pháp", "Quới",
        "Sự", "Thiệt", "Tiền", "Vọng", "Xương", "Bằng", "Được", "Hên", "Cần", "Dự", "Khiêm", "Lạc",
    ]
    static let kinhMaleYoung = [
        "Khang", "Huy", "Phúc", "Bảo", "Khoa", "Minh", "Nam", "Khôi", "Kiệt", "Quân", "Đạt", "Duy", "Thịnh", "Tín",
        "Hào", "Phát", "Hiếu", "Nhân", "Vinh", "Tuấn", "An", "Long", "Lộc", "Trí", "Thái", "Tú", "Hưng", "Nguyên",
        "Khải", "Hải", "Thành", "Tài", "Toàn", "Lâm", "Vũ", "Khánh", "Hoàng", "Anh", "Tâm", "Hùng", "Dũng", "Trung",
        "Sơn", "Tiến", "Thắng", "Luân", "Tường", "Tùng", "Phong", "Hậu", "Quang", "Thiện", "Việt", "Đức", "Kha",
        "Khiêm", "Lợi", "Nhật", "Phú", "Sang", "Thuận", "Tân", "Tấn", "Vĩ", "Hiển", "Hiệp", "Khương", "Lực", "Mạnh",
        "Nghĩa", "Quý", "Thông", "Trọng", "Trường", "Thạnh", "Triều", "Đăng", "Điền", "Định", "Cường", "Bình", "Danh",
        "Giang", "Hiền", "Kiên", "Lân", "Linh", "Luật", "Mẫn", "Nghị", "Nhựt", "Phi", "Phước", "Quốc", "Quyền", "Sỹ",
        "Thiên", "Thọ", "Tính", "Trực", "Tuệ", "Uy", "Vương", "Vĩnh", "Bách", "Chiến", "Công", "Đông", "Dương", "Hạo",
        "Kỳ", "Lãm", "Ninh", "Quyết", "Sáng", "Vượng", "Hòa", "Thạch", "Thanh", "Viễn", "Xuân", "Ân", "Bằng", "Cảnh",
        "Châu", "Chương", "Doanh", "Đại", "Hoan", "Huân", "Khanh", "Lĩnh", "Triết", "Trình", "Tuyên", "Vỹ", "Lập",
        "Nhất", "Phương", "Sinh", "Thống", "Toản", "Tuyền", "Hy", "Lượng", "Sâm", "Khởi", "Thuần", "Tuân", "Hữu", "Em",
        "Út", "Luận", "Tạo", "Đan", "Hiệu",
    ]
    static let kinhFemaleOld = [
        "Lan", "Hương", "Hoa", "Hồng", "Mai", "Thủy", "Hạnh", "Nga", "Dung", "Loan", "Tuyết", "Phượng", "Liên", "Thu",
        "Yến", "Hà", "Nhung", "Thảo", "Hằng", "Thúy", "Ngọc", "Hiền", "Trang", "Nguyệt", "Oanh", "Bích", "Kiều", "Ánh",
        "Xuân", "Cúc", "Lệ", "Vân", "Lài", "Sen", "Đào", "Út", "Năm", "Sáu", "Bảy", "Tư", "Mười", "Hai", "Ba", "Tám",
        "Chín", "Thắm", "Gấm", "Huệ", "Phấn", "Mận", "Lựu", "Lý", "Lụa", "Nhàn", "Ngân", "Tâm", "Hòa", "Bình", "Châu",
        "Diễm", "Duyên", "Giang", "Hậu", "Huyền", "Lành", "Linh", "Mỹ", "Phương", "Quyên", "Quế", "Sương", "Thanh",
        "Thơ", "Thoa", "Tiên", "Trinh", "Tươi", "Tuyền", "Em", "Bé", "Hoài", "Hường", "Kim", "Luyến", "Mơ", "Mến",
        "Minh", "Nhi", "Như", "Nhạn", "Phụng", "Thơm", "Thục", "Tố", "Trâm", "Trúc", "Xuyến", "Điệp", "Cẩm", "Chi",
        "Diệu", "Dịu", "Đẹp", "Hảo", "Hợi", "Khanh", "Lắm", "Liễu", "Lộc", "Mùi", "Nương", "Nữ", "Phúc", "Quyến",
        "Son", "Thi", "Thương", "Thùy", "Tiền", "Trà", "Trầm", "Uyên", "Vui", "Yên", "Dậu", "Hên", "Lượm", "Nguyên",
        "Nở", "Quý", "Sang", "Tịnh", "Trọn", "Xinh", "Hết", "Hiên", "Khuyên", "Mộng", "Nết", "Nhị", "Nhỏ", "Phận",
        "Sinh", "Thêm", "Vàng", "Diệp", "Hiếu", "Mãi", "Ni", "Huê", "Giàu", "Bông", "Thuận", "Phước", "Nhiều",
        "Ngà",
    ]
    /// Includes given names of two words ("Khánh Linh"), which take no middle name or only Thị.
    static let kinhFemaleYoung = [
        "Trang", "Linh", "Vy", "Ngân", "Hân", "Nhi", "Như", "Anh", "Thư", "Tiên", "My", "Uyên", "Ngọc", "Diễm",
        "Trinh", "Quyên", "Trâm", "Thảo", "Yến", "Hà", "Vân", "Oanh", "Huyền", "Duyên", "Nhung", "Khánh Linh", "Giang",
        "Phương", "Quỳnh", "Mai", "Hương", "Tâm", "Loan", "Bảo Ngọc", "Hằng", "Thúy", "Trúc", "Ý", "Gia Hân", "Châu",
        "Hạnh", "Lan", "Hiền", "Thủy", "Kiều", "Tường Vy", "Nga", "Phương Anh", "Tuyết", "Kim Ngân", "Xuân", "Thơ",
        "Mỹ", "An", "Ngọc Hân", "Băng", "Chi", "Di", "Hồng", "Khánh", "Kim", "Lam", "Yến Nhi", "Ly", "Thanh", "Hoa",
        "Liên", "Dung", "Bảo Anh", "Nguyên", "Nhã", "Phụng", "Phượng", "Sương", "Thương", "Trà", "Tú", "Tuyền", "Vi",
        "Khánh Vy", "Thảo Vy", "Thy", "Ánh", "Bích", "Diệu", "Diệp", "Giao", "Hảo", "Hậu", "Anh Thư", "Minh Thư",
        "Bảo Trân", "Trân", "Khuê", "Nhàn", "Thi", "Lệ", "Ngọc Trâm", "Thanh Trúc", "Bảo Châu", "Quỳnh Anh", "Mỹ Duyên",
        "Hồng Nhung", "Thu Trang", "Thùy Linh", "Thùy Dương", "Khánh Ngọc", "Bảo Hân", "Gia Linh", "Cát Tường",
        "Tuyết Nhi", "Hoài An", "Thiên Kim", "Mai Anh", "Ngọc Diệp", "Như Ý", "Diễm My", "Hà My", "Trà My", "Tú Anh",
        "Thảo Nguyên", "Phương Thảo", "Lan Anh", "Vân Anh", "Bích Ngọc", "Thanh Tâm", "Minh Anh", "Hải Yến",
        "Diệu Linh", "Tuệ Nhi", "Bảo Vy", "An Nhiên", "Khả Hân", "Đào", "Hòa", "Hường", "Mơ", "Ngà", "Nghi", "Nhiên",
        "Nhị", "Thắm", "Thoa", "Thục", "Tuệ", "Xuyến", "Yên", "Cúc", "Dương", "Hạ", "Huệ", "Kim Anh", "Lài", "Nguyệt",
        "Phúc", "Quế", "Thu", "Tươi", "Thúy Vy", "Mỹ Linh", "Ngọc Ánh", "Ngọc Hà", "Kiều Oanh", "Mỹ Tiên",
        "Thanh Thảo", "Hiếu", "Mẫn", "Xuân Mai",
    ]

    // MARK: Khmer, Hoa and Chăm names, most frequent first

    /// Khmer given names as written in Vietnamese registers (women often take Thị).
    static let khmerMale = [
        "Sa Rinh", "Sóc", "Sa Rết", "Sà Phal", "Sa Ra", "Ty", "Sô Khom", "Chanh Đa", "Rươn", "Phon", "Sa Rên",
        "Sa Vong", "Thol", "Sa Mol", "Kha", "Pho Ny", "Sóc Kha", "Sa Mết", "Sa Rát", "Sa Rim", "Sa Mon", "Sa Vên", "Pho",
        "Sen", "Ly", "Phai", "Sươl", "Khanh", "Sà Ương", "Chanh Ra", "Sa Ruôn", "Sa Reng", "Sóc Thi", "Kha Ly", "Mươl",
        "Rạch", "Sà Rây", "Sóc Phal", "Thươl", "Sô Vanh", "Chanh Ty", "Sa Khon", "Rinh", "Sóc Khên", "Kim Sang", "Phách",
        "Sà Em", "Chanh Sóc", "Ra Ny", "Sa Vuôl", "Khen", "Rết", "Chanh", "Sóc Pha",
    ]
    static let khmerFemale = [
        "Sa Rương", "Sô Phia", "Sa Ly", "Chanh Thy", "Thi Đa", "Sa Phon", "Sô Khê", "Mây", "Sa Vanh", "Srey Mom",
        "Sa Ranh", "Sô Phanh", "Sóc Kha", "Sa Rươne", "Sô Phi", "Sà Ly", "Sơ Mây", "Chanh Thu", "Srây", "Thi Da",
        "Sa Ri", "Sà Rươl", "Nang", "Khum", "Sa Rênh", "Sô Kha", "Sa Mây", "Sa Khuôn", "Sóc Na", "Thi Ra", "Sô Thea",
        "Chanh Ny", "Sa Vươn", "Phol Ly", "Sa Ra Ni", "Sóc Phia", "Na Ry", "Sa Ruôl", "Sà Phia", "Srey Pov", "Ma Ly",
        "Thi Ly", "Sô Nhanh", "Sa Mu", "Kim Ny", "Sóc Thy", "Đa Ra", "Sa Phy",
    ]
    static let hoaMaleMid: [(String, Double)] = [
        ("Chí", 3), ("Kiến", 2), ("Vĩnh", 2), ("Gia", 2), ("Quốc", 2), ("Tuấn", 1.5), ("Chấn", 1), ("Vĩ", 1),
        ("Diệu", 0.8), ("Khải", 0.8), ("Thiên", 0.8), ("Hồng", 0.8), ("Tử", 0.5), ("Minh", 1.5), ("Kim", 0.8), ("Tú", 0.5),
        ("Thế", 1), ("Hán", 0.5), ("Văn", 1.5), ("Bảo", 0.8), ("Đức", 0.8), ("Huệ", 0.3),
    ]
    static let hoaMale = [
        "Cường", "Minh", "Hào", "Phát", "Thành", "Vinh", "Hưng", "Kiệt", "Quang", "Huy", "Lương", "Tài", "Khải", "Kiện",
        "Lợi", "Phúc", "Đức", "Lâm", "Cơ", "Sinh", "Tường", "Hiền", "Mẫn", "Bân", "Hoành", "Tín", "Thông", "Khang",
        "Thuận", "Nghĩa", "Trí", "Quân", "Hùng", "Long", "Hải", "Bình", "Nguyên", "Xương", "Tuyền", "Kỳ", "Triết",
        "Hiệp", "Đạt", "Hòa", "Toàn", "Hậu", "Lễ", "Hán", "Vỹ", "Cẩm",
    ]
    static let hoaFemaleMid: [(String, Double)] = [
        ("Thị", 3), ("Mỹ", 2), ("Ngọc", 2), ("Tú", 1), ("Lệ", 1), ("Huệ", 1), ("Bội", 0.8), ("Mẫn", 0.8), ("Uyển", 0.6),
        ("Tuyết", 0.8), ("Thục", 0.6), ("Gia", 0.8), ("Kim", 1), ("Bảo", 0.8), ("Nguyệt", 0.5), ("Tiểu", 0.3),
        ("Mai", 0.5), ("Phụng", 0.4), ("Tịnh", 0.4), ("Diễm", 0.5),
    ]
    static let hoaFemale = [
        "Lan", "Phụng", "Linh", "Mẫn", "Quyên", "Hoa", "Trân", "Nghi", "Bình", "Mai", "Xuân", "Như", "Trinh", "Tuyết",
        "Liên", "Dung", "Hà", "Phương", "Anh", "Ngọc", "Huệ", "Hương", "Yến", "Kiều", "Thanh", "Nhi", "Vy", "Hân", "Di",
        "Dao", "Tịnh", "San", "Hằng", "Uyển", "Mỹ", "Quế", "Nguyệt", "Cầm", "Kỳ", "Diễm", "Châu", "Thư", "Doanh", "Lệ",
        "Bội", "Nhàn",
    ]
    /// Chăm (Muslim) given names as written in Vietnamese registers; no middle name.
    static let chamMale = [
        "Mohamad", "Ysa", "Sa Lê", "Abdul Ra Man", "I Bra Him", "Os Man", "Ha Ly", "Mu Sa", "Ka Rim", "Sa Mách",
        "Ha Sanh", "Ro Sul", "Tu Mách", "Sa Ni", "Ha Mít", "Ha Sim", "Ya Kốp", "Su Lây Man", "Ma Ha Mát", "A Ly",
        "Ro Man", "Ha Ri", "Sa Lim", "Ab Đôn", "Ha Lim", "Ka Đi", "Sơ Man", "Ma Lích", "Rô Sít", "Sa Ít", "Ya Hya",
        "Da Út", "Ha Rôn", "Mu Min", "Pha Rít", "Ka Sim", "Sa Phi", "Ad Dam", "Yu Sóp", "Ka Mal", "Nu Man", "Ha Kim",
    ]
    static let chamFemale = [
        "Ma Ry Dah", "Sa Ly Mah", "Ro Ky Dah", "Fa Ti Mah", "Ha Vy Dah", "Ma Ry Am", "Sa Phi Ah", "Ai Sah", "Ha Li Mah",
        "Ro Sa Nah", "Ma Ri Ya", "Kha Đi Giah", "Sa Ri Ah", "Nu Ry Ah", "Ro Mô Lah", "Sa Ki Nah", "Ha Sa Nah", "Zây Nab",
        "Ro Pi Ah", "Ma Sui", "Ka Ri Mah", "Sa Ly Ha", "Ru Ki Ya", "A Mi Nah", "Ha Na Phi", "Sô Phi Ah", "Ma Di Nah",
        "Ha Mi Dah", "Sa Lê Mah", "Ka Ti Giah", "Ha Va", "Mai Mu Nah", "Sa Phi Yah", "Ro Hi Mah", "Nu Rai Ni", "Ha Dy Giah",
        "Za Ki Ah", "Ma Ly Kah", "Ya Mi Lah", "Su Ma Yah",
    ]
}
