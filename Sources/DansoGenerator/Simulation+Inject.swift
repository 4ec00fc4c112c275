import DansoDomain

extension Simulation {
    /// Extra slips for one commune's file that each break one rule (`--errors`), built against
    /// the month as lived: idle people for slips that load with a warning (their event has
    /// no effect: a pregnancy record, a method for a man, a second marriage record), people
    /// or member numbers that cannot match for errors. `clean` may get one mutation (E10).
    func injectedSlips(commune c: Int, count: Int, clean: inout [Slip], previousCodes: [String],
                       nextInjectedID: inout Int) -> [Slip] {
        guard count > 0 else { return [] }
        var out: [Slip] = []
        let style = format.styles[c]
        let pool = pools.isEmpty ? InjectionPools() : pools[c]
        func idle(_ list: [UInt32], _ extra: (Person) -> Bool = { _ in true }) -> UInt32? {
            let ok = list.filter { let p = pop.people[Int($0)]; return p.isHere && p.busy < tag && extra(p) }
            return ok.isEmpty ? nil : ok[injRng.below(ok.count)]
        }
        let households = pop.communeHouseholds[c]
        for _ in 0..<count {
            let d = start + injRng.below(length)
            guard let rule = injector.nextChangeRule({ rule in
                switch rule {
                case "R01", "R03", "R06", "E01", "E08": idle(pool.women) != nil && (rule != "E08" || !previousCodes.isEmpty
                    || clean.contains { $0.role == .event && $0.date < d && $0.type != .correction && $0.type != .withdrawal })
                case "R04": idle(pool.women) != nil && end + 5 <= GeneratorOptions.lastLegacy
                case "R07": idle(pool.women) != nil && style.columns.contains(.personalNumber)
                case "R08": idle(pool.women, { $0.number == 0 }) != nil && style.columns.contains(.personalNumber)
                case "R10": idle(pool.men) != nil
                case "E09": idle(pool.married) != nil
                case "R02", "E11", "E07": idle(pool.anyone) != nil
                case "E03": pool.gone.contains { $0.1 < end }
                case "E05": clean.contains { $0.type == .birth && $0.role == .event && $0.date > start }
                case "E10": clean.contains { $0.type == .birth && $0.role == .event && $0.knownChildren >= 1 && $0[.birthOrder] != "1" }
                case "E04": !households.isEmpty
                default: !households.isEmpty
                }
            }) else { break }
            var s: Slip
            var note = ""
            func about(_ i: UInt32, _ type: EventType, _ date: Day) -> Slip {
                let h = pop.people[Int(i)].household
                var x = Slip(id: nextInjectedID, commune: c, month: month, date: date, type: type)
                nextInjectedID += 1
                format.base(&x, pop: pop, household: h, person: pop.people[Int(i)], rng: &injRng)
                x[.note] = ""
                return x
            }
            switch rule {
            case "R01":
                s = about(idle(pool.women)!, .methodChange, d)
                note = "BPTT không có biện pháp mới / BPTT without the new method"
            case "R02":
                s = about(idle(pool.anyone)!, .pregnancy, d)
                s[.eventType] = "CHUYEN_XA"
                note = "loại biến động không có trong danh mục E / event type not in list E"
            case "R03":
                s = about(idle(pool.women)!, .pregnancy, d)
                let (y, _, _) = d.ymd
                s[.eventDate] = switch style.dateStyle {
                case .iso: "\(y)-02-30"
                case .dmyDash: "30-02-\(y)"
                case .dmyShort: "30/2/\(y)"
                case .dmy: "30/02/\(y)"
                }
                note = "ngày 30/02 không tồn tại / 30 February does not exist"
            case "R04":
                s = about(idle(pool.women)!, .pregnancy, d)
                s[.eventDate] = format.date(c, end + 1 + injRng.below(4))
                note = "ngày xảy ra sau kỳ báo cáo / event after the reporting month"
            case "R06":
                s = about(idle(pool.women)!, .pregnancy, d)
                s[.communeCode] = "99999"
                note = "mã xã không có / unknown commune code"
            case "R07":
                s = about(idle(pool.women)!, .pregnancy, d)
                s[.personalNumber] = "0" + reference.communes[c].provinceCode + String(injRng.int(1_000_000...9_999_999))
                note = "số định danh 10 chữ số / a 10-digit personal number"
            case "R08":
                let i = idle(pool.women, { $0.number == 0 })!
                let p = pop.people[Int(i)]
                s = about(i, .pregnancy, d)
                let wrong = NumberAllocator.sexCenturyDigit(sex: Int(p.sex), year: Int(p.birthYear)) ^ 1
                s[.personalNumber] = NumberAllocator.text(injector.numbers.injected(province: provinceOf[c], digit4: wrong,
                                                                                    year: Int(p.birthYear)),
                                                          digit4: wrong, year: Int(p.birthYear))
                s[.sex] = format.coded(c, Int(p.sex), Sex.self)
                s[.birthDate] = format.birth(c, p.birth)
                note = "số định danh của người nam cho một phụ nữ / a man's number for a woman"
            case "R10":
                s = about(idle(pool.men)!, .methodChange, d)
                s[.method] = format.coded(c, 1, ContraceptiveMethod.self)
                note = "nam giới đặt vòng / an IUD for a man"
            case "E01":
                s = about(idle(pool.women)!, .pregnancy, month == 0 ? start - 1 : start - 1 - injRng.below(20))
                note = "báo muộn: sự kiện của tháng trước / late report of last month's event"
            case "E03":
                let (i, when) = pool.gone.filter { $0.1 < end }[injRng.below(pool.gone.filter { $0.1 < end }.count)]
                s = about(i, .death, when + 1 + injRng.below(end - when))
                s[.personalNumber] = ""
                note = "người đã chết hoặc đã chuyển đi / already dead or gone"
            case "E05":
                let births = clean.filter { $0.type == .birth && $0.role == .event && $0.date > start }
                let b = births[injRng.below(births.count)]
                s = Slip(id: nextInjectedID, commune: c, month: month, date: b.date - 1, type: .newbornScreening)
                nextInjectedID += 1
                for column in [ChangeColumn.communeCode, .area, .collaborator, .channel, .householdCode, .memberNo, .fullName] {
                    s[column] = b[column]
                }
                s[.eventType] = format.type(c, .newbornScreening)
                s[.eventDate] = format.date(c, b.date - 1)
                note = "sàng lọc sơ sinh trước ngày sinh / screened before birth"
            case "E07":
                s = about(idle(pool.anyone)!, .correction, d)
                s[.originalSlip] = "\(reference.communes[c].code)-000000-00000"
                note = "sửa một phiếu không có / corrects a slip that does not exist"
            case "E08":
                s = about(idle(pool.women)!, .pregnancy, d)
                if let code = previousCodes.isEmpty ? nil : previousCodes[injRng.below(previousCodes.count)] {
                    s[.slipCode] = code
                } else {
                    let earlier = clean.filter { $0.role == .event && $0.date < d && $0.type != .correction && $0.type != .withdrawal }
                    s[.slipCode] = earlier[injRng.below(earlier.count)][.slipCode]
                }
                note = "mã phiếu đã dùng cho phiếu khác / a slip id used for another slip"
            case "E09":
                let i = idle(pool.married)!
                s = about(i, .marriage, d)
                let q = outsideSpouseForInjection(pop.people[Int(i)])
                s[.spouseName] = format.name(q)
                s[.spouseBirthDate] = format.birth(c, q.birth)
                note = "kết hôn khi đang có vợ/chồng / marriage of someone married"
            case "E10":
                let candidates = clean.indices.filter { clean[$0].type == .birth && clean[$0].role == .event
                    && clean[$0].knownChildren >= 1 && clean[$0][.birthOrder] != "1" }
                let k = candidates[injRng.below(candidates.count)]
                clean[k][.birthOrder] = "1"
                clean[k].role = .injected(rule: "E10", note: "con thứ 1 nhưng mẹ đã có con / first child of a mother with children")
                injector.count("E10")
                continue
            case "E11":
                s = about(idle(pool.anyone)!, .moveOut, d)
                s[.place] = "99999"
                note = "nơi đến không có / unknown destination"
            default:
                // Slips about a household: E02 (nobody with that number), E04 (a man as mother),
                // E06 (a new member with a number in use), and arrivals that break a line rule.
                var built: (Slip, String)?
                for _ in 0..<12 where built == nil {   // E04 needs a man at the head
                    let h = UInt32(households.lowerBound + injRng.below(households.count))
                    built = householdInjection(rule, household: h, commune: c, date: d, id: &nextInjectedID)
                }
                guard let built else { continue }
                (s, note) = built
            }
            s.role = .injected(rule: rule, note: note)
            injector.count(rule)
            out.append(s)
        }
        return out
    }

