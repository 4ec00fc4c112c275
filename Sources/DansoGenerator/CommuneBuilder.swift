/// Builds the households of one commune as of the register date (Sổ A0).
///
/// Households are assembled by kind (one person, couple, nuclear family, single parent,
/// parents of the head living in, three generations, grandparents raising grandchildren)
/// chosen from the head's age, so the age–sex pyramid follows from family life the way the
/// census pyramid does (2019: about a quarter under 15, 8% over 65), and every household is
/// consistent: one head, a spouse of legal marriage age, children 19+ years younger than
/// their mother, marital status from 15, methods only for married women 15–49.
struct CommuneBuilder {
    let commune: CommuneInfo
    let communeIndex: Int
    /// The commune's province (2-digit legacy code): where its people were registered at birth.
    let province: Int
    let date: Day
    let names: NameBook
    var rng: Xoshiro
    private let ethnicCodes: [Int]
    private let ethnicTable: WeightTable
    let temporaryShare: Double

    init(commune: CommuneInfo, index: Int, date: Day, names: NameBook, seed: UInt64) {
        self.commune = commune
        communeIndex = index
        province = commune.provinceNumber
        self.date = date
        self.names = names
        rng = Xoshiro(seed, 0xB011_D000, UInt64(index))
        let mix = Demography.ethnicMix(district: commune.districtCode)
        ethnicCodes = mix.map(\.0)
        ethnicTable = WeightTable(mix.map(\.1))
        temporaryShare = ["703", "709", "710", "712"].contains(commune.districtCode) ? 0.035 : 0.012
    }

    /// Appends `count` households (and their people) to the population.
    mutating func build(households count: Int, into pop: Population, numbers: inout NumberAllocator) {
        let start = pop.households.count
        let perArea = Double(rng.int(90...170))
        let areas = max(1, min(999, Int((Double(count) / perArea).rounded())))
        var sizes = [Int](repeating: count / areas, count: areas)
        for i in 0..<(count % areas) { sizes[i] += 1 }
        // Uneven areas: move households between neighbours, keeping the total.
        for i in 0..<(areas - 1) {
            let shift = rng.int(0...max(0, sizes[i] / 5))
            if sizes[i] - shift >= 1 { sizes[i] -= shift; sizes[i + 1] += shift }
        }
        pop.areaSeq[communeIndex] = [0] + sizes.map { UInt32($0) }
        let hamlets = UInt8(min(areas, 250))
        for (a, size) in sizes.enumerated() {
            for seq in 1...max(1, size) where size > 0 {
                var members = makeHousehold()
                finish(&members, numbers: &numbers)
                let h = UInt32(pop.households.count)
                let first = UInt32(pop.people.count)
                for k in members.indices {
                    members[k].household = h
                    members[k].stt = UInt8(k + 1)
                    pop.people.append(members[k])
                }
                let temporary = members.allSatisfy { $0.residence == 2 }
                pop.households.append(Household(
                    commune: UInt16(communeIndex), area: UInt16(a + 1), seq: UInt32(seq), first: first,
                    count: UInt8(members.count), nextStt: UInt8(members.count + 1),
                    hamlet: UInt8(a % Int(hamlets)), group: UInt8(rng.int(1...12)),
                    houseNo: rng.chance(0.55) ? UInt16(rng.int(1...420)) : 0,
                    flags: temporary ? Household.temporary : 0))
            }
        }
        pop.communeHouseholds.append(start..<pop.households.count)
    }

    // MARK: people

    private mutating func ethnic() -> Int { ethnicCodes[ethnicTable.draw(&rng)] }

    /// A birth day giving completed age `age` on the register date.
    private mutating func born(age: Int) -> Day {
        date.addingYears(-age) - rng.below(365)
    }

    private func age(_ d: Day) -> Int { BirthDate(d).age(at: date) }

    private mutating func person(rel: UInt8, sex: Int, born: Day, ethnic: Int, family: UInt16? = nil) -> Person {
        let fam = family ?? names.familyName(ethnic: ethnic, &rng)
        let (y, m, d) = born.ymd
        let (mid, given) = names.names(ethnic: ethnic, sex: sex, year: y, &rng)
        var p = Person(household: 0, number: 0, birthYear: UInt16(y), family: fam, middle: mid, given: given,
                       birthMonth: UInt8(m), birthDay: UInt8(d), sex: UInt8(sex), rel: rel, marital: 0, residence: 1,
                       education: 255, method: 255, ethnic: UInt8(ethnic), stt: 0,
                       flags: Person.alive | Person.present, parity: 0, due: 0, busy: 0)
        // Many elderly people know only their birth year (feeds.md §1).
        if y <= 1952 {
            let r = rng.unit()
            if r < 0.35 { p.birthMonth = 0; p.birthDay = 0 } else if r < 0.5 { p.birthDay = 0 }
        }
        return p
    }

