import DansoDomain

extension Simulation {
    // MARK: births

    /// The relationship to the head of a child born to a mother with relationship `rel`.
    static func childRelationship(ofMother rel: UInt8) -> UInt8 {
        switch rel {
        case 1, 2: 3
        case 5: 7
        case 9: 9
        default: 4
        }
    }

    /// SINH (and the newborn's screening SLSS a few days later) for a mother due this month.
    func birth(mother i: UInt32) {
        var mother = pop.people[Int(i)]
        let h = mother.household
        let date = day()
        let motherAge = age(mother, on: date)
        guard (15...49).contains(motherAge), pop.households[Int(h)].nextStt < 89 else {
            pop.people[Int(i)].due = 0
            return
        }
        let father = pop.partner(of: i).map { pop.people[Int($0)] }
        let sex = rng.chance(0.528) ? 1 : 2
        let ethnic = Int(father?.ethnic ?? mother.ethnic)
        let family = father?.family ?? (mother.rel == 1 || mother.rel == 2 ? mother.family : names.familyName(ethnic: ethnic, &rng))
        var baby: Person
        repeat {
            let (mid, given) = names.names(ethnic: ethnic, sex: sex, year: date.year, &rng)
            let (y, m, d) = date.ymd
            baby = Person(household: h, number: 0, birthYear: UInt16(y), family: family, middle: mid, given: given,
                          birthMonth: UInt8(m), birthDay: UInt8(d), sex: UInt8(sex),
                          rel: Self.childRelationship(ofMother: mother.rel), marital: 0, residence: 1, education: 255,
                          method: 255, ethnic: UInt8(ethnic), stt: pop.households[Int(h)].nextStt,
                          flags: Person.alive | Person.present | Person.newborn, parity: 0, due: 0, busy: tag)
        } while pop.members(h).contains { pop.people[Int($0)].given == baby.given && pop.people[Int($0)].family == family }
        if rng.chance(0.5) {
            baby.number = numbers.personal(province: provinceOf[Int(pop.households[Int(h)].commune)], sex: sex, year: date.year)
        }
        // Birth order: above every child danso may count for her (E10), and her own count.
        var householdChildren = 0
        var knownChildren = 0
        if mother.rel == 1 || mother.rel == 2 {
            let mb = mother.birth.referenceDay
            for m in pop.members(h) {
                let q = pop.people[Int(m)]
                guard q.rel == 3 else { continue }
                householdChildren += 1
                if m >= pop.households[Int(h)].first, m < pop.households[Int(h)].first + UInt32(pop.households[Int(h)].count),
                   q.birth.referenceDay < date, BirthDate(mb).age(at: q.birth.referenceDay) >= 12 {
                    knownChildren += 1
                }
            }
        }
        let order = max(Int(mother.parity), householdChildren) + 1

        var s = slip(.birth, date, person: nil, household: h)
        format.newcomer(&s, baby, arrival: false)
        s[.motherMemberNo] = String(mother.stt)
        if mother.number != 0, rng.chance(0.4) { s[.motherPersonalNumber] = format.number(mother) }
        s[.birthOrder] = String(order)
        s[.birthPlace] = format.coded(s.commune, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3][rng.below(32)], PlaceOfBirth.self)
        s.knownChildren = knownChildren
        // Now and then the sex is first written wrong and corrected by a SUA (never when a
        // personal number, which encodes the sex, is given).
        if baby.number == 0, rng.chance(0.006) {
            emitCorrected(s, note: "Sửa giới tính: phiếu gốc ghi nhầm / sex corrected") { wrong in
                wrong[.sex] = format.coded(s.commune, sex == 1 ? 2 : 1, Sex.self)
            }
        } else {
            emit(s)
        }
        let b = pop.add(baby, to: h)
        pop.households[Int(h)].nextStt += 1
        mother.due = 0
        mother.parity &+= 1
        mother.set(Person.lastBirthRecent)
        mother.set(Person.pregnancyKnown, false)
        mother.busy = tag
        pop.people[Int(i)] = mother
        if mother.method == 255 || mother.method == 0, rng.chance(0.55) {
            let later = month + rng.int(2...4)
            if later < scheduledMethods.count { scheduledMethods[later].append(i) }
        }
        // Newborn screening 1–4 days after birth, in this month's file or the next one's.
        if rng.chance(0.88) {
            let when = date + rng.int(1...4)
            let m = when <= end ? month : month + 1
            if m < options.months {
                let screening = slip(.newbornScreening, when, person: b, month: m)
                emit(screening)
                if m > month { pop.people[Int(b)].busy = tag + 1 }
            }
        }
    }

    // MARK: deaths

    /// CHET; now and then first sent for the wrong member of the household and withdrawn
    /// (HUY) the next month.
    func death(_ i: UInt32) {
        let date = day()
        emit(slip(.death, date, person: i))
        let h = pop.people[Int(i)].household
        if let partner = pop.partner(of: i) { pop.people[Int(partner)].set(Person.partnerGone) }
        pop.people[Int(i)].set(Person.alive, false)
        pop.people[Int(i)].due = 0
        markBusy(i)
        if options.errorRate > 0 { pools[commune(of: i)].ended(i, on: date) }
        guard month + 1 < options.months, rng.chance(0.01) else { return }
        // The wrong member: alive, with nothing else this month or pending next month.
        for m in pop.members(h) where m != i && isFree(m) {
            let q = pop.people[Int(m)]
            guard q.due == 0, !q.has(Person.newborn) else { continue }
            let mistaken = slip(.death, date, person: m, role: .mistake)
            emit(mistaken)
            var withdrawal = slip(.withdrawal, options.monthStart(month + 1) + rng.below(10), person: m, month: month + 1,
                                  role: .withdrawal(of: mistaken.id))
            withdrawal[.note] = "Chọn nhầm thành viên, hủy phiếu báo tử / wrong member, death slip withdrawn"
            emit(withdrawal)
            markBusy(m)
            break
        }
    }

    // MARK: pregnancies and contraception

    /// A married woman's month: a pregnancy noticed (MANG_THAI, after stopping her method),
    /// a prenatal screening (SLTS), or a change of method (BPTT). True if something happened.
    func womanMonth(_ i: UInt32, age a: Int) -> Bool {
        let p = pop.people[Int(i)]
        guard !p.has(Person.partnerGone), p.residence != 3 else { return false }
        if p.due > tag {
            guard p.has(Person.pregnancyKnown), rng.chance(0.22) else { return false }
            emit(slip(.prenatalScreening, day(), person: i))
            markBusy(i)
            return true
        }
        guard p.due == 0, (18...44).contains(a) else { return methodChange(i, age: a) }
        let modern = p.method >= 1 && p.method <= 7
        var rate = Demography.pregnancyRate(age: a, parity: Int(p.parity)) * CommuneBuilder.methodFactor(p.method)
        if p.has(Person.lastBirthRecent) { rate = 0 }
        if rng.chance(rate) {
            var dayOf = day()
            if modern || (p.method == 8 && rng.chance(0.5)) {
                // Stopped her method first (reported), then found pregnant.
                let stop = day(1, length - 1)
                var s = slip(.methodChange, stop, person: i)
                s[.method] = format.coded(s.commune, 0, ContraceptiveMethod.self)
                emit(s)
                dayOf = day(dayOfMonth(stop) + 1)
                pop.people[Int(i)].method = 0
            }
            emit(slip(.pregnancy, dayOf, person: i))
            // Recorded at two to five months: due four to seven months later.
            pop.people[Int(i)].due = tag + UInt8(rng.int(4...7))
            pop.people[Int(i)].set(Person.pregnancyKnown)
            markBusy(i)
            // A pregnancy slip entered twice, the copy withdrawn (HUY).
            if rng.chance(0.004) {
                let copy = slip(.pregnancy, dayOf, person: i, role: .mistake)
                emit(copy)
                let next = month + 1 < options.months
                var withdrawal = slip(.withdrawal, next ? options.monthStart(month + 1) + rng.below(8) : end,
                                      person: i, month: next ? month + 1 : month, role: .withdrawal(of: copy.id))
                withdrawal[.note] = "Phiếu nhập trùng, hủy bản sau / entered twice, the copy withdrawn"
                emit(withdrawal)
            }
            return true
        }
        return methodChange(i, age: a)
    }

    /// A switch of method, or stopping one to have a child.
    func methodChange(_ i: UInt32, age a: Int) -> Bool {
        let p = pop.people[Int(i)]
        guard p.due == 0, (15...49).contains(a) else { return false }
        let date = day()
        guard age(p, on: date) <= 49 else { return false }
        var method: UInt8
        if p.method >= 1 && p.method <= 7 && p.method != 2 && p.method != 3 && p.parity < 2 && a < 38 && rng.chance(0.006) {
            method = 0
        } else if rng.chance(0.002) {
            method = Demography.methods[rng.weighted(Demography.methods.map(\.1))].0
            if method == 2 && (p.parity < 2 || a < 28) { method = 1 }
            guard method != p.method, p.method != 2, p.method != 3 else { return false }
        } else {
            return false
        }
        recordMethod(i, method, date)
        return true
    }

    /// BPTT; now and then first sent with a wrong method and corrected by a SUA.
    func recordMethod(_ i: UInt32, _ method: UInt8, _ date: Day) {
        var s = slip(.methodChange, date, person: i)
        s[.method] = format.coded(s.commune, Int(method), ContraceptiveMethod.self)
        if method != 0, rng.chance(0.004) {
            let other: UInt8 = [1, 4, 5, 6, 7].filter { $0 != method }[rng.below(4)]
            emitCorrected(s, note: "Sửa BPTT ghi nhầm / method corrected") { wrong in
                wrong[.method] = format.coded(s.commune, Int(other), ContraceptiveMethod.self)
            }
        } else {
            emit(s)
        }
        pop.people[Int(i)].method = method
        markBusy(i)
    }

    /// Methods taken up two to four months after a birth.
    func postpartumMethods() {
        guard month < scheduledMethods.count else { return }
        for i in scheduledMethods[month] {
            let p = pop.people[Int(i)]
            guard isFree(i), p.marital == 2, p.due == 0, !p.has(Person.partnerGone), p.residence != 3 else { continue }
            let date = day()
            guard (15...49).contains(age(p, on: date)) else { continue }
            var method = Demography.postpartum[rng.weighted(Demography.postpartum.map(\.1))].0
            if method == 2 && (p.parity < 2 || age(p, on: date) < 28) { method = 1 }
            if method == p.method { continue }
            recordMethod(i, method, date)
        }
    }
}
