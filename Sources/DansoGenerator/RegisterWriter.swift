import DansoDomain

/// A problem written into a file on purpose, as truth.csv lists it.
struct TruthRow: Comparable {
    var path: String
    var line: Int
    var rule: String
    var note: String

    static func < (a: TruthRow, b: TruthRow) -> Bool { (a.path, a.line, a.rule) < (b.path, b.line, b.rule) }
}

/// One line of manifest.csv.
struct ManifestRow {
    var path: String
    var kind: String
    var commune: String
    var period: String
    var encoding: OutputEncoding
    var delimiter: String
    var header: String
    var lines: Int
}

/// Writes one commune's household register (A0): one line per person, households in area
/// order, members by number; with `--errors`, extra lines that each break one rule; with
/// `--duplicates`, exact repeats of some lines.
struct RegisterWriter {
    let pop: Population
    let names: NameBook
    let reference: ProvinceReference
    let commune: Int
    let layout: RegisterLayout
    let date: Day
    var rng: Xoshiro
    /// Injection decisions and injected content: a stream of their own.
    var injRng: Xoshiro
    let injector: Injector

    /// What every line of a household shares, as bytes (built once per household).
    struct HouseholdCells {
        var code: [UInt8]
        var collaborator: [UInt8]
        var address: [UInt8]
        var area: [UInt8]
    }

    /// Coded values as labels in this file's style, by code (built once per file).
    struct Labels {
        var sex: [[UInt8]] = [], rel: [[UInt8]] = [], marital: [[UInt8]] = [], residence: [[UInt8]] = []
        var education: [[UInt8]] = [], method: [[UInt8]] = [], ethnic: [[UInt8]] = []

        init(_ header: HeaderStyle, ethnicNames: [String]) {
            func table<T: CodeListValue>(_ type: T.Type, _ size: Int) -> [[UInt8]] {
                (0..<size).map { code in T(rawValue: code).map { Array(header.value($0.labelVI).utf8) } ?? [] }
            }
            sex = table(Sex.self, 3)
            rel = table(Relationship.self, 10)
            marital = table(MaritalStatus.self, 6)
            residence = table(ResidenceStatus.self, 4)
            education = table(Education.self, 9)
            method = table(ContraceptiveMethod.self, 9)
            ethnic = ethnicNames.map { Array(header.value($0).utf8) }
        }
    }

    var labels: Labels? = nil

    func cellText(_ column: RegisterColumn) -> String {
        layout.header.text(machine: column.machineName, label: column.labelVI)
    }

    /// Writes the file; returns its manifest row and truth rows.
    mutating func write(to path: String, relative: String, numbers: inout NumberAllocator,
                        sink: (([String]) -> Void)?) throws(GeneratorError) -> (ManifestRow, [TruthRow]) {
        let file = try CSVFile(path: path, format: layout.format)
        file.sink = sink
        for column in layout.columns { file.field(cellText(column)) }
        try file.endRecord()
        var truth: [TruthRow] = []
        let info = reference.communes[commune]
        var chot: [UInt8] = []
        layout.dateStyle.append(date, to: &chot)
        if layout.labels { labels = Labels(layout.header, ethnicNames: reference.ethnicNames) }
        for h in pop.communeHouseholds[commune] {
            let hh = pop.households[h]
            var area: [UInt8] = []
            Digits.append(Int(hh.area), to: &area)
            var collaborator = Array("CTV-\(info.code)-".utf8)
            Digits.append(Int(hh.area), to: &collaborator, width: 2)
            let address = HouseholdCells(code: Array(pop.code(UInt32(h)).utf8), collaborator: collaborator,
                                         address: Array(self.address(hh, info, index: h).utf8), area: area)
            for k in 0..<Int(hh.count) {
                let i = Int(hh.first) + k
                let p = pop.people[i]
                writePerson(p, household: UInt32(h), address: address, chot: chot, file: file, overrides: nil,
                            numbers: &numbers)
                let twice = injector.duplicate(&injRng)
                let line = try file.endRecord(twice: twice)
                if twice { truth.append(TruthRow(path: relative, line: file.duplicateLine, rule: "DUP",
                                                 note: "lặp lại dòng \(line) / exact repeat of line \(line)")) }
            }
            // Extra lines that each break one rule, after the household's members.
            for _ in 0..<injector.injections(lines: Int(hh.count), &injRng) {
                truth += try injectLine(household: UInt32(h), address: address, chot: chot, file: file, relative: relative,
                                        numbers: &numbers)
            }
        }
        try file.close()
        let encoding = file.wroteNonASCII || !layout.format.encoding.isEightBit ? layout.format.encoding : .utf8
        if file.unencodable { throw .io("ký tự không mã hóa được / unencodable character in \(relative)") }
        let row = ManifestRow(path: relative, kind: "a0", commune: info.code, period: date.iso, encoding: encoding,
                              delimiter: layout.format.delimiterName, header: layout.headerLabel, lines: file.records)
        return (row, truth)
    }

