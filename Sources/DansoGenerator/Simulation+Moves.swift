import DansoDomain

extension Simulation {
    // MARK: marriages and divorces

    /// A spouse who is not in any register generated: name, birth date, maybe a number.
    struct Spouse {
        var person: Person
        var province: Int
    }

    func outsideSpouse(for p: Person, age a: Int, province: Int) -> Spouse {
        let sex = p.sex == 1 ? 2 : 1
        let gap = rng.int(0...6)
        var spouseAge = sex == 2 ? a - gap : a + gap
        spouseAge = max(spouseAge, sex == 2 ? 19 : 21)
        let born = start.addingYears(-spouseAge) - rng.below(365)
        let ethnic = rng.chance(0.85) ? Int(p.ethnic) : 1
        let (y, m, d) = born.ymd
        let family = names.familyName(ethnic: ethnic, &rng)
        let (mid, given) = names.names(ethnic: ethnic, sex: sex, year: y, &rng)
        var q = Person(household: 0, number: 0, birthYear: UInt16(y), family: family, middle: mid, given: given,
                       birthMonth: UInt8(m), birthDay: UInt8(d), sex: UInt8(sex), rel: 9, marital: 2, residence: 1,
                       education: 255, method: 255, ethnic: UInt8(ethnic), stt: 0,
                       flags: Person.alive | Person.present, parity: 0, due: 0, busy: tag)
        q.education = Demography.education(age: spouseAge, year: y, ethnic: ethnic, &rng)
        return Spouse(person: q, province: province)
    }

    func spouseCells(_ s: inout Slip, _ q: Person, givesNumber: Bool) {
        s[.spouseName] = format.name(q)
        s[.spouseBirthDate] = format.birth(s.commune, q.birth)
        if givesNumber, q.number != 0 { s[.spousePersonalNumber] = format.number(q) }
    }

    /// KET_HON, and what follows: the bride or groom moves in from elsewhere (DEN), the
    /// subject leaves for the spouse's province (DI), or a local bride is paired with a man
    /// of another commune of her province (both KET_HON, her DI and her DEN there).
    func marriage(_ i: UInt32, age a: Int) {
        let p = pop.people[Int(i)]
        let own = provinceOf[commune(of: i)]
        if p.sex == 2, p.rel == 3 || p.rel == 1 || p.rel == 7, rng.chance(0.28) {
            brides.append(i)
            markBusy(i)
            return
        }
        let r = rng.unit()
        let comesIn = (p.rel == 1 || p.rel == 3) && (p.sex == 1 ? r < 0.4 : r < 0.15)
        let leaves = !comesIn && (p.sex == 1 ? r > 0.9 : r > 0.65)
        let province = CommuneBuilder.province(&rng, Demography.origins, other: own)
        var spouse = outsideSpouse(for: p, age: a, province: comesIn ? province : (rng.chance(0.7) ? own : province))
        if comesIn || rng.chance(0.5) {
            spouse.person.number = numbers.personal(province: spouse.province, sex: Int(spouse.person.sex),
                                                    year: Int(spouse.person.birthYear))
        }
        let wedding = day(1, comesIn || leaves ? length - 1 : length)
        var s = slip(.marriage, wedding, person: i)
        spouseCells(&s, spouse.person, givesNumber: rng.chance(0.6))
        emit(s)
        pop.people[Int(i)].marital = 2
        pop.people[Int(i)].set(Person.partnerGone, !comesIn)
        markBusy(i)
        let after = day(dayOfMonth(wedding) + 1)
        if comesIn, pop.households[Int(p.household)].nextStt < 89 {
            var q = spouse.person
            q.rel = p.rel == 1 ? 2 : 8
            let origin = rng.chance(0.05) ? "NN" : String(spouse.province < 10 ? "0\(spouse.province)" : "\(spouse.province)")
            arrive(q, into: p.household, on: after, from: origin)
        } else if leaves {
            let dest = rng.chance(0.08) ? "NN" : destination(from: own)
            moveOut(i, on: after, to: dest, inProvince: nil)
        }
    }

