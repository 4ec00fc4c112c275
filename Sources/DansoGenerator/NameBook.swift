/// Vietnamese names, stored once as parts (family, middle, given) that people point to by
/// index: a million names then cost six bytes each, and writing one is three byte copies.
///
/// The lists are those of scripts/make_sample_feeds.py (southern usage: Nguyễn, Trần, Lê…
/// frequent, Thị for most older women, Văn for older men, newer given names for the young),
/// with Khmer, Hoa and Chăm names for the province's minorities.
public final class NameBook: @unchecked Sendable {  // immutable after init
    /// Name parts; index 0 is the empty part.
    public private(set) var parts: [String] = [""]
    /// The UTF-8 bytes of each part.
    private(set) var bytes: [[UInt8]] = [[]]
    private var index: [String: UInt16] = [:]

    struct List {
        var items: [UInt16]
        var table: WeightTable
        func draw(_ rng: inout Xoshiro) -> UInt16 { items[table.draw(&rng)] }
    }

    enum Style { case kinh, khmer, hoa, cham, minority }

    private var family: [Int: List] = [:]          // by ethnic code; missing: Kinh
    private var kinhMaleMidOld: List!, kinhMaleMidYoung: List!, kinhFemaleMidOld: List!, kinhFemaleMidYoung: List!
    private var kinhMaleOld: List!, kinhMaleYoung: List!, kinhFemaleOld: List!, kinhFemaleYoung: List!
    private var khmerMale: List!, khmerFemale: List!, hoaMaleMid: List!, hoaMale: List!, hoaFemaleMid: List!, hoaFemale: List!
    private var chamMale: List!, chamFemale: List!
    private var thi: UInt16 = 0
    private var van: UInt16 = 0
    /// Given names of two words ("Khánh Linh"), which take no middle name or Thị.
    private var twoWords: Set<UInt16> = []
    /// Middle names a young man's middle name may be doubled with.
    private var secondMiddle: List!

    public init() {
        func list(_ pairs: [(String, Double)]) -> List {
            List(items: pairs.map { add($0.0) }, table: WeightTable(pairs.map(\.1)))
        }
        func flat(_ names: [String]) -> List { list(names.map { ($0, 1) }) }
        let kinh = list(Self.kinhFamily)
        family[1] = kinh
        family[5] = list(Self.khmerFamily)
        family[6] = list(Self.hoaFamily)
        family[14] = list(Self.chamFamily)
        family[2] = list([("Hoàng", 3), ("Nông", 3), ("Lục", 1), ("Hà", 2), ("Lương", 1), ("Vi", 1)])
        family[7] = list([("Nông", 3), ("Hoàng", 2), ("Lý", 2), ("Lục", 1), ("Triệu", 1)])
        family[4] = list([("Bùi", 4), ("Đinh", 3), ("Quách", 2), ("Hà", 1), ("Xa", 1)])
        family[3] = list([("Lò", 3), ("Cầm", 2), ("Lường", 2), ("Vi", 1), ("Tòng", 1)])
        family[22] = list([("Điểu", 5), ("Thị", 1), ("Lâm", 1)])
        family[31] = list([("Đào", 2), ("Điểu", 2), ("Lâm", 1)])
        kinhMaleMidOld = list(Self.kinhMaleMidOld)
        kinhMaleMidYoung = list(Self.kinhMaleMidYoung)
        kinhFemaleMidOld = list(Self.kinhFemaleMidOld)
        kinhFemaleMidYoung = list(Self.kinhFemaleMidYoung)
        kinhMaleOld = flat(Self.kinhMaleOld)
        kinhMaleYoung = flat(Self.kinhMaleYoung)
        kinhFemaleOld = flat(Self.kinhFemaleOld)
        kinhFemaleYoung = flat(Self.kinhFemaleYoung)
        khmerMale = flat(Self.khmerMale)
        khmerFemale = flat(Self.khmerFemale)
        hoaMaleMid = flat(["Chí", "Kiến", "Vĩnh", "Gia", "Quốc", "Tuấn", "Chấn"])
        hoaMale = flat(["Cường", "Minh", "Hào", "Phát", "Thành", "Vinh", "Hưng", "Kiệt", "Quang", "Huy", "Lương", "Tài"])
        hoaFemaleMid = flat(["Thị", "Mỹ", "Ngọc", "Tú", "Lệ", "Huệ", "Bội"])
        hoaFemale = flat(["Lan", "Phụng", "Linh", "Mẫn", "Quyên", "Hoa", "Trân", "Nghi", "Bình", "Mai", "Xuân", "Như"])
        chamMale = flat(["Mohamad", "Ysa", "Abdul Ra Man", "Sa Lê", "I Bra Him", "Os Man", "Ha Ly", "Mu Sa", "Ka Rim"])
        chamFemale = flat(["Ma Ry Dah", "Sa Ly Mah", "Ro Ky Dah", "Fa Ti Mah", "Ha Vy Dah", "Ma Ry Am", "Sa Phi Ah", "Ai Sah"])
        secondMiddle = flat(["Gia", "Minh", "Bảo", "Anh", "Đăng", "Thiên"])
        thi = add("Thị")
        van = add("Văn")
        twoWords = Set(kinhFemaleYoung.items.filter { parts[Int($0)].contains(" ") })
        registerDoubledMiddles()
    }