    /// The household's address: hamlets (ấp) in communes, quarters and streets in towns.
    func address(_ hh: Household, _ info: CommuneInfo, index: Int) -> String {
        // A few addresses hold a quote or a line break, as typed in the field (RFC 4180 quoting).
        let mark = index < 0 ? 0 : (UInt64(index) &* 0x9E37_79B9_7F4A_7C15) >> 40
        if mark % 3001 == 17 { return address(hh, info, index: -1) + ", cạnh tiệm tạp hóa \"Ba Lượm\"" }
        if mark % 7001 == 29 { return address(hh, info, index: -1) + "\n(hẻm cạnh trường tiểu học)" }
        if info.isUrban {
            let street = Self.streets[Int(hh.hamlet &+ UInt8(truncatingIfNeeded: hh.houseNo)) % Self.streets.count]
            let no = hh.houseNo == 0 ? Int(hh.group) * 7 + 1 : Int(hh.houseNo)
            return "Số \(no) đường \(street), Khu phố \(Int(hh.hamlet) + 1)"
        }
        let hamlet = Self.hamlets[(Int(hh.hamlet) + Int(commune) * 7) % Self.hamlets.count]
        if hh.houseNo != 0 { return "Số \(hh.houseNo), Tổ \(hh.group), Ấp \(hamlet)" }
        return "Tổ \(hh.group), Ấp \(hamlet)"
    }

    mutating func writePerson(_ p: Person, household h: UInt32, address: HouseholdCells, chot: [UInt8], file: CSVFile,
                              overrides: [RegisterColumn: String]?, numbers: inout NumberAllocator) {
        // An injected line draws from the injection stream, never from the clean one.
        let ghost = overrides != nil
        if ghost { swap(&rng, &injRng) }
        defer { if ghost { swap(&rng, &injRng) } }
        let info = reference.communes[commune]
        var cell: [UInt8] = []
        cell.reserveCapacity(64)
        let shortDates = layout.shortDatesSometimes && rng.chance(0.08)
        let style: DateStyle = shortDates ? .dmyShort : layout.dateStyle
        let age = p.birth.age(at: date)
        for column in layout.columns {
            cell.removeAll(keepingCapacity: true)
            if let text = overrides?[column] {
                file.field(Array(text.utf8))
                continue
            }
            switch column {
            case .asOf: cell = chot
            case .provinceCode: cell.append(contentsOf: info.provinceCode.utf8)
            case .districtCode: cell.append(contentsOf: info.districtCode.utf8)
            case .communeCode: cell.append(contentsOf: info.code.utf8)
            case .area: cell = address.area
            case .collaborator: cell = address.collaborator
            case .householdCode: cell = address.code
            case .address: cell = address.address
            case .memberNo: Digits.append(Int(p.stt), to: &cell)
            case .personalNumber:
                if p.number != 0 {
                    NumberAllocator.append(p.number, digit4: NumberAllocator.sexCenturyDigit(sex: Int(p.sex), year: Int(p.birthYear)),
                                           year: Int(p.birthYear), to: &cell)
                }
            case .healthCard:
                if !ghost, rng.chance(0.6) { healthCard(p, age: age, numbers: &numbers, into: &cell) }
            case .fullName: names.appendName(p.family, p.middle, p.given, to: &cell)
            case .relationship: coded(Int(p.rel), labels?.rel, into: &cell)
            case .sex: coded(Int(p.sex), labels?.sex, into: &cell)
            case .birthDate: style.append(p.birth, to: &cell)
            case .ethnicity:
                if let labels { cell = labels.ethnic[Int(p.ethnic)] } else { Digits.append(Int(p.ethnic), to: &cell, width: 2) }
            case .education: if p.education != 255 { coded(Int(p.education), labels?.education, into: &cell) }
            case .maritalStatus: if p.marital != 0 { coded(Int(p.marital), labels?.marital, into: &cell) }
            case .residence: coded(Int(p.residence), labels?.residence, into: &cell)
            case .method: if p.method != 255 { coded(Int(p.method), labels?.method, into: &cell) }
            case .updatedOn:
                if rng.chance(0.2) {
                    let lo = max(p.birth.earliestDay, date.addingYears(-3))
                    style.append(lo + rng.below(max(1, date - lo + 1)), to: &cell)
                }
            }
            file.field(cell)
        }
    }

