/// A closed list of codes of feeds.md §4, each with its Vietnamese label.
///
/// Cells may hold the code or the label, with or without diacritics (`2`, `Nữ`, `nu`).
public protocol CodeListValue: CaseIterable, Hashable, Sendable, RawRepresentable where RawValue == Int {
    /// The list's letter in feeds.md §4 (S, R, M, …), for messages.
    static var listName: String { get }
    /// Match key of every spelling → the value it means; built once per list by `matchKeys()`.
    static var spellingsByKey: [String: Self] { get }
    /// The label as the spec writes it.
    var labelVI: String { get }
    var labelEN: String { get }
}

extension CodeListValue {
    /// Every spelling that means this value: the code, the label, and each part of a
    /// label written `a/b` or `a (b)`.
    static func spellings(of value: Self) -> [String] {
        var result = [String(value.rawValue), value.labelVI]
        let label = value.labelVI
        if label.contains("/") { result += label.split(separator: "/").map(String.init) }
        if let open = label.firstIndex(of: "("), let close = label.firstIndex(of: ")") {
            result.append(String(label[..<open]))
            result.append(String(label[label.index(after: open)..<close]))
        }
        return result
    }

    /// The match key of each spelling, mapped to the first value (in `allCases` order) that has it,
    /// so a label is one dictionary look-up rather than folding every spelling of every value.
    public static func matchKeys() -> [String: Self] {
        var table: [String: Self] = [:]
        for value in allCases {
            for spelling in spellings(of: value) {
                let key = VietnameseText.matchKey(spelling)
                if table[key] == nil { table[key] = value }
            }
        }
        return table
    }

    /// The value a cell means, or nil (rule R02).
    @inlinable   // specialised per code list where cells are read: this runs six times a line
    public static func parse(_ cell: String) -> Self? {
        let text = cell.trimmingSpaces
        if let n = Int(cell: text) { return Self(rawValue: n) }   // reads the UTF-8 bytes: the fast path
        let key = VietnameseText.matchKey(text)
        guard !key.isEmpty else { return nil }
        return spellingsByKey[key]
    }

    /// All codes with labels, for messages (`1 Nam, 2 Nữ`).
    public static var catalogue: String {
        allCases.map { "\($0.rawValue) \($0.labelVI)" }.joined(separator: ", ")
    }
}

/// Code list S.
public enum Sex: Int, CodeListValue {
    case male = 1, female = 2
    public static let listName = "S"
    public static let spellingsByKey = matchKeys()
    public var labelVI: String { self == .male ? "Nam" : "Nữ" }
    public var labelEN: String { self == .male ? "male" : "female" }
}

/// Code list R: relationship to the household head.
public enum Relationship: Int, CodeListValue {
    case head = 1, spouse, child, grandchild, parent, grandparent, sibling, childInLaw, other
    public static let listName = "R"
    public static let spellingsByKey = matchKeys()
    public var labelVI: String {
        ["Chủ hộ", "Vợ/chồng", "Con", "Cháu", "Bố/mẹ", "Ông/bà", "Anh/chị/em", "Con dâu/con rể", "Khác"][rawValue - 1]
    }
    public var labelEN: String {
        ["head", "spouse", "child", "grandchild", "parent", "grandparent", "sibling", "child-in-law", "other"][rawValue - 1]
    }
}

/// Code list M.
public enum MaritalStatus: Int, CodeListValue {
    case neverMarried = 1, married, widowed, divorced, separated
    public static let listName = "M"
    public static let spellingsByKey = matchKeys()
    public var labelVI: String { ["Chưa kết hôn", "Có vợ/chồng", "Góa", "Ly hôn", "Ly thân"][rawValue - 1] }
    public var labelEN: String { ["never married", "married", "widowed", "divorced", "separated"][rawValue - 1] }
    /// Has ever been married (rule R09 looks at these below the legal age).
    public var hasMarried: Bool { self != .neverMarried }
}

/// Code list C. The resident population is statuses 1 and 2.
public enum ResidenceStatus: Int, CodeListValue {
    case permanent = 1, temporary, longAbsent
    public static let listName = "C"
    public static let spellingsByKey = matchKeys()
    public var labelVI: String { ["Thường trú", "Tạm trú", "Vắng mặt dài hạn"][rawValue - 1] }
    public var labelEN: String { ["usual resident", "temporary resident", "long-term absent"][rawValue - 1] }
    public var isResident: Bool { self != .longAbsent }
}

/// Code list H.
public enum Education: Int, CodeListValue {
    case none = 0, primaryIncomplete, primary, lowerSecondary, upperSecondary, vocational, college, university, postgraduate
    public static let listName = "H"
    public static let spellingsByKey = matchKeys()
    public var labelVI: String {
        ["Chưa đi học", "Chưa tốt nghiệp tiểu học", "Tiểu học", "Trung học cơ sở", "Trung học phổ thông",
         "Trung cấp", "Cao đẳng", "Đại học", "Trên đại học"][rawValue]
    }
    public var labelEN: String {
        ["never attended", "primary incomplete", "primary", "lower secondary", "upper secondary",
         "vocational", "college", "university", "postgraduate"][rawValue]
    }
}

/// Code list B. Methods 1–7 are modern.
public enum ContraceptiveMethod: Int, CodeListValue {
    case none = 0, iud, femaleSterilisation, maleSterilisation, implant, injectable, pill, condom, otherTraditional
    public static let listName = "B"
    public static let spellingsByKey = matchKeys()
    public var labelVI: String {
        ["Không sử dụng", "Dụng cụ tử cung (vòng)", "Triệt sản nữ", "Triệt sản nam", "Thuốc cấy", "Thuốc tiêm",
         "Thuốc uống", "Bao cao su", "Biện pháp khác/truyền thống"][rawValue]
    }
    public var labelEN: String {
        ["none", "IUD", "female sterilisation", "male sterilisation", "implant", "injectable", "pill", "condom",
         "other/traditional"][rawValue]
    }
    public var isModern: Bool { (1...7).contains(rawValue) }
    /// Methods only a woman can use (rule R10 for a man).
    public var isFemaleMethod: Bool {
        switch self {
        case .iud, .femaleSterilisation, .implant, .injectable, .pill: true
        default: false
        }
    }
}

/// Code list N.
public enum PlaceOfBirth: Int, CodeListValue {
    case healthFacility = 1, home, elsewhere
    public static let listName = "N"
    public static let spellingsByKey = matchKeys()
    public var labelVI: String { ["Cơ sở y tế", "Tại nhà", "Nơi khác"][rawValue - 1] }
    public var labelEN: String { ["health facility", "at home", "elsewhere"][rawValue - 1] }
}
