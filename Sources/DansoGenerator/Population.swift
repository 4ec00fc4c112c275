/// One person of the synthetic province, packed into 28 bytes: at ten times Tây Ninh's size
/// (12 million people) the whole population stays under 350 megabytes.
///
/// Fields hold what danso's register would hold after the same files (marital status only
/// changes through KET_HON/LY_HON, so a widow stays "married"), which is what the next
/// month's slips must be checked against.
struct Person {
    var household: UInt32
    /// `province << 20 | serial`, 0 when the person has no number (see `NumberAllocator`).
    var number: UInt32
    var birthYear: UInt16
    var family: UInt16
    var middle: UInt16
    var given: UInt16
    var birthMonth: UInt8        // 0 unknown
    var birthDay: UInt8          // 0 unknown
    var rel: UInt8               // code list R
    var marital: UInt8           // code list M, 0 empty (under 15)
    var residence: UInt8         // code list C
    /// Education (low 4 bits) and contraceptive method (high 4 bits), 15 for empty.
    private var codes: UInt8
    var ethnic: UInt8            // GSO code
    var stt: UInt8
    var flags: UInt8
    /// Live births known for her (children listed with her, plus births recorded).
    var parity: UInt8
    /// Pregnant: 1-based index of the month the birth is due; 0 not pregnant.
    var due: UInt8
    /// 1-based month index of the last event involving the person (one story a month).
    var busy: UInt8

    static let alive: UInt8 = 1
    static let present: UInt8 = 2          // not moved out
    static let partnerGone: UInt8 = 4      // spouse died or left: no births, methods, marriage
    static let pregnancyKnown: UInt8 = 8   // MANG_THAI recorded (or pregnant at the register date)
    static let lastBirthRecent: UInt8 = 32 // a birth within the last year
    static let newborn: UInt8 = 64         // born during the simulation
    static let female: UInt8 = 128

    init(household: UInt32, number: UInt32, birthYear: UInt16, family: UInt16, middle: UInt16, given: UInt16,
         birthMonth: UInt8, birthDay: UInt8, sex: UInt8, rel: UInt8, marital: UInt8, residence: UInt8,
         education: UInt8, method: UInt8, ethnic: UInt8, stt: UInt8, flags: UInt8, parity: UInt8, due: UInt8, busy: UInt8) {
        self.household = household
        self.number = number
        self.birthYear = birthYear
        self.family = family
        self.middle = middle
        self.given = given
        self.birthMonth = birthMonth
        self.birthDay = birthDay
        self.rel = rel
        self.marital = marital
        self.residence = residence
        codes = 0xFF
        self.ethnic = ethnic
        self.stt = stt
        self.flags = flags
        self.parity = parity
        self.due = due
        self.busy = busy
        self.sex = sex
        self.education = education
        self.method = method
    }

    /// 1 male, 2 female.
    var sex: UInt8 {
        get { flags & Self.female != 0 ? 2 : 1 }
        set { if newValue == 2 { flags |= Self.female } else { flags &= ~Self.female } }
    }

    /// Code list H, 255 when empty.
    var education: UInt8 {
        get { codes & 15 == 15 ? 255 : codes & 15 }
        set { codes = (codes & 0xF0) | (newValue > 14 ? 15 : newValue) }
    }

    /// Code list B, 255 when empty.
    var method: UInt8 {
        get { codes >> 4 == 15 ? 255 : codes >> 4 }
        set { codes = (codes & 0x0F) | ((newValue > 14 ? 15 : newValue) << 4) }
    }

    var birth: BirthDate { BirthDate(year: Int(birthYear), month: Int(birthMonth), day: Int(birthDay)) }

    var isHere: Bool { flags & (Self.alive | Self.present) == (Self.alive | Self.present) }

    func has(_ flag: UInt8) -> Bool { flags & flag != 0 }

    mutating func set(_ flag: UInt8, _ on: Bool = true) {
        if on { flags |= flag } else { flags &= ~flag }
    }
}

/// A household: where it is, and where its members are.
struct Household {
    var commune: UInt16
    var area: UInt16
    /// Number of the household within its area (the code is `H<area>-<seq>`).
    var seq: UInt32
    /// Members listed by the register are contiguous from `first`; later ones are in `extras`.
    var first: UInt32
    var count: UInt8
    var nextStt: UInt8
    var hamlet: UInt8
    var group: UInt8             // tổ
    var houseNo: UInt16
    var flags: UInt8

    static let formedLater: UInt8 = 1   // set up by an arrival (DEN)
    static let temporary: UInt8 = 2     // migrant household (tạm trú)
}

/// The province's people and households, and the few things found by index.
final class Population {
    var people: [Person] = []
    var households: [Household] = []
    /// Members added after the register (births, arrivals), by household: looked up, never iterated.
    var extras: [UInt32: [UInt32]] = [:]
    /// Household index range of each commune's register (households formed later are appended).
    var communeHouseholds: [Range<Int>] = []
    /// Next household number per commune and area.
    var areaSeq: [[UInt32]] = []

    init(communes: Int) {
        areaSeq = Array(repeating: [], count: communes)
    }

    /// Every member ever listed or added, in member-number order of arrival.
    func members(_ h: UInt32) -> [UInt32] {
        let hh = households[Int(h)]
        var out = (0..<UInt32(hh.count)).map { hh.first + $0 }
        if let more = extras[h] { out += more }
        return out
    }

    func add(_ person: Person, to h: UInt32) -> UInt32 {
        let i = UInt32(people.count)
        people.append(person)
        extras[h, default: []].append(i)
        return i
    }

    /// The household code as written in files.
    func code(_ h: UInt32) -> String {
        let hh = households[Int(h)]
        return Self.code(area: Int(hh.area), seq: Int(hh.seq))
    }

    static func code(area: Int, seq: Int) -> String {
        var s = "H"
        s += area < 10 ? "00\(area)" : area < 100 ? "0\(area)" : "\(area)"
        s += "-"
        let t = String(seq)
        s += String(repeating: "0", count: max(0, 5 - t.count)) + t
        return s
    }

    /// The person a member is married to in the household, found by relationship (head and
    /// spouse, a married child and a child-in-law, two parents of the head).
    func partner(of i: UInt32) -> UInt32? {
        let p = people[Int(i)]
        guard p.marital == 2 else { return nil }
        let wanted: [UInt8]
        switch p.rel {
        case 1: wanted = [2]
        case 2: wanted = [1]
        case 3: wanted = [8]
        case 8: wanted = [3]
        case 5: wanted = [5]
        case 6: wanted = [6]
        default: return nil
        }
        for m in members(p.household) where m != i {
            let q = people[Int(m)]
            if wanted.contains(q.rel), q.sex != p.sex, q.marital == 2, q.isHere { return m }
        }
        return nil
    }
}