    private func outsideSpouseForInjection(_ p: Person) -> Person {
        let sex = p.sex == 1 ? 2 : 1
        let born = start.addingYears(-30) - injRng.below(3000)
        let (y, m, d) = born.ymd
        let (mid, given) = names.names(ethnic: 1, sex: sex, year: y, &injRng)
        return Person(household: 0, number: 0, birthYear: UInt16(y), family: names.familyName(ethnic: 1, &injRng),
                      middle: mid, given: given, birthMonth: UInt8(m), birthDay: UInt8(d), sex: UInt8(sex), rel: 9,
                      marital: 2, residence: 1, education: 255, method: 255, ethnic: 1, stt: 0,
                      flags: Person.alive | Person.present, parity: 0, due: 0, busy: 0)
    }

    private func householdInjection(_ rule: String, household h: UInt32, commune c: Int, date d: Day,
                                    id: inout Int) -> (Slip, String)? {
        var s = Slip(id: id, commune: c, month: month, date: d, type: .death)
        id += 1
        func ghost(sex: Int, age a: Int, rel: UInt8, marital: UInt8) -> Person {
            let born = d.addingYears(-a) - injRng.below(300) - 1
            let (y, m, dd) = born.ymd
            let (mid, given) = names.names(ethnic: 1, sex: sex, year: y, &injRng)
            return Person(household: h, number: 0, birthYear: UInt16(y), family: names.familyName(ethnic: 1, &injRng),
                          middle: mid, given: given, birthMonth: UInt8(m), birthDay: UInt8(dd), sex: UInt8(sex), rel: rel,
                          marital: marital, residence: 1, education: 4, method: 255, ethnic: 1, stt: 0,
                          flags: 0, parity: 0, due: 0, busy: 0)
        }
        switch rule {
        case "E02":
            format.base(&s, pop: pop, household: h, person: nil, stt: 99, rng: &injRng)
            s[.fullName] = format.name(ghost(sex: 1, age: 70, rel: 9, marital: 3))
            s[.note] = ""
            return (s, "STT 99 không có trong hộ / no member 99 in the household")
        case "E04":
            guard let hd = head(of: h), pop.people[Int(hd)].sex == 1, let stt = injector.ghostNumber(h) else { return nil }
            s.type = .birth
            format.base(&s, pop: pop, household: h, person: nil, stt: stt, rng: &injRng)
            var baby = ghost(sex: 2, age: 0, rel: 3, marital: 0)
            let (y, m, dd) = d.ymd
            (baby.birthYear, baby.birthMonth, baby.birthDay) = (UInt16(y), UInt8(m), UInt8(dd))
            baby.stt = UInt8(stt)
            format.newcomer(&s, baby, arrival: false)
            s[.motherMemberNo] = String(pop.people[Int(hd)].stt)
            s[.birthOrder] = "1"
            s[.birthPlace] = "1"
            s[.note] = ""
            return (s, "mẹ là một người nam / the mother given is a man")
        case "E06", "R05", "R09", "R16":
            let stt: Int
            if rule == "E06" { stt = 1 } else {
                guard let g = injector.ghostNumber(h) else { return nil }
                stt = g
            }
            s.type = .moveIn
            format.base(&s, pop: pop, household: h, person: nil, stt: stt, rng: &injRng)
            var q = rule == "R09" ? ghost(sex: 2, age: 16, rel: 8, marital: 2) : ghost(sex: 1, age: 30, rel: 9, marital: 1)
            q.stt = UInt8(stt)
            format.newcomer(&s, q, arrival: true)
            s[.place] = provinceOf[c] == 79 ? "74" : "79"     // another province
            s[.note] = ""
            switch rule {
            case "E06": return (s, "STT 1 đã dùng trong hộ / member number 1 already used")
            case "R05":
                s[.birthDate] = String(injRng.int(1880...1898))
                return (s, "trên 120 tuổi / over 120 years old")
            case "R09": return (s, "có chồng khi 16 tuổi / married at 16")
            default:
                s[.fullName] = names.fullName(q.family, q.middle, 0) + " " + String(injRng.int(1...9))
                return (s, "họ tên có chữ số / a name with a digit")
            }
        default:
            return nil
        }
    }
}
