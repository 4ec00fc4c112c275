import DansoDomain

/// Checks of commune codes and ethnic groups against the reference lists.
enum CommuneCheck {
    /// The commune a cell names, valid on `day` (R06 otherwise).
    static func commune<C: FeedColumn>(_ cells: inout LineCells<C>, _ column: C, on day: CivilDate?,
                                       reference: ReferenceData) -> AdminUnit? {
        guard let code = cells.cell(column) else { return nil }
        let digits = code.utf8.count == 5 && code.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        let lookup = digits ? reference.communeLookup(code, on: day) : (existed: false, unit: nil)
        if !lookup.existed {
            cells.add(.R06, column, code, vi: "Mã xã «\(code)» không có trong danh mục đơn vị hành chính.",
                      en: "Commune code '\(code)' is not in the list of administrative units.")
            return nil
        }
        guard let day else { return nil }
        guard let commune = lookup.unit else {
            cells.add(.R06, column, code, vi: "Mã xã «\(code)» không còn hiệu lực vào ngày \(PartialDate(day)).",
                      en: "Commune code '\(code)' is not valid on \(day.iso).")
            return nil
        }
        return commune
    }

    /// The 2-digit GSO code of an ethnicity cell (R02 otherwise).
    static func ethnicity<C: FeedColumn>(_ cells: inout LineCells<C>, _ column: C, reference: ReferenceData) -> String? {
        guard let raw = cells.cell(column) else { return nil }
        if let code = reference.ethnicGroupCode(raw) { return code }
        cells.add(.R02, column, raw, vi: "Dân tộc «\(raw)» không có trong danh mục D (mã 01–54 hoặc tên dân tộc).",
                  en: "Ethnic group '\(raw)' is not in code list D (codes 01–54 or the group's name).")
        return nil
    }
}

/// Checks that depend on a person's age.
enum AgeCheck {
    /// Completed age on `day`; R04 when born after it, R05 when over 120.
    static func age<C: FeedColumn>(_ cells: inout LineCells<C>, _ column: C, birth: PartialDate, on day: CivilDate,
                                   dayNameVI: String, dayNameEN: String) -> Int? {
        if birth.earliestDay > day {
            cells.add(.R04, column, cells.cell(column), vi: "Ngày sinh \(birth) sau \(dayNameVI) \(PartialDate(day)).",
                      en: "Birth date \(birth) is after \(dayNameEN) \(day.iso).")
            return nil
        }
        let age = max(0, birth.referenceDay.completedYears(at: day))
        if age > 120 {
            cells.add(.R05, column, cells.cell(column), vi: "Tuổi \(age) vào \(dayNameVI), quá 120.",
                      en: "Age \(age) at \(dayNameEN) is over 120.")
        }
        return age
    }

    /// R09: ever married below the legal marriage age (18 women, 20 men).
    static func marriageAge<C: FeedColumn>(_ cells: inout LineCells<C>, _ column: C, marital: MaritalStatus?, sex: Sex?, age: Int?) {
        guard let marital, marital.hasMarried, let sex, let age else { return }
        let legal = sex == .female ? 18 : 20
        if age < legal {
            cells.add(.R09, column, cells.cell(column),
                      vi: "\(marital.labelVI) khi mới \(age) tuổi, dưới tuổi kết hôn (\(legal)).",
                      en: "\(marital.labelEN) at age \(age), below the legal marriage age (\(legal)).")
        }
    }

    /// R10: a method for someone who is not a married woman 15–49, or a female method for a man.
    static func methodEligibility<C: FeedColumn>(_ cells: inout LineCells<C>, _ column: C, method: ContraceptiveMethod?,
                                                 sex: Sex?, marital: MaritalStatus?, age: Int?) {
        guard let method, method != .none, let sex else { return }
        let eligible = sex == .female && marital == .married && (age.map { (15...49).contains($0) } ?? false)
        if !eligible || (sex == .male && method.isFemaleMethod) {
            cells.add(.R10, column, cells.cell(column),
                      vi: "Biện pháp tránh thai «\(method.labelVI)» cho người không thuộc diện (chỉ phụ nữ 15–49 có chồng).",
                      en: "Contraceptive method '\(method.labelEN)' for someone not eligible (married women 15–49 only).")
        }
    }
}