    @discardableResult
    private func add(_ part: String) -> UInt16 {
        if let i = index[part] { return i }
        let i = UInt16(parts.count)
        parts.append(part)
        bytes.append(Array(part.utf8))
        index[part] = i
        return i
    }

    static func style(_ ethnic: Int) -> Style {
        switch ethnic {
        case 5: .khmer
        case 6: .hoa
        case 14: .cham
        case 1: .kinh
        default: .minority
        }
    }

    /// A family name for an ethnic group.
    func familyName(ethnic: Int, _ rng: inout Xoshiro) -> UInt16 {
        (family[ethnic] ?? family[1]!).draw(&rng)
    }

    /// Middle and given names for a person of a family, sex (1 male, 2 female) and birth year.
    func names(ethnic: Int, sex: Int, year: Int, _ rng: inout Xoshiro) -> (middle: UInt16, given: UInt16) {
        let young = year >= 1992
        switch Self.style(ethnic) {
        case .khmer:
            if sex == 1 { return (0, khmerMale.draw(&rng)) }
            return (rng.chance(0.6) ? thi : 0, khmerFemale.draw(&rng))
        case .hoa:
            return sex == 1 ? (hoaMaleMid.draw(&rng), hoaMale.draw(&rng)) : (hoaFemaleMid.draw(&rng), hoaFemale.draw(&rng))
        case .cham:
            return (0, (sex == 1 ? chamMale : chamFemale).draw(&rng))
        case .kinh, .minority:
            if sex == 1 {
                if young {
                    var mid = kinhMaleMidYoung.draw(&rng)
                    if mid != van, rng.chance(0.25) {
                        mid = add2(secondMiddle.draw(&rng), mid)
                    }
                    return (mid, kinhMaleYoung.draw(&rng))
                }
                return (kinhMaleMidOld.draw(&rng), kinhMaleOld.draw(&rng))
            }
            if young {
                let given = kinhFemaleYoung.draw(&rng)
                if twoWords.contains(given) { return (rng.chance(0.5) ? 0 : thi, given) }
                return (kinhFemaleMidYoung.draw(&rng), given)
            }
            return (kinhFemaleMidOld.draw(&rng), kinhFemaleOld.draw(&rng))
        }
    }

    /// Two middle names as one part ("Gia Minh"); known in advance so `parts` never grows
    /// after init (the book is shared read-only).
    private func add2(_ a: UInt16, _ b: UInt16) -> UInt16 {
        index[parts[Int(a)] + " " + parts[Int(b)]] ?? b
    }

    /// The full name as text.
    public func fullName(_ family: UInt16, _ middle: UInt16, _ given: UInt16) -> String {
        [family, middle, given].filter { $0 != 0 }.map { parts[Int($0)] }.joined(separator: " ")
    }

    /// Appends the full name's UTF-8 bytes.
    @inline(__always)
    func appendName(_ family: UInt16, _ middle: UInt16, _ given: UInt16, to out: inout [UInt8]) {
        out.append(contentsOf: bytes[Int(family)])
        if middle != 0 {
            out.append(0x20)
            out.append(contentsOf: bytes[Int(middle)])
        }
        if given != 0 {
            out.append(0x20)
            out.append(contentsOf: bytes[Int(given)])
        }
    }

    /// Registers every doubled middle name up front (see `add2`).
    func registerDoubledMiddles() {
        for a in secondMiddle.items {
            for b in kinhMaleMidYoung.items where parts[Int(b)] != "Văn" && a != b {
                add(parts[Int(a)] + " " + parts[Int(b)])
            }
        }
    }

    // MARK: lists (weights as in scripts/make_sample_feeds.py)

