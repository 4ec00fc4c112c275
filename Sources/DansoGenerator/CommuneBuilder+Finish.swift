extension CommuneBuilder {
    /// Fills what depends on the whole household: marital status from 15, schooling,
    /// residence (a few members away, some migrant households), personal numbers, methods
    /// of married women, and pregnancies under way on the register date.
    mutating func finish(_ members: inout [Person], numbers: inout NumberAllocator) {
        let temporary = rng.chance(temporaryShare)
        let otherProvince = temporary ? Self.province(&rng, Demography.origins, other: province) : nil
        for k in members.indices {
            var p = members[k]
            let a = p.birth.age(at: date)
            if a >= 15, p.marital == 0 { p.marital = 1 }
            if a < 15 { p.marital = 0 }
            // Never married below the legal age (no R09 in a clean register).
            if p.marital >= 2, a < (p.sex == 2 ? 18 : 20) { p.marital = 1 }
            p.education = Demography.education(age: a, year: Int(p.birthYear), ethnic: Int(p.ethnic), &rng)
            if temporary {
                p.residence = 2
            } else if [3, 7, 8].contains(p.rel), (18...40).contains(a), rng.chance(0.09) {
                p.residence = 3      // working in Bình Dương or Hồ Chí Minh City
            } else if p.rel == 2, p.sex == 1, (25...50).contains(a), rng.chance(0.03) {
                p.residence = 3
            }
            // Personal numbers: most people from 14, newborns since 2021, some other children.
            let share = a >= 14 ? 0.86 : p.birthYear >= 2021 ? 0.75 : 0.25
            if rng.chance(share) {
                var province = self.province
                if let otherProvince, a >= 14 || rng.chance(0.5) {
                    province = otherProvince
                } else if (p.rel == 2 || p.rel == 8), rng.chance(0.22) {
                    province = Self.province(&rng, Demography.origins, other: self.province)
                } else if p.birthYear < 1975, rng.chance(0.06) {
                    province = [38, 40, 42, 36, 34, 52][rng.below(6)]
                }
                p.number = numbers.personal(province: province, sex: Int(p.sex), year: Int(p.birthYear))
            }
            // Contraception: married women 15–49, most of them with a method.
            if p.sex == 2, p.marital == 2, (15...49).contains(a), p.residence != 3, rng.chance(0.82) {
                p.method = Demography.methods[WeightTable(Demography.methods.map(\.1)).draw(&rng)].0
            }
            members[k] = p
        }
        // Widowhood known in the household: a married member whose partner is not listed
        // (working away, not counted) keeps status 2; births need the partner at home.
        for k in members.indices where members[k].marital == 2 {
            let p = members[k]
            let wanted: [UInt8] = switch p.rel { case 1: [2]; case 2: [1]; case 3: [8]; case 8: [3]; case 5: [5]; default: [] }
            let partner = members.firstIndex { $0.sex != p.sex && $0.marital == 2 && wanted.contains($0.rel) }
            if partner == nil || members[partner!].residence == 3 { members[k].set(Person.partnerGone) }
        }
        // Pregnant on the register date: due in the first months of changes.
        for k in members.indices {
            let p = members[k]
            guard p.sex == 2, p.marital == 2, !p.has(Person.partnerGone), p.residence != 3,
                  !p.has(Person.lastBirthRecent) else { continue }
            let a = p.birth.age(at: date)
            let rate = Demography.pregnancyRate(age: a, parity: Int(p.parity)) * Self.methodFactor(p.method) * 5.5
            if rng.chance(rate) {
                members[k].due = UInt8(1 + WeightTable([1, 1, 1, 1, 0.75, 0.5, 0.25]).draw(&rng))
                members[k].set(Person.pregnancyKnown)
                if members[k].method != 255 { members[k].method = rng.chance(0.5) ? 0 : 255 }
            }
        }
    }

    /// How much a method lowers the chance of a pregnancy.
    static func methodFactor(_ method: UInt8) -> Double {
        // Most pregnancies are planned: the method is stopped first (a BPTT 0 slip).
        switch method {
        case 255, 0: 1
        case 8: 0.9
        case 7: 0.8
        case 6, 5: 0.7
        case 1, 4: 0.35
        default: 0      // sterilisation
        }
    }

    static func province(_ rng: inout Xoshiro, _ list: [(String, Double)]) -> Int {
        Int(list[WeightTable(list.map(\.1)).draw(&rng)].0)!
    }

    /// A province of `list` other than `own` (the same draws as `province(_:_:)` when `own`
    /// is not in the list, as for the former Tây Ninh).
    static func province(_ rng: inout Xoshiro, _ list: [(String, Double)], other own: Int) -> Int {
        province(&rng, Demography.excluding(own, from: list))
    }
}