    /// Brides of this month paired with grooms of other communes of their province.
    func pairMarriages() {
        for b in brides {
            var groom: UInt32?
            let province = provinceIndex[commune(of: b)]
            let candidates = grooms[province]
            if provinceCommunes[province].count > 1, !candidates.isEmpty {
                for _ in 0..<20 {
                    let g = candidates[rng.below(candidates.count)]
                    if isFree(g), commune(of: g) != commune(of: b), pop.people[Int(g)].marital != 2 { groom = g; break }
                }
            }
            let bride = pop.people[Int(b)]
            let a = age(bride, on: start)
            guard let g = groom, pop.households[Int(pop.people[Int(g)].household)].nextStt < 89 else {
                // Nobody suitable: she marries someone from outside the registers and stays.
                let spouse = outsideSpouse(for: bride, age: a, province: provinceOf[commune(of: b)])
                var s = slip(.marriage, day(), person: b)
                spouseCells(&s, spouse.person, givesNumber: false)
                emit(s)
                pop.people[Int(b)].marital = 2
                pop.people[Int(b)].set(Person.partnerGone)
                continue
            }
            let groomP = pop.people[Int(g)]
            guard age(groomP, on: start) >= 20 else { continue }
            let wedding = day(1, length - 1)
            var s1 = slip(.marriage, wedding, person: b)
            spouseCells(&s1, groomP, givesNumber: rng.chance(0.6))
            emit(s1)
            var s2 = slip(.marriage, wedding, person: g)
            spouseCells(&s2, bride, givesNumber: rng.chance(0.6))
            emit(s2)
            pop.people[Int(b)].marital = 2
            pop.people[Int(g)].marital = 2
            pop.people[Int(g)].set(Person.partnerGone, false)
            markBusy(g)
            let moveDay = day(dayOfMonth(wedding) + 1)
            var moved = pop.people[Int(b)]
            moved.rel = groomP.rel == 1 ? 2 : 8
            moved.set(Person.partnerGone, false)
            moveOut(b, on: moveDay, to: reference.communes[commune(of: g)].code, inProvince: (moved, groomP.household))
        }
    }

    /// LY_HON of a couple, and often the spouse leaving afterwards.
    func divorce(head i: UInt32) -> Bool {
        guard let j = pop.partner(of: i), isFree(j), pop.people[Int(j)].due == 0 else { return false }
        let date = day(1, length - 1)
        emit(slip(.divorce, date, person: i))
        emit(slip(.divorce, date, person: j))
        for k in [i, j] {
            pop.people[Int(k)].marital = 4
            pop.people[Int(k)].set(Person.partnerGone)
            markBusy(k)
        }
        if rng.chance(0.5) {
            moveOut(j, on: day(dayOfMonth(date) + 1), to: destination(from: provinceOf[commune(of: j)]), inProvince: nil)
        }
        return true
    }

    // MARK: moves

    /// A province code to move to from province `own` (other provinces only; `NN` is chosen
    /// by callers).
    func destination(from own: Int) -> String {
        let list = Demography.excluding(own, from: Demography.destinations)
        return list[rng.weighted(list.map(\.1))].0
    }

    /// A person leaving alone: to another commune of their province (with the DEN there),
    /// to another province, or abroad. False if nothing happened.
    func moveOut(_ i: UInt32, age a: Int) -> Bool {
        let p = pop.people[Int(i)]
        if p.due != 0 { return false }
        let r = rng.unit()
        let date = day()
        if r < 0.3, let target = otherCommune(inProvinceOf: commune(of: i)) {
            let range = pop.communeHouseholds[target]
            guard !range.isEmpty else { return false }
            var moved = p
            if moved.marital == 2 { moved.set(Person.partnerGone) }
            if rng.chance(0.4) {
                let h = UInt32(range.lowerBound + rng.below(range.count))
                guard pop.households[Int(h)].nextStt < 89 else { return false }
                moved.rel = 9
                moveOut(i, on: date, to: reference.communes[target].code, inProvince: (moved, h))
            } else {
                moved.rel = 1
                let h = newHousehold(commune: target)
                moveOut(i, on: date, to: reference.communes[target].code, inProvince: (moved, h))
            }
            return true
        }
        let abroad = r > 0.9 && (18...40).contains(a)
        moveOut(i, on: date, to: abroad ? "NN" : destination(from: provinceOf[commune(of: i)]), inProvince: nil)
        return true
    }

