import DansoDomain

/// One change slip (Phiếu thu tin) as it will be written: its cells, already in the
/// commune's style, and what the generator needs to place and cross-reference it.
struct Slip {
    enum Role: Equatable {
        case event
        /// Sent by mistake (withdrawn by a later HUY): its effect is not in the model.
        case mistake
        /// First sent with a wrong value, corrected by a later SUA.
        case wrong
        case correction(of: Int)
        case withdrawal(of: Int)
        /// A clean slip's exact copy (same id, same content): DUP.
        case resend
        /// Breaks one rule on purpose.
        case injected(rule: String, note: String)
    }

    static let columnIndex: [ChangeColumn: Int] = {
        var map: [ChangeColumn: Int] = [:]
        for (i, c) in ChangeColumn.allCases.enumerated() { map[c] = i }
        return map
    }()

    /// Creation order: ties of event date keep it, so output never depends on sorting luck.
    var id: Int
    var commune: Int
    /// The change month whose file holds it (0-based).
    var month: Int
    var date: Day
    var type: EventType
    var role: Role = .event
    var cells = [String](repeating: "", count: ChangeColumn.allCases.count)
    /// The mother's recorded children that danso surely knows (for an injected E10).
    var knownChildren = 0

    subscript(_ column: ChangeColumn) -> String {
        get { cells[Self.columnIndex[column]!] }
        set { cells[Self.columnIndex[column]!] = newValue }
    }

    var isInjected: Bool { if case .injected = role { true } else { false } }
}

/// Fills slip cells in a commune's style (dates, labels, channels).
struct SlipFormatter {
    let styles: [ChangeStyle]
    let reference: ProvinceReference
    let names: NameBook

    func date(_ commune: Int, _ d: Day) -> String { styles[commune].dateStyle.text(d) }

    func birth(_ commune: Int, _ b: BirthDate) -> String { styles[commune].dateStyle.text(b) }

    func type(_ commune: Int, _ t: EventType) -> String { styles[commune].labels ? t.labelVI : t.rawValue }

    func coded<T: CodeListValue>(_ commune: Int, _ code: Int, _ type: T.Type) -> String {
        if styles[commune].labels, let v = T(rawValue: code) { return v.labelVI }
        return String(code)
    }

    func ethnic(_ commune: Int, _ code: Int) -> String {
        styles[commune].labels ? reference.ethnicNames[code] : (code < 10 ? "0\(code)" : "\(code)")
    }

    func month(_ commune: Int, _ start: Day) -> String {
        let (y, m, _) = start.ymd
        return styles[commune].monthSlash ? "\(Day.pad2(m))/\(y)" : "\(y)-\(Day.pad2(m))"
    }

    func number(_ p: Person) -> String {
        p.number == 0 ? "" : NumberAllocator.text(p.number, sex: Int(p.sex), year: Int(p.birthYear))
    }

    func name(_ p: Person) -> String { names.fullName(p.family, p.middle, p.given) }

    /// The fields every slip about person `p` of household `h` shares.
    func base(_ slip: inout Slip, pop: Population, household h: UInt32, person p: Person?, stt: Int? = nil,
              rng: inout Xoshiro) {
        let c = slip.commune
        let hh = pop.households[Int(h)]
        let info = reference.communes[c]
        slip[.communeCode] = info.code
        slip[.area] = String(hh.area)
        slip[.collaborator] = "CTV-\(info.code)-\(Day.pad2(Int(hh.area)))"
        slip[.channel] = ["GIAY", "WEB", "DI_DONG"][rng.weighted(styles[c].channels)]
        slip[.eventType] = type(c, slip.type)
        slip[.eventDate] = date(c, slip.date)
        slip[.householdCode] = pop.code(h)
        if let p {
            slip[.memberNo] = String(p.stt)
            slip[.fullName] = name(p)
            if p.number != 0, rng.chance(0.88) { slip[.personalNumber] = number(p) }
        }
        if let stt { slip[.memberNo] = String(stt) }
        if let notes = Demography.notes[slip.type.rawValue], rng.chance(0.12) { slip[.note] = rng.pick(notes) }
    }

    /// The person fields a SINH or DEN carries (who joins the household).
    func newcomer(_ slip: inout Slip, _ p: Person, arrival: Bool) {
        let c = slip.commune
        slip[.memberNo] = String(p.stt)
        slip[.fullName] = name(p)
        slip[.sex] = coded(c, Int(p.sex), Sex.self)
        slip[.birthDate] = birth(c, p.birth)
        slip[.ethnicity] = ethnic(c, Int(p.ethnic))
        slip[.relationship] = coded(c, Int(p.rel), Relationship.self)
        slip[.personalNumber] = number(p)
        if arrival {
            slip[.maritalStatus] = coded(c, Int(max(1, p.marital)), MaritalStatus.self)
            slip[.residence] = coded(c, Int(p.residence), ResidenceStatus.self)
            if p.education != 255 { slip[.education] = coded(c, Int(p.education), Education.self) }
        }
    }
}