    static let kinhFamily: [(String, Double)] = [
        ("Nguyễn", 31), ("Trần", 11), ("Lê", 9), ("Phạm", 6), ("Huỳnh", 5), ("Võ", 5), ("Phan", 4), ("Trương", 2),
        ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 2), ("Lý", 1), ("Đoàn", 1), ("Lâm", 1),
        ("Mai", 1), ("Tô", 1), ("Cao", 1), ("Châu", 1), ("Lương", 1), ("Đinh", 1), ("Trịnh", 1), ("Thái", 1), ("La", 1),
    ]
    static let kinhMaleOld = ["Hùng", "Dũng", "Hải", "Sơn", "Phúc", "Tài", "Lộc", "Thắng", "Bình", "Cường", "Hòa", "Tâm",
        "Nam", "Long", "Trung", "Hiếu", "Nghĩa", "Phong", "Thành", "Toàn", "Vinh", "Quang", "Hậu", "Thịnh", "Lợi", "Tuấn",
        "Mến", "Sang", "Tùng", "Hưng", "Định", "Đức", "Kiên", "Trí", "Tín", "Nhân", "Phước", "Tấn", "Lực", "Cảnh", "Ba",
        "Tư", "Sáu", "Bảy", "Tám", "Mười", "Rạng", "Chiến", "Thuận", "Út"]
    static let kinhMaleYoung = ["Khang", "Phúc", "Khôi", "Bảo", "Huy", "Kiệt", "Nam", "Khoa", "Quân", "Minh", "Đạt", "Duy",
        "Thịnh", "Tín", "Hào", "Lâm", "Phát", "Hiếu", "Nhân", "Vinh", "An", "Tú", "Thái", "Trí", "Lộc", "Nguyên", "Khải", "Hưng"]
    static let kinhMaleMidOld: [(String, Double)] = [("Văn", 12), ("Minh", 2), ("Hữu", 2), ("Thanh", 2), ("Công", 1),
        ("Quốc", 1), ("Ngọc", 1), ("Tấn", 1), ("Hoàng", 1), ("Đức", 1)]
    static let kinhMaleMidYoung: [(String, Double)] = [("Văn", 4), ("Minh", 3), ("Hoàng", 2), ("Gia", 2), ("Quốc", 2),
        ("Thành", 1), ("Anh", 1), ("Đức", 1), ("Nhật", 2), ("Trung", 1), ("Bảo", 1), ("Tấn", 1), ("Thanh", 1), ("Đăng", 1),
        ("Hữu", 1), ("Phúc", 1)]
    static let kinhFemaleOld = ["Lan", "Hoa", "Hồng", "Mai", "Hạnh", "Hương", "Nga", "Thủy", "Tuyết", "Liên", "Loan",
        "Phượng", "Dung", "Yến", "Nhung", "Thảo", "Hằng", "Thúy", "Bích", "Kiều", "Ánh", "Xuân", "Cúc", "Lệ", "Lài", "Sen",
        "Đào", "Năm", "Sáu", "Bảy", "Tư", "Mười", "Hai", "Thắm", "Gấm", "Nguyệt", "Huệ", "Ngọc", "Út"]
    static let kinhFemaleYoung = ["Trang", "Linh", "Vy", "Ngân", "Hân", "Như", "Nhi", "Anh", "Tiên", "Diễm", "Trinh",
        "Quyên", "Oanh", "Thư", "My", "Uyên", "Ngọc", "Hà", "Vân", "Trâm", "Thảo", "Yến", "Nhung", "Khánh Linh", "Bảo Ngọc",
        "Gia Hân", "Tường Vy", "Phương Anh", "Kim Ngân", "Huyền", "Duyên", "Giang", "Loan", "Tâm", "Ý"]
    static let kinhFemaleMidOld: [(String, Double)] = [("Thị", 14), ("Ngọc", 1), ("Kim", 1), ("Thanh", 1), ("Hồng", 1)]
    static let kinhFemaleMidYoung: [(String, Double)] = [("Thị", 7), ("Ngọc", 2), ("Thanh", 1), ("Kim", 1), ("Bảo", 1),
        ("Mỹ", 1), ("Thu", 1), ("Hồng", 1), ("Phương", 1), ("Thùy", 1), ("Như", 1), ("Cẩm", 1), ("Huỳnh", 1)]
    static let khmerFamily: [(String, Double)] = [("Thạch", 4), ("Sơn", 3), ("Danh", 2), ("Kim", 2), ("Lâm", 1), ("Chau", 2)]
    static let khmerMale = ["Sa Rinh", "Sóc", "Sà Phal", "Sa Ra", "Ty", "Sô Khom", "Chanh Đa", "Rươn", "Phon", "Sa Rên",
        "Sa Vong", "Thol", "Sa Mol", "Kha", "Pho Ny"]
    static let khmerFemale = ["Sa Rương", "Sô Phia", "Sa Ly", "Chanh Thy", "Thi Đa", "Sa Phon", "Sô Khê", "Mây", "Sa Vanh",
        "Srey Mom", "Sa Ranh", "Sô Phanh", "Sóc Kha"]
    static let hoaFamily: [(String, Double)] = [("Lâm", 3), ("Quách", 2), ("Lý", 2), ("Trương", 2), ("Lưu", 2), ("Mã", 1),
        ("Hứa", 1), ("Tăng", 1), ("Diệp", 1), ("Châu", 1)]
    static let chamFamily: [(String, Double)] = [("Mã", 2), ("Sa", 1), ("Hà", 1), ("Ly", 1), ("Từ", 1)]
}