    private mutating func childSex(_ year: Int) -> Int { rng.chance(year >= 2005 ? 0.528 : 0.512) ? 1 : 2 }

    /// A wife's birth day for a husband (or the reverse), of legal marriage age on the register date.
    private mutating func spouseBorn(of partner: Day, partnerIsMale: Bool) -> Day {
        let gap = [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 10][WeightTable([1, 2, 4, 6, 7, 7, 6, 5, 3, 2, 1, 1]).draw(&rng)]
        var d = partner + (partnerIsMale ? gap : -gap) * 365 + rng.int(-150...150)
        let minAge = partnerIsMale ? 18 : 20
        if age(d) < minAge { d = born(age: minAge + rng.int(0...2)) }
        if age(d) > 100 { d = born(age: 100) }
        return d
    }

    /// The children a mother bore: all of them (for her parity), those still at home listed.
    private mutating func children(mother: Day, fatherFamily: UInt16, ethnic: Int, rel: UInt8,
                                   keepAll: Bool = false) -> (listed: [Person], all: [Day]) {
        let y = mother.year
        let want: Int
        switch y {
        case ..<1955: want = rng.int(3...6)
        case ..<1965: want = rng.int(2...5)
        case ..<1975: want = rng.int(2...4)
        case ..<1990: want = [1, 2, 2, 2, 3, 3][rng.below(6)]
        default: want = [1, 1, 2, 2, 2, 3][rng.below(6)]
        }
        var day = mother.addingYears(rng.int(19...27)) + rng.below(365)
        var all: [Day] = []
        var listed: [Person] = []
        for _ in 0..<want {
            if day >= date - 1 || BirthDate(mother).age(at: day) > 43 { break }
            all.append(day)
            let a = age(day)
            let home: Double = a < 18 ? 1 : a <= 22 ? 0.85 : a <= 27 ? 0.55 : a <= 35 ? 0.2 : 0.03
            if keepAll || rng.chance(home) {
                var c = person(rel: rel, sex: childSex(day.year), born: day, ethnic: ethnic, family: fatherFamily)
                if a >= 15 { c.marital = 1 }
                listed.append(c)
            }
            day = day + rng.int(540...2000)
        }
        return (listed, all)
    }

    // MARK: households

    private enum Kind { case single, couple, nuclear, singleParent, extendedUp, threeGen, skippedGen }

    private mutating func headAge() -> Int {
        let groups = [(18, 24), (25, 29), (30, 34), (35, 39), (40, 44), (45, 49), (50, 54), (55, 59), (60, 64),
                      (65, 69), (70, 74), (75, 79), (80, 84), (85, 95)]
        let g = groups[WeightTable([3, 7, 10, 11, 11, 11, 11, 10, 9, 7, 5, 3, 2, 1]).draw(&rng)]
        return rng.int(g.0...g.1)
    }

    private mutating func kind(headAge a: Int) -> Kind {
        let (kinds, weights): ([Kind], [Double]) = switch a {
        case ..<25: ([.single, .couple, .nuclear], [30, 30, 40])
        case ..<40: ([.nuclear, .extendedUp, .singleParent, .couple, .single], [62, 26, 5, 3, 4])
        case ..<55: ([.nuclear, .threeGen, .extendedUp, .singleParent, .couple, .single], [50, 26, 12, 5, 4, 3])
        case ..<70: ([.threeGen, .nuclear, .couple, .single, .skippedGen], [60, 18, 10, 4, 8])
        default: ([.threeGen, .single, .couple, .skippedGen], [62, 14, 14, 10])
        }
        return kinds[WeightTable(weights).draw(&rng)]
    }

