import DansoLinkage

/// An identity of the register as a linkage run keeps it in its working files
/// (``RegisterBlocks``): the record the matcher reads, how it came to the register, its
/// name's forms and its blocking keys, worked out once by the connection that read it.
///
/// Written as: id, is new, counted by whole name, which rules have a key and those keys, the
/// folded name (read without the rest: ``key(_:rule:)``, ``wholeName(_:)``), the NFC and
/// toned forms (toned none when it is the NFC form), origin, sex and birth date, the codes,
/// and the name as written (none when it is its NFC form).
struct BlockedIdentity {
    var record: PersonRecord
    var isNew: Bool
    /// register, birth, arrival or moved_out (sql/queries/link_people.sql).
    var origin: String?
    var names: NameForms
    /// The identity's key under each rule of the matcher, nil where the rule has none.
    var keys: [Int64?]

    init(record: PersonRecord, isNew: Bool, origin: String?, names: NameForms, keys: [Int64?]) {
        self.record = record
        self.isNew = isNew
        self.origin = origin
        self.names = names
        self.keys = keys
    }

    func write(to out: inout ByteWriter) {
        out.append(record.id)
        out.append(UInt8(isNew ? 1 : 0))
        out.append(UInt8(names.countsByWholeName ? 1 : 0))
        var present: UInt32 = 0
        for (j, key) in keys.enumerated() where key != nil { present |= 1 << UInt32(j) }
        out.append(present)
        for key in keys { if let key { out.append(key) } }
        out.append(names.folded)
        out.append(names.nfc)
        out.append(names.toned == names.nfc ? nil : names.toned)
        if let origin, let code = Self.origins.firstIndex(of: origin) {
            out.append(UInt8(code + 1))
        } else {
            out.append(UInt8(origin == nil ? 0 : 255))
            if let origin { out.append(origin) }
        }
        for value in [record.sex, record.birthYear, record.birthMonth, record.birthDay] { out.append(number: value) }
        for text in [record.personalNumber, record.householdKey, record.communeCode, record.motherKey, record.area] {
            out.append(text)
        }
        out.append(record.fullName == names.nfc ? nil : record.fullName)
    }

    /// The origins sql/queries/link_people.sql gives, written as a byte.
    static let origins = ["register", "birth", "arrival", "moved_out"]

    /// The entry written by ``write(to:)`` for `rules` rules.
    init(_ entry: UnsafeRawBufferPointer, rules: Int) {
        var r = ByteReader(entry)
        self.init(&r, rules: rules)
    }

    /// The entry at `reader`'s offset, leaving it after the entry.
    init(_ r: inout ByteReader, rules: Int) {
        let id = r.read(Int64.self)
        isNew = r.read(UInt8.self) != 0
        _ = r.read(UInt8.self)
        let present = r.read(UInt32.self)
        keys = (0..<rules).map { j in present & (1 << UInt32(j)) != 0 ? r.read(Int64.self) : nil }
        let folded = r.text() ?? ""
        let nfc = r.text() ?? ""
        names = NameForms(nfc: nfc, toned: r.text() ?? nfc, folded: folded)
        let code = Int(r.read(UInt8.self))
        origin = code == 0 ? nil : code <= Self.origins.count ? Self.origins[code - 1] : r.text()
        let sex = r.number(), year = r.number(), month = r.number(), day = r.number()
        let personalNumber = r.text(), household = r.text(), commune = r.text(), mother = r.text(), area = r.text()
        record = PersonRecord(id: id, fullName: r.text() ?? nfc, sex: sex, birthYear: year, birthMonth: month, birthDay: day,
                              personalNumber: personalNumber, householdKey: household, communeCode: commune,
                              motherKey: mother, area: area)
    }

    /// The id of the entry, read without the rest.
    static func id(_ entry: UnsafeRawBufferPointer) -> Int64 { entry.loadUnaligned(fromByteOffset: 0, as: Int64.self) }

    /// Whether the entry is a new identity, read without the rest.
    static func isNew(_ entry: UnsafeRawBufferPointer) -> Bool { entry.load(fromByteOffset: 8, as: UInt8.self) != 0 }

    /// The key of rule `rule` in the entry, read without the rest (nil when it has none).
    static func key(_ entry: UnsafeRawBufferPointer, rule: Int) -> Int64? {
        let present = entry.loadUnaligned(fromByteOffset: 10, as: UInt32.self)
        guard present & (1 << UInt32(rule)) != 0 else { return nil }
        let before = (present & ((1 << UInt32(rule)) - 1)).nonzeroBitCount
        return entry.loadUnaligned(fromByteOffset: 14 + 8 * before, as: Int64.self)
    }

    /// The folded name of the entry when it is counted by whole name, read without the rest.
    static func wholeName(_ entry: UnsafeRawBufferPointer) -> String? {
        guard entry[9] != 0 else { return nil }
        var reader = ByteReader(entry, at: 14 + 8 * entry.loadUnaligned(fromByteOffset: 10, as: UInt32.self).nonzeroBitCount)
        return reader.text()
    }
}