    @inline(__always)
    private func coded(_ code: Int, _ labels: [[UInt8]]?, into cell: inout [UInt8]) {
        if let labels, code < labels.count, !labels[code].isEmpty { cell = labels[code] } else { Digits.append(code, to: &cell) }
    }

    /// A health insurance card number: beneficiary group, the commune's province, social
    /// insurance number (which starts with the province too).
    private mutating func healthCard(_ p: Person, age: Int, numbers: inout NumberAllocator, into cell: inout [UInt8]) {
        let group: String
        if age < 6 { group = "TE1" }
        else if age <= 18, rng.chance(0.8) { group = "HS4" }
        else if age >= 60, rng.chance(0.35) { group = "HT2" }
        else if p.ethnic == 5 || p.ethnic == 14, rng.chance(0.6) { group = "HN2" }
        else if (18...55).contains(age), rng.chance(0.3) { group = "DN2" }
        else { group = "GD4" }
        cell.append(contentsOf: group.utf8)
        let info = reference.communes[commune]
        cell.append(contentsOf: info.provinceCode.utf8)
        Digits.append(Int(numbers.insuranceNumber(province: info.provinceNumber)), to: &cell, width: 10)
    }

    static let hamlets = ["Tân Hòa", "Tân Thanh", "Tân Khai", "Tân Đông", "Tân Trung", "Tân Thuận", "Tân Kiên", "Phước Hội",
        "Phước Bình", "Phước Lợi", "Khởi Hà", "Thạnh Phú", "Thạnh Hòa", "Bình Lợi", "Bình Hòa", "Bình Phong", "Long Hòa",
        "Long Thới", "Long Giang", "An Hòa", "An Lộc", "An Phú", "Hòa Bình", "Hòa Hội", "Hiệp Phước", "Trường Phước",
        "Cẩm Bình", "Thuận Hòa", "Lộc Trung", "Ninh Phúc", "Suối Cao", "Bàu Sen", "Trà Võ", "Cây Xoài", "Rạch Sơn",
        "Bến Đình", "Xóm Mới", "Gò Chai", "Đá Hàng", "Tầm Lanh", "Bàu Vừng", "Chánh", "Lộc Thuận", "Phước Hòa"]
    static let streets = ["Cách Mạng Tháng Tám", "Trần Hưng Đạo", "Nguyễn Chí Thanh", "Lê Lợi", "Võ Thị Sáu", "Hùng Vương",
        "Nguyễn Văn Rốp", "Ba Mươi Tháng Tư", "Phạm Văn Đồng", "Trưng Nữ Vương", "Huỳnh Tấn Phát", "Nguyễn Trãi",
        "Lạc Long Quân", "Điện Biên Phủ", "Tôn Đức Thắng"]
}