    private mutating func makeHousehold() -> [Person] {
        let e = ethnic()
        let ha = headAge()
        switch kind(headAge: ha) {
        case .single: return single(ha, e)
        case .couple: return couple(ha, e, kids: false)
        case .nuclear: return couple(ha, e, kids: true)
        case .singleParent: return singleParent(ha, e)
        case .extendedUp:
            var m = couple(ha, e, kids: true)
            parents(of: m[0], into: &m)
            return m
        case .threeGen: return threeGenerations(ha, e, skipped: false)
        case .skippedGen: return threeGenerations(ha, e, skipped: true)
        }
    }

    private mutating func single(_ a: Int, _ e: Int) -> [Person] {
        let elderly = a >= 55
        let sex = rng.chance(elderly ? 0.62 : 0.35) ? 2 : 1
        var p = person(rel: 1, sex: sex, born: born(age: a), ethnic: e)
        p.marital = elderly ? [3, 3, 3, 3, 3, 3, 4, 4, 1, 5][rng.below(10)] : (a >= 30 && rng.chance(0.3) ? 4 : 1)
        return [p]
    }

    /// A couple, with their children at home when `kids`.
    private mutating func couple(_ a: Int, _ e: Int, kids: Bool) -> [Person] {
        let femaleHead = rng.chance(0.08)
        let hb = born(age: max(a, 20))
        let husband = hb, wife = spouseBorn(of: hb, partnerIsMale: true)
        let fam = names.familyName(ethnic: e, &rng)
        let we = e != 1 && rng.chance(0.25) ? 1 : e
        var h = person(rel: femaleHead ? 2 : 1, sex: 1, born: husband, ethnic: e, family: fam)
        var w = person(rel: femaleHead ? 1 : 2, sex: 2, born: wife, ethnic: we)
        h.marital = 2; w.marital = 2
        let (listed, all) = children(mother: wife, fatherFamily: fam, ethnic: e, rel: 3)
        w.parity = UInt8(all.count)
        if let last = all.last, date - last < 365 { w.set(Person.lastBirthRecent) }
        var out = femaleHead ? [w, h] : [h, w]
        if kids { out += listed }
        if kids, rng.chance(0.06), out.count < 9 {       // a brother or sister of the head
            var s = person(rel: 7, sex: rng.chance(0.5) ? 1 : 2, born: born(age: max(15, a + rng.int(-8...8))), ethnic: e,
                           family: femaleHead ? nil : fam)
            s.marital = age(s.birth.referenceDay) >= 15 ? 1 : 0
            out.append(s)
        } else if kids, rng.chance(0.03), out.count < 9 {
            var o = person(rel: 9, sex: rng.chance(0.5) ? 1 : 2, born: born(age: rng.int(16...30)), ethnic: e)
            o.marital = 1
            out.append(o)
        }
        return out
    }

    private mutating func singleParent(_ a: Int, _ e: Int) -> [Person] {
        let mother = rng.chance(0.75)
        var p = person(rel: 1, sex: mother ? 2 : 1, born: born(age: max(a, 24)), ethnic: e)
        p.marital = mother ? [3, 4, 4, 5, 1][rng.below(5)] : [3, 3, 4][rng.below(3)]
        let motherBorn = mother ? p.birth.referenceDay : spouseBorn(of: p.birth.referenceDay, partnerIsMale: true)
        let fam = mother && p.marital != 1 ? names.familyName(ethnic: e, &rng) : p.family
        var (listed, all) = children(mother: motherBorn, fatherFamily: fam, ethnic: e, rel: 3)
        if listed.isEmpty {
            let d = max(motherBorn.addingYears(20), date - rng.int(400...4000))
            if d < date - 1 {
                var c = person(rel: 3, sex: childSex(d.year), born: d, ethnic: e, family: fam)
                if age(d) >= 15 { c.marital = 1 }
                listed.append(c)
                all.append(d)
            }
        }
        if mother { p.parity = UInt8(all.count) }
        return [p] + listed
    }

