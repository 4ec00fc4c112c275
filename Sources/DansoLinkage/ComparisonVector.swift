/// The level each field reached when two records were compared.
public struct ComparisonVector: Hashable, Sendable {
    /// One level per field, indexed by ``ComparisonField/index`` (the `allCases` order).
    public var levels: [UInt8]
    /// The folded given and family names when both records share them (name levels
    /// `exactTone`, `exactFolded`, `sameGivenAndFamily`): what the term-frequency
    /// adjustment looks up.
    public var agreedName: AgreedName?

    public init(levels: [UInt8], agreedName: AgreedName? = nil) {
        self.levels = levels
        self.agreedName = agreedName
    }

    /// The level of one field.
    public subscript(field: ComparisonField) -> UInt8 {
        get { levels[field.index] }
        set { levels[field.index] = newValue }
    }

    /// The name of the level one field reached (`"exactTone"`, `"null"`…).
    public func levelName(_ field: ComparisonField) -> String {
        let names = field.levelNames
        let level = Int(self[field])
        return level < names.count ? names[level] : "null"
    }

    /// Whether a field is known on both sides.
    public func isNull(_ field: ComparisonField) -> Bool { self[field] >= field.nullLevel }

    init(packed: UInt64, agreedName: AgreedName? = nil) {
        levels = (0..<ComparisonField.allCases.count).map { UInt8(truncatingIfNeeded: packed >> (8 * UInt64($0))) }
        self.agreedName = agreedName
    }

    /// The levels as one number, a byte a field (field 0 lowest): the key EM groups by.
    var packed: UInt64 {
        var value: UInt64 = 0
        for (i, level) in levels.enumerated() where i < 8 { value |= UInt64(level) << (8 * UInt64(i)) }
        return value
    }
}

/// The given and family names two records share (folded), and the whole name when they
/// share it too (name levels `exactTone`, `exactFolded`).
public struct AgreedName: Hashable, Sendable, Codable {
    public var given: String
    public var family: String
    /// The folded full name (``NameForms/folded``) when the whole name agrees, else nil.
    public var full: String?
    /// The two folded full names when they are one edit apart (``NameLevel/similar``), else
    /// nil; `given` and `family` are then empty.
    public var spellings: [String]?

    public init(given: String, family: String, full: String? = nil, spellings: [String]? = nil) {
        self.given = given
        self.family = family
        self.full = full
        self.spellings = spellings
    }

    /// What two records with names `a` and `b` share at name level `level`: the agreed name
    /// (levels up to `sameGivenAndFamily`), both spellings (`similar`), else nil.
    static func agreed(_ a: NameForms, _ b: NameForms, level: UInt8) -> AgreedName? {
        if level == NameLevel.similar.rawValue { return AgreedName(given: "", family: "", spellings: [a.folded, b.folded]) }
        guard level <= NameLevel.sameGivenAndFamily.rawValue else { return nil }
        return AgreedName(given: a.given, family: a.family,
                          full: level <= NameLevel.exactFolded.rawValue ? a.folded : nil)
    }
}
