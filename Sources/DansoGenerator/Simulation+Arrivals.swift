extension Simulation {
    /// People coming from other provinces or from abroad (DEN): migrant families renting
    /// (temporary residents), grown children coming home, an elderly parent moving in with a
    /// son or daughter, single workers lodging with a family.
    func arrivals() {
        for c in 0..<reference.communes.count {
            let range = pop.communeHouseholds[c]
            guard !range.isEmpty else { continue }
            let groups = rng.poisson(Double(range.count) * 0.000_55)
            let own = provinceOf[c]
            for _ in 0..<groups {
                let province = CommuneBuilder.province(&rng, Demography.origins, other: own)
                let origin = province < 10 ? "0\(province)" : "\(province)"
                let date = day()
                switch rng.weighted([40, 25, 10, 25]) {
                case 0: migrantFamily(commune: c, province: province, origin: origin, on: date)
                case 1:
                    guard let h = household(in: range, headAge: 42...90) else { continue }
                    let headAge = age(pop.people[Int(head(of: h)!)], on: date)
                    let a = rng.int(18...max(18, min(35, headAge - 20)))
                    var q = newcomer(sex: rng.chance(0.5) ? 1 : 2, age: a, ethnic: Int(pop.people[Int(head(of: h)!)].ethnic),
                                     province: own, numberShare: 0.9, on: date)
                    q.rel = 3
                    q.marital = a >= 25 && rng.chance(0.2) ? 4 : 1
                    if q.marital == 4 { q.set(Person.partnerGone) }
                    // Back from where the work is: another province (the list without their own).
                    let from = ["79", "74", "75", "80"].filter { Int($0) != own }
                    arrive(q, into: h, on: date, from: rng.chance(0.15) ? "NN" : from[rng.below(from.count)])
                case 2:
                    guard let h = household(in: range, headAge: 30...60) else { continue }
                    let headAge = age(pop.people[Int(head(of: h)!)], on: date)
                    var q = newcomer(sex: rng.chance(0.65) ? 2 : 1, age: min(95, headAge + rng.int(22...34)),
                                     ethnic: Int(pop.people[Int(head(of: h)!)].ethnic), province: province, numberShare: 0.85,
                                     on: date)
                    q.rel = 5
                    q.marital = 3
                    q.set(Person.partnerGone)
                    arrive(q, into: h, on: date, from: origin)
                default:
                    guard let h = household(in: range, headAge: 25...90) else { continue }
                    var q = newcomer(sex: rng.chance(0.55) ? 1 : 2, age: rng.int(18...35), ethnic: 1, province: province,
                                     numberShare: 0.9, on: date)
                    q.rel = 9
                    q.marital = 1
                    q.residence = 2
                    arrive(q, into: h, on: date, from: origin)
                }
            }
        }
    }

    private func migrantFamily(commune c: Int, province: Int, origin: String, on date: Day) {
        let h = newHousehold(commune: c)
        pop.households[Int(h)].flags |= Household.temporary
        let residence: UInt8 = rng.chance(0.8) ? 2 : 1
        let headAge = rng.int(21...45)
        let ethnic = rng.chance(0.92) ? 1 : [5, 2, 7, 4][rng.below(4)]
        var head = newcomer(sex: rng.chance(0.7) ? 1 : 2, age: headAge, ethnic: ethnic, province: province, numberShare: 0.9, on: date)
        head.rel = 1
        head.residence = residence
        let couple = rng.chance(0.7)
        head.marital = couple ? 2 : (rng.chance(0.7) ? 1 : 4)
        if !couple { head.set(Person.partnerGone) }
        arrive(head, into: h, on: date, from: origin)
        guard couple else { return }
        let wifeAge = head.sex == 1 ? max(19, headAge - rng.int(0...5)) : min(60, headAge + rng.int(0...5))
        var spouse = newcomer(sex: head.sex == 1 ? 2 : 1, age: max(head.sex == 1 ? 19 : 21, wifeAge), ethnic: ethnic,
                              province: province, numberShare: 0.9, on: date)
        spouse.rel = 2
        spouse.marital = 2
        spouse.residence = residence
        let motherAge = head.sex == 1 ? age(spouse, on: date) : headAge
        arrive(spouse, into: h, on: date, from: origin)
        let family = head.sex == 1 ? head.family : spouse.family
        for _ in 0..<rng.weighted([3, 4, 2]) {
            let maxAge = motherAge - 20
            guard maxAge >= 0 else { break }
            var kid = newcomer(sex: rng.chance(0.52) ? 1 : 2, age: rng.int(0...min(14, maxAge)), ethnic: ethnic,
                               province: province, numberShare: 0.5, on: date)
            kid.family = family
            kid.rel = 3
            kid.residence = residence
            arrive(kid, into: h, on: date, from: origin)
        }
    }

    /// A new person of a given age on `date` (not yet in any household).
    func newcomer(sex: Int, age a: Int, ethnic: Int, province: Int, numberShare: Double, on date: Day) -> Person {
        var born = date.addingYears(-a) - rng.below(365)
        if born >= date { born = date - 1 }
        let (y, m, d) = born.ymd
        let family = names.familyName(ethnic: ethnic, &rng)
        let (mid, given) = names.names(ethnic: ethnic, sex: sex, year: y, &rng)
        var p = Person(household: 0, number: 0, birthYear: UInt16(y), family: family, middle: mid, given: given,
                       birthMonth: UInt8(m), birthDay: UInt8(d), sex: UInt8(sex), rel: 9, marital: a >= 15 ? 1 : 0,
                       residence: 1, education: 255, method: 255, ethnic: UInt8(ethnic), stt: 0,
                       flags: Person.alive | Person.present, parity: 0, due: 0, busy: tag)
        if y <= 1952, rng.chance(0.35) { p.birthMonth = 0; p.birthDay = 0 }
        p.education = Demography.education(age: a, year: y, ethnic: ethnic, &rng)
        if rng.chance(numberShare) { p.number = numbers.personal(province: province, sex: sex, year: y) }
        return p
    }

    /// The head (quan hệ 1) of a household if present.
    func head(of h: UInt32) -> UInt32? {
        pop.members(h).first { pop.people[Int($0)].rel == 1 && pop.people[Int($0)].isHere }
    }

    /// A household of the register with a head in an age range, room for a member; nil after a few tries.
    func household(in range: Range<Int>, headAge: ClosedRange<Int>) -> UInt32? {
        for _ in 0..<8 {
            let h = UInt32(range.lowerBound + rng.below(range.count))
            guard pop.households[Int(h)].nextStt < 89, let hd = head(of: h) else { continue }
            if headAge.contains(age(pop.people[Int(hd)], on: start)) { return h }
        }
        return nil
    }
}
