extension LinkageSet {
    /// Finds each person's mother among the household's members, from the relationships
    /// the register builder gives (code list R): the head's children are the head's wife's
    /// (or a female head's), the grandchildren the daughter-in-law's (or the married
    /// daughter's), the head and the head's brothers and sisters the head's mother's (a
    /// parent living in). A mother must be 15 to 50 years older; otherwise none is known.
    func findMothers() {
        mother = [UInt32](repeating: 0, count: pop.people.count)
        for h in 0..<UInt32(pop.households.count) {
            let members = pop.members(h)
            func first(_ rel: UInt8, female: Bool = true, married: Bool = false) -> UInt32? {
                members.first { m in
                    let q = pop.people[Int(m)]
                    return q.rel == rel && (q.sex == 2) == female && (!married || q.marital == 2)
                }
            }
            let ofChildren = first(2) ?? first(1)
            let ofGrandchildren = first(8) ?? (first(8, female: false) != nil ? first(3, married: true) : nil)
            let ofHead = first(5)
            for m in members {
                let candidate: UInt32? = switch pop.people[Int(m)].rel {
                case 3: ofChildren
                case 4: ofGrandchildren
                case 1, 7: ofHead
                default: nil
                }
                guard let c = candidate, c != m else { continue }
                let gap = Int(pop.people[Int(m)].birthYear) - Int(pop.people[Int(c)].birthYear)
                if (15...50).contains(gap) { mother[Int(m)] = c + 1 }
            }
        }
    }

    /// Gives a member who has the family and given name of an earlier member of the
    /// household other middle and given names (parents do not give two children one name,
    /// as `Simulation.birth` ensures for the children it adds; the register builder draws
    /// each child's name alone).
    func distinctGivenNames() {
        var rng = Xoshiro(options.seed, 0x6A3E)
        for h in 0..<UInt32(pop.households.count) {
            var taken: Set<UInt32> = []
            for m in pop.members(h) {
                var p = pop.people[Int(m)]
                var tries = 0
                while taken.contains(UInt32(p.family) << 16 | UInt32(p.given)), tries < 50 {
                    (p.middle, p.given) = names.names(ethnic: Int(p.ethnic), sex: Int(p.sex), year: Int(p.birthYear), &rng)
                    tries += 1
                }
                pop.people[Int(m)] = p
                taken.insert(UInt32(p.family) << 16 | UInt32(p.given))
            }
        }
    }

    /// Adds a twin to a few children listed with their mother: same household, mother,
    /// family name and birth date, the same or the other sex, a given name no one in the
    /// household has, and a personal number of their own when the sibling has one.
    func addTwins() {
        var rng = Xoshiro(options.seed, 0x7717)
        let count = pop.people.count
        for i in 0..<count where mother[i] != 0 {
            let p = pop.people[i]
            guard p.rel == 3 || p.rel == 4, p.birthMonth != 0, p.birthDay != 0, rng.chance(options.twinRate) else { continue }
            let h = p.household
            guard pop.households[Int(h)].nextStt < 90 else { continue }
            var twin = p
            twin.sex = rng.chance(0.6) ? p.sex : 3 - p.sex
            let taken = Set(pop.members(h).map { pop.people[Int($0)].given })
            var tries = 0
            repeat {
                (twin.middle, twin.given) = names.names(ethnic: Int(p.ethnic), sex: Int(twin.sex), year: Int(p.birthYear), &rng)
                tries += 1
            } while taken.contains(twin.given) && tries < 50
            guard !taken.contains(twin.given) else { continue }
            if twin.sex == p.sex, rng.chance(0.5) { twin.middle = p.middle }   // twins often share the middle name
            twin.number = p.number == 0 ? 0
                : numbers.personal(province: Int(p.number >> 20), sex: Int(twin.sex), year: Int(p.birthYear))
            twin.stt = pop.households[Int(h)].nextStt
            pop.households[Int(h)].nextStt += 1
            _ = pop.add(twin, to: h)
            mother.append(mother[i])
            twins += 1
        }
    }

    /// Completed age on the register date.
    func age(_ i: Int) -> Int { pop.people[i].birth.age(at: options.registerDate) }
}
