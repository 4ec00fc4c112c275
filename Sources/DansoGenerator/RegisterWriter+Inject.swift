import DansoDomain

extension RegisterWriter {
    /// Writes one extra line (two for R11) into a household, breaking exactly one rule of
    /// feeds.md §6 and nothing else. The person is someone new (member number 90–98, kinship
    /// 9 "Khác" or 8), so no real line, household check (R12–R14) or later slip depends on it.
    mutating func injectLine(household h: UInt32, address: HouseholdCells, chot: [UInt8], file: CSVFile, relative: String,
                             numbers: inout NumberAllocator) throws(GeneratorError) -> [TruthRow] {
        let columns = Set(layout.columns)
        guard let rule = injector.nextRegisterRule({ rule in
            switch rule {
            case "R07", "R08": columns.contains(.personalNumber)
            case "R10": columns.contains(.method)
            default: true
            }
        }), let stt = injector.ghostNumber(h) else { return [] }
        let hh = pop.households[Int(h)]
        let ethnic = Int(pop.people[Int(hh.first)].ethnic)
        var p = ghost(sex: rule == "R09" ? 2 : rule == "R10" ? 1 : (injRng.chance(0.5) ? 1 : 2),
                      age: rule == "R09" ? 16 : injRng.int(22...60), ethnic: ethnic, household: h, stt: stt)
        var overrides: [RegisterColumn: String] = [:]
        let style = layout.dateStyle
        var column = ""
        var note = ""
        switch rule {
        case "R01":
            overrides[.fullName] = ""
            (column, note) = ("ho_ten", "họ tên trống / empty name")
        case "R02":
            overrides[.sex] = "7"
            (column, note) = ("gioi_tinh", "giới tính 7 không có trong danh mục / sex 7 is not a code")
        case "R03":
            let y = injRng.int(1960...2000)
            overrides[.birthDate] = switch style {
            case .iso: "\(y)-02-30"
            case .dmyDash: "30-02-\(y)"
            case .dmyShort: "30/2/\(y)"
            case .dmy: "30/02/\(y)"
            }
            p.number = 0
            (column, note) = ("ngay_sinh", "ngày 30/02 không tồn tại / 30 February does not exist")
        case "R04":
            let d = date + injRng.int(3...40)
            overrides[.birthDate] = style.text(d)
            overrides[.maritalStatus] = ""
            overrides[.education] = ""
            p.number = 0
            (column, note) = ("ngay_sinh", "sinh sau ngày chốt sổ / born after the register date")
        case "R05":
            overrides[.birthDate] = String(injRng.int(1880...1898))
            p.marital = 3
            p.number = 0
            p.education = 0
            (column, note) = ("ngay_sinh", "trên 120 tuổi / over 120 years old")
        case "R06":
            let info = reference.communes[commune]
            if columns.contains(.districtCode) {
                overrides[.districtCode] = info.districtCode == "705" ? "706" : "705"
                (column, note) = ("ma_huyen", "mã huyện không khớp mã xã / district code disagrees with the commune")
            } else if columns.contains(.provinceCode) {
                overrides[.provinceCode] = info.provinceCode == "80" ? "79" : "80"
                (column, note) = ("ma_tinh", "mã tỉnh không khớp mã xã / province code disagrees with the commune")
            } else {
                overrides[.communeCode] = "99999"
                (column, note) = ("ma_xa", "mã xã không có trong danh mục / unknown commune code")
            }
        case "R07":
            overrides[.personalNumber] = "07" + String(injRng.int(10_000_000...99_999_999))
            (column, note) = ("so_dinh_danh", "số định danh 10 chữ số / a 10-digit personal number")
        case "R08":
            let right = NumberAllocator.sexCenturyDigit(sex: Int(p.sex), year: Int(p.birthYear))
            let wrong = right ^ 1
            let n = injector.numbers.injected(province: reference.communes[commune].provinceNumber, digit4: wrong,
                                              year: Int(p.birthYear))
            overrides[.personalNumber] = NumberAllocator.text(n, digit4: wrong, year: Int(p.birthYear))
            (column, note) = ("so_dinh_danh", "số định danh sai giới tính / personal number of the other sex")
        case "R09":
            p.marital = 2
            p.rel = 8
            p.number = 0
            (column, note) = ("tinh_trang_hon_nhan", "có chồng khi 16 tuổi / married at 16")
        case "R10":
            p.method = 1
            p.marital = 2
            (column, note) = ("bptt", "nam giới dùng vòng tránh thai / a man with an IUD")
        case "R11":
            // Two lines for one person key with different names: both rejected.
            let first = file.nextLine
            writePerson(p, household: h, address: address, chot: chot, file: file, overrides: [:], numbers: &numbers)
            try file.endRecord()
            var other = p
            other.given = ghost(sex: Int(p.sex), age: 30, ethnic: ethnic, household: h, stt: stt).given
            // Always another content: the birth day differs too (same key, other person).
            other.birthDay = p.birthDay == 28 ? 27 : p.birthDay + 1
            writePerson(other, household: h, address: address, chot: chot, file: file, overrides: [:], numbers: &numbers)
            let second = try file.endRecord()
            injector.count(rule, 2)
            let n = "STT \(stt) hai lần, khác tên / member \(stt) twice with different names"
            return [TruthRow(path: relative, line: first, rule: rule, note: n),
                    TruthRow(path: relative, line: second, rule: rule, note: n)]
        case "R16":
            overrides[.fullName] = names.fullName(p.family, p.middle, 0) + " " + String(injRng.int(1...9))
            (column, note) = ("ho_ten", "họ tên có chữ số / a name with a digit")
        default:
            return []
        }
        writePerson(p, household: h, address: address, chot: chot, file: file, overrides: overrides, numbers: &numbers)
        let line = try file.endRecord()
        injector.count(rule)
        return [TruthRow(path: relative, line: line, rule: rule, note: "\(column): \(note)")]
    }

    /// A new adult for an injected line (not added to the population).
    private mutating func ghost(sex: Int, age: Int, ethnic: Int, household h: UInt32, stt: Int) -> Person {
        let born = date.addingYears(-age) - injRng.below(365)
        let (y, m, d) = born.ymd
        let family = names.familyName(ethnic: ethnic, &injRng)
        let (mid, given) = names.names(ethnic: ethnic, sex: sex, year: y, &injRng)
        var p = Person(household: h, number: 0, birthYear: UInt16(y), family: family, middle: mid, given: given,
                       birthMonth: UInt8(m), birthDay: UInt8(d), sex: UInt8(sex), rel: 9,
                       marital: age >= 15 ? 1 : 0, residence: 1, education: 3, method: 255, ethnic: UInt8(ethnic),
                       stt: UInt8(stt), flags: Person.alive | Person.present, parity: 0, due: 0, busy: 0)
        if injRng.chance(0.7) {
            p.number = injector.numbers.injected(province: reference.communes[commune].provinceNumber,
                                                 digit4: NumberAllocator.sexCenturyDigit(sex: sex, year: y), year: y)
        }
        return p
    }
}
