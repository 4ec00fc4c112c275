/// What the matcher's inner loop reads of each record, as plain numbers.
///
/// Strings are replaced by interned ids (equal id ⟺ equal bytes), so comparing two records
/// touches no reference count: copying strings out of shared arrays on two threads was a
/// third of a run's time. `CompactComparison` gives exactly what `Comparisons` gives
/// (FastPathTests checks it); a record with values that do not fit (a year beyond Int32, a
/// personal number that is not digits) is compared through `Comparisons` itself.
struct CompactRecords: Sendable {
    struct Record: Sendable {
        /// Ids of the name forms; -1 for an empty folded name (and family, when empty).
        var toned: Int32, folded: Int32, family: Int32, given: Int32
        /// Id of the family and middle names (``NameForms/familyAndMiddle``); -1 when empty.
        var familyAndMiddle: Int32
        /// Ids of the keys; -1 when unknown or empty.
        var household: Int32, commune: Int32, mother: Int32
        /// The personal number's digits, a nibble each (first digit lowest); `numberLength` 0 when unknown.
        var numberDigits: UInt64
        var numberLength: Int8
        /// Birth date and sex; `unknown` when nil.
        var year: Int32, month: Int32, day: Int32, sex: Int32
        /// First byte of the folded given name.
        var givenFirst: UInt8
        var foldedIsASCII: Bool
        /// Compare through `Comparisons` (a value did not fit).
        var unusual: Bool
    }

    static let unknown = Int32.min

    let records: [Record]
    /// The folded full names and given names by id, as bytes back to back.
    let foldedText: TextTable
    let givenText: TextTable

    init(_ people: [PersonRecord], names: [NameForms]) {
        let n = people.count
        // One interning job per field, run concurrently; ids follow record order.
        let fields: [[Int32]] = Parallel.map(8) { field in
            var interner = Interner()
            var ids = [Int32](repeating: -1, count: n)
            for i in 0..<n {
                let text: String?
                switch field {
                case 0: text = names[i].toned
                case 1: text = names[i].folded
                case 2: text = names[i].family
                case 3: text = names[i].given
                case 4: text = people[i].householdKey
                case 5: text = people[i].communeCode
                case 6: text = people[i].motherKey
                default: text = names[i].familyAndMiddle
                }
                if let text, !text.isEmpty { ids[i] = interner.id(text) }
            }
            return ids
        }
        records = Parallel.array(n) { i in
            let p = people[i], forms = names[i]
            var r = Record(toned: fields[0][i], folded: fields[1][i], family: fields[2][i], given: fields[3][i],
                           familyAndMiddle: fields[7][i],
                           household: fields[4][i], commune: fields[5][i], mother: fields[6][i],
                           numberDigits: 0, numberLength: 0,
                           year: Self.unknown, month: Self.unknown, day: Self.unknown, sex: Self.unknown,
                           givenFirst: forms.given.utf8.first ?? 0, foldedIsASCII: forms.foldedIsASCII, unusual: false)
            if r.folded < 0 { (r.toned, r.given, r.family, r.familyAndMiddle) = (-1, -1, -1, -1) }
            func small(_ value: Int?) -> Int32? {
                guard let value else { return Self.unknown }
                guard let v = Int32(exactly: value), v != Self.unknown else { return nil }
                return v
            }
            if let y = small(p.birthYear), let m = small(p.birthMonth), let d = small(p.birthDay), let s = small(p.sex) {
                (r.year, r.month, r.day, r.sex) = (y, m, d, s)
            } else {
                r.unusual = true
            }
            if let number = p.personalNumber, !number.isEmpty {
                if let digits = Self.nibbles(number) {
                    r.numberDigits = digits
                    r.numberLength = Int8(number.utf8.count)
                } else {
                    r.unusual = true
                }
            }
            return r
        }
        var folded = TextTable(), given = TextTable()
        var seenFolded = Set<Int32>(), seenGiven = Set<Int32>()
        // Tables indexed by id: ids were handed out in record order, so this visits them in order.
        for i in 0..<n {
            let r = records[i]
            if r.folded >= 0, seenFolded.insert(r.folded).inserted { folded.append(names[i].folded) }
            if r.given >= 0, seenGiven.insert(r.given).inserted { given.append(names[i].given) }
        }
        foldedText = folded
        givenText = given
    }

    /// Up to 16 ASCII digits as nibbles, first digit lowest; nil otherwise.
    static func nibbles(_ text: String) -> UInt64? {
        var value: UInt64 = 0
        var count = 0
        for byte in text.utf8 {
            guard byte >= 0x30, byte <= 0x39, count < 16 else { return nil }
            value |= UInt64(byte - 0x30) << (4 * UInt64(count))
            count += 1
        }
        return value
    }
}

/// Strings by id, as one byte buffer and offsets (no reference per string).
struct TextTable: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [Int32] = [0]

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        starts.append(Int32(bytes.count))
    }

    var count: Int { starts.count - 1 }

    /// Runs `body` with a raw view of the table.
    func withView<R>(_ body: (CompactTextView) -> R) -> R {
        bytes.withUnsafeBufferPointer { b in starts.withUnsafeBufferPointer { s in body(CompactTextView(bytes: b, starts: s)) } }
    }
}

/// Ids for strings, equal by bytes (hashing bytes: `String`'s own hash normalises non-ASCII text).
private struct Interner {
    private struct Key: Hashable {
        let text: String
        static func == (a: Key, b: Key) -> Bool { sameUTF8(a.text, b.text) }
        func hash(into hasher: inout Hasher) {
            if text.utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
                Array(text.utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
            }
        }
    }

    private var ids: [Key: Int32] = [:]

    mutating func id(_ text: String) -> Int32 {
        let key = Key(text: text)
        if let id = ids[key] { return id }
        let id = Int32(ids.count)
        ids[key] = id
        return id
    }
}
