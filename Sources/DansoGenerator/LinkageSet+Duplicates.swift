extension LinkageSet {
    /// How often each kind is drawn for a duplicate (birth_twice is drawn apart, for newborns).
    static let kindWeights: [(DuplicateKind, Double)] = [
        (.nameTypo, 20), (.dayMonthSwapped, 14), (.pnMissing, 14), (.pnMistyped, 10),
        (.twoHouseholds, 15), (.moved, 15), (.yearOnly, 11),
    ]

    /// The duplicate records, person by person. Newborns listed with their mother are
    /// reported twice more often than others (a birth slip sent by two people), and most
    /// of their duplicates are birth_twice; a few people get a second duplicate of another kind.
    func makeDuplicates() -> [LinkageRecord] {
        var rng = Xoshiro(options.seed, 0xD0B1)
        let table = WeightTable(Self.kindWeights.map(\.1))
        var out: [LinkageRecord] = []
        out.reserveCapacity(Int(Double(pop.people.count) * options.duplicateRate * 1.2) + 16)
        for i in 0..<pop.people.count {
            let newborn = mother[i] != 0 && age(i) == 0
            guard rng.chance(newborn ? min(0.5, options.duplicateRate * 4) : options.duplicateRate) else { continue }
            let base = original(i)
            let first: DuplicateKind = newborn && rng.chance(0.7) ? .birthTwice : draw(table, for: base, &rng)
            out.append(duplicate(of: base, i, first, &rng))
            if first != .birthTwice, rng.chance(0.05) {
                var second = draw(table, for: base, &rng)
                if second == first { second = first == .nameTypo ? .twoHouseholds : .nameTypo }
                out.append(duplicate(of: base, i, second, &rng))
            }
        }
        return out
    }

    /// A kind this record can have (drawn again when it cannot: no number to drop, a day
    /// above 12 that cannot pass for a month…).
    private func draw(_ table: WeightTable, for r: LinkageRecord, _ rng: inout Xoshiro) -> DuplicateKind {
        for _ in 0..<20 {
            let kind = Self.kindWeights[table.draw(&rng)].0
            if eligible(kind, r) { return kind }
        }
        return .nameTypo
    }

    func eligible(_ kind: DuplicateKind, _ r: LinkageRecord) -> Bool {
        switch kind {
        case .nameTypo: true
        case .dayMonthSwapped: r.birthMonth != 0 && r.birthDay != 0 && r.birthDay <= 12 && r.birthDay != r.birthMonth
        case .pnMissing, .pnMistyped: !r.personalNumber.isEmpty
        case .yearOnly: r.birthMonth != 0
        case .twoHouseholds: pop.households.count > 1
        case .moved: reference.communes.count > 1
        case .birthTwice: false      // only drawn for newborns
        }
    }

    /// Person `i`'s record `base` made into a duplicate of `kind`, sometimes with a slip of
    /// the pen on top (listed in `kinds` too).
    func duplicate(of base: LinkageRecord, _ i: Int, _ kind: DuplicateKind, _ rng: inout Xoshiro) -> LinkageRecord {
        var r = base
        r.kinds = []
        switch kind {
        case .twoHouseholds:
            let c = Int(pop.households[Int(pop.people[i].household)].commune)
            let other = rng.chance(0.6) || reference.communes.count == 1 ? c : otherCommune(c, &rng)
            var h: UInt32
            repeat { h = UInt32(pop.communeHouseholds[other].lowerBound + rng.below(pop.communeHouseholds[other].count)) }
            while h == pop.people[i].household && pop.communeHouseholds[other].count > 1
            r.householdKey = householdKey(h)
            r.communeCode = reference.communes[other].code
            if rng.chance(0.8) { r.motherKey = nil }     // the mother is not listed there
            r.kinds = [.twoHouseholds]
            if !r.personalNumber.isEmpty, rng.chance(0.1) { apply(.pnMissing, to: &r, &rng) }
        case .moved:
            let c = otherCommune(Int(pop.households[Int(pop.people[i].household)].commune), &rng)
            r.communeCode = reference.communes[c].code
            r.householdKey = rng.chance(0.5) ? householdKey(UInt32(pop.communeHouseholds[c].lowerBound + rng.below(pop.communeHouseholds[c].count)))
                : newHouseholdKey(c, &rng)
            if age(i) >= 15 { r.motherKey = nil }         // children move with their mother
            r.source = "move_slip"
            r.kinds = [.moved]
            if !r.personalNumber.isEmpty, rng.chance(0.12) { apply(.pnMissing, to: &r, &rng) }
            if rng.chance(0.2) { apply(.nameTypo, to: &r, &rng) }
        case .birthTwice:
            bornTwice(&r, i, &rng)
            return r
        default:
            apply(kind, to: &r, &rng)
        }
        if rng.chance(0.1) {
            let extra = DuplicateKind.errors.filter { k in
                !r.kinds.contains(k) && eligible(k, r)
                    && !(k == .pnMissing && r.kinds.contains(.pnMistyped))
                    && !(k == .yearOnly && r.kinds.contains(.dayMonthSwapped))
            }
            if !extra.isEmpty { apply(rng.pick(extra), to: &r, &rng) }
        }
        return r
    }

    /// A slip of the pen.
    func apply(_ kind: DuplicateKind, to r: inout LinkageRecord, _ rng: inout Xoshiro) {
        switch kind {
        case .nameTypo: r.fullName = Typos.name(r.fullName, &rng)
        case .dayMonthSwapped: (r.birthMonth, r.birthDay) = (r.birthDay, r.birthMonth)
        case .pnMissing: r.personalNumber = ""
        case .pnMistyped: r.personalNumber = Typos.number(r.personalNumber, &rng)
        case .yearOnly: (r.birthMonth, r.birthDay) = (0, 0)
        case .twoHouseholds, .moved, .birthTwice: preconditionFailure("not a slip of the pen")
        }
        r.kinds.append(kind)
    }

    /// The second report of a birth: same household, mother and sex; the date equal or a
    /// few days off; the name one letter apart, without the given name, or the same; most
    /// often no personal number.
    private func bornTwice(_ r: inout LinkageRecord, _ i: Int, _ rng: inout Xoshiro) {
        let p = pop.people[i]
        let base = r
        if rng.chance(0.5) {
            let shift = rng.int(1...5) * (rng.chance(0.5) ? 1 : -1)
            var d = Day(r.birthYear, r.birthMonth, r.birthDay) + shift
            if d > options.registerDate { d = d - 2 * shift }
            (r.birthYear, r.birthMonth, r.birthDay) = d.ymd
        }
        let u = rng.unit()
        if u < 0.45 {
            r.fullName = Typos.letter(r.fullName, &rng)
        } else if u < 0.8 {
            r.fullName = names.fullName(p.family, p.middle, 0)
        }
        if rng.chance(0.7) { r.personalNumber = "" }
        // Never the very same line: something was written otherwise.
        if r.fullName == base.fullName, r.birthDay == base.birthDay, r.birthMonth == base.birthMonth,
           r.personalNumber == base.personalNumber {
            r.fullName = Typos.letter(r.fullName, &rng)
        }
        r.source = "birth_slip"
        r.kinds = [.birthTwice]
    }

    private func otherCommune(_ c: Int, _ rng: inout Xoshiro) -> Int {
        let n = reference.communes.count
        return n == 1 ? c : (c + 1 + rng.below(n - 1)) % n
    }

    /// A household code no register household has: numbered after those of its area.
    private func newHouseholdKey(_ c: Int, _ rng: inout Xoshiro) -> String {
        let areas = pop.areaSeq[c]
        let area = 1 + rng.below(max(1, areas.count - 1))
        let key = c * 1000 + area
        let n = (newHouseholds[key] ?? 0) + 1
        newHouseholds[key] = n
        let seq = Int(area < areas.count ? areas[area] : 0) + n
        return reference.communes[c].code + "-" + Population.code(area: area, seq: seq)
    }
}