    /// The head's father and/or mother living in (quan hệ 5).
    private mutating func parents(of head: Person, into m: inout [Person]) {
        let hb = head.birth.referenceDay
        let fb = born(age: min(98, age(hb) + rng.int(24...36)))
        let mb = min(spouseBorn(of: fb, partnerIsMale: true), hb.addingYears(-20))
        let r = rng.unit()
        if r < 0.4 {
            var f = person(rel: 5, sex: 1, born: fb, ethnic: Int(head.ethnic), family: head.rel == 1 && head.sex == 1 ? head.family : nil)
            var mo = person(rel: 5, sex: 2, born: mb, ethnic: Int(head.ethnic))
            f.marital = 2; mo.marital = 2
            m += [f, mo]
        } else if r < 0.85 {
            var mo = person(rel: 5, sex: 2, born: mb, ethnic: Int(head.ethnic))
            mo.marital = 3
            m.append(mo)
        } else {
            var f = person(rel: 5, sex: 1, born: fb, ethnic: Int(head.ethnic), family: head.rel == 1 && head.sex == 1 ? head.family : nil)
            f.marital = 3
            m.append(f)
        }
    }

    /// Grandparents, a married child and the grandchildren; `skipped`: the child's couple
    /// works away (listed as absent, or not at all) and the grandparents raise the children.
    private mutating func threeGenerations(_ a: Int, _ e: Int, skipped: Bool) -> [Person] {
        let ha = max(a, 45)
        let widow = ha >= 60 && rng.chance(0.3)
        let widower = !widow && ha >= 60 && rng.chance(0.1)
        let hb = born(age: ha)
        let fam = names.familyName(ethnic: e, &rng)
        var out: [Person] = []
        var motherBorn: Day
        if widow {
            var h = person(rel: 1, sex: 2, born: hb, ethnic: e)
            h.marital = 3
            out.append(h)
            motherBorn = hb
        } else {
            var h = person(rel: 1, sex: 1, born: hb, ethnic: e, family: fam)
            h.marital = widower ? 3 : 2
            out.append(h)
            motherBorn = spouseBorn(of: hb, partnerIsMale: true)
            if !widower {
                var w = person(rel: 2, sex: 2, born: motherBorn, ethnic: e)
                w.marital = 2
                out.append(w)
            }
        }
        let kids = children(mother: motherBorn, fatherFamily: fam, ethnic: e, rel: 3, keepAll: true)
        if let i = out.firstIndex(where: { $0.sex == 2 && $0.rel <= 2 }) { out[i].parity = UInt8(kids.all.count) }
        // The married child who stays (a son most often), at least 22.
        let candidates = kids.listed.indices.filter { age(kids.listed[$0].birth.referenceDay) >= 22 }
        guard !candidates.isEmpty else {
            return out + kids.listed.filter { age($0.birth.referenceDay) < 23 || rng.chance(0.3) }
        }
        let sons = candidates.filter { kids.listed[$0].sex == 1 }
        let pickIndex = !sons.isEmpty && rng.chance(0.75) ? rng.pick(sons) : rng.pick(candidates)
        var child = kids.listed[pickIndex]
        child.marital = 2
        let cb = child.birth.referenceDay
        let inlawBorn = spouseBorn(of: cb, partnerIsMale: child.sex == 1)
        var inlaw = person(rel: 8, sex: child.sex == 1 ? 2 : 1, born: inlawBorn, ethnic: child.sex == 1 ? e : (rng.chance(0.9) ? e : 1))
        inlaw.marital = 2
        let (gMother, gFamily, gEthnic) = child.sex == 1 ? (inlawBorn, child.family, e) : (cb, inlaw.family, Int(inlaw.ethnic))
        let grand = children(mother: gMother, fatherFamily: gFamily, ethnic: gEthnic, rel: 4)
        if skipped {
            let young = grand.listed.filter { age($0.birth.referenceDay) < 16 }
            if young.isEmpty { return out + [child, inlaw] + grand.listed }
            if rng.chance(0.5) {
                child.residence = 3
                out.append(child)
                if rng.chance(0.6) { inlaw.residence = 3; out.append(inlaw) }
            }
            return out + young
        }
        if child.sex == 1 { inlaw.parity = UInt8(grand.all.count) } else { child.parity = UInt8(grand.all.count) }
        if let last = grand.all.last, date - last < 365 {
            if child.sex == 1 { inlaw.set(Person.lastBirthRecent) } else { child.set(Person.lastBirthRecent) }
        }
        out += [child, inlaw]
        // Unmarried brothers and sisters of the married child still at home.
        for (i, k) in kids.listed.enumerated() where i != pickIndex && out.count < 7 {
            let ka = age(k.birth.referenceDay)
            if ka < 18 || (ka < 30 && rng.chance(0.5)) { out.append(k) }
        }
        out += grand.listed.prefix(max(0, 10 - out.count))
        return out
    }
}