    /// DI of person `i` on `date` to `place`; for a move inside the province, the DEN of the
    /// same person (same name, birth date, personal number) in household `into.1` the same day.
    func moveOut(_ i: UInt32, on date: Day, to place: String, inProvince into: (Person, UInt32)?) {
        var s = slip(.moveOut, date, person: i)
        s[.place] = place
        emit(s)
        pop.people[Int(i)].set(Person.present, false)
        if let partner = pop.partner(of: i) { pop.people[Int(partner)].set(Person.partnerGone) }
        markBusy(i)
        if options.errorRate > 0 { pools[commune(of: i)].ended(i, on: date) }
        if let (person, h) = into {
            var q = person
            q.residence = 1
            arrive(q, into: h, on: date, from: reference.communes[commune(of: i)].code)
        }
    }

    /// A household set up by newcomers, in one of the commune's areas.
    func newHousehold(commune c: Int) -> UInt32 {
        let areas = pop.areaSeq[c].count - 1
        let area = 1 + rng.below(max(1, areas))
        pop.areaSeq[c][area] += 1
        let h = UInt32(pop.households.count)
        pop.households.append(Household(commune: UInt16(c), area: UInt16(area), seq: pop.areaSeq[c][area],
                                         first: UInt32(pop.people.count), count: 0, nextStt: 1,
                                         hamlet: UInt8((area - 1) % 250), group: UInt8(rng.int(1...12)),
                                         houseNo: 0, flags: Household.formedLater))
        return h
    }

    /// DEN: `q` joins household `h` on `date`, coming from `origin` (commune, province or NN).
    @discardableResult
    func arrive(_ q: Person, into h: UInt32, on date: Day, from origin: String) -> UInt32 {
        var p = q
        p.household = h
        p.stt = pop.households[Int(h)].nextStt
        pop.households[Int(h)].nextStt += 1
        p.busy = tag
        p.flags = (p.flags & (Person.partnerGone | Person.pregnancyKnown | Person.lastBirthRecent | Person.female))
            | Person.alive | Person.present
        if p.marital == 0 { p.marital = 1 }
        let i = pop.add(p, to: h)
        var s = slip(.moveIn, date, person: nil, household: h)
        format.newcomer(&s, p, arrival: true)
        s[.place] = origin
        emit(s)
        return i
    }

    /// Whole households leaving together: to a new household of another commune of their
    /// province (DI here, DEN there, same day), to another province or abroad.
    func householdMoves() {
        let communes = reference.communes.count
        for c in 0..<communes {
            for h in pop.communeHouseholds[c] where rng.chance(0.000_16) {
                let members = pop.members(UInt32(h)).filter { pop.people[Int($0)].isHere }
                guard !members.isEmpty, members.allSatisfy({ isFree($0) && pop.people[Int($0)].due == 0 }) else { continue }
                let date = day()
                let r = rng.unit()
                if r < 0.35, let target = otherCommune(inProvinceOf: c) {
                    let nh = newHousehold(commune: target)
                    // As they were before leaving: couples stay couples in their new home.
                    let before = members.map { pop.people[Int($0)] }
                    for (m, person) in zip(members, before) {
                        moveOut(m, on: date, to: reference.communes[target].code, inProvince: (person, nh))
                    }
                } else {
                    let place = r > 0.97 ? "NN" : destination(from: provinceOf[c])
                    for m in members { moveOut(m, on: date, to: place, inProvince: nil) }
                }
            }
        }
    }
}
