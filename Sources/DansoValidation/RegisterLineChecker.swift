import DansoDomain

/// Checks one household register line (rules F03, R01–R10, R16) and builds the person.
///
/// Pure: knows nothing of files or databases, so every rule is unit-tested alone.
public struct RegisterLineChecker: Sendable {
    public let header: HeaderMap<RegisterColumn>
    public let headerWidth: Int
    public let reference: ReferenceData

    public init(header: HeaderMap<RegisterColumn>, headerWidth: Int, reference: ReferenceData) {
        self.header = header
        self.headerWidth = headerWidth
        self.reference = reference
    }

    /// What a line became: a person to load (with warnings) or findings that keep it out.
    public enum Verdict: Sendable {
        case accepted(RegisterLine, warnings: [Finding])
        case rejected([Finding])
    }

    public func check(line: Int, fields: [String]) -> Verdict {
        var findings: [Finding] = []
        // F03: more cells than the header, and the extra ones are not empty.
        if fields.count > headerWidth, fields[headerWidth...].contains(where: { !$0.trimmingSpaces.isEmpty }) {
            return .rejected([Finding(line: line, rule: .F03, value: String(fields.count),
                vi: "Dòng có \(fields.count) cột, tiêu đề chỉ có \(headerWidth): không thể khớp cột (kiểm tra dấu phân cách hoặc dấu ngoặc kép).",
                en: "The line has \(fields.count) fields but the header has \(headerWidth): fields cannot be aligned (check delimiters or quotes).")])
        }
        func cell(_ c: RegisterColumn) -> String? {
            guard let p = header[c], p < fields.count else { return nil }
            let v = fields[p].trimmingSpaces
            return v.isEmpty ? nil : v
        }
        func add(_ rule: RuleCode, _ c: RegisterColumn?, _ value: String?, vi: String, en: String) {
            findings.append(Finding(line: line, rule: rule, column: c?.machineName, value: value, vi: vi, en: en))
        }
        for c in RegisterColumn.allCases where c.isRequired && cell(c) == nil {
            add(.R01, c, nil, vi: "Thiếu \(c.labelVI) (bắt buộc).", en: "\(c.machineName) is required but empty.")
        }
        func coded<T: CodeListValue>(_ c: RegisterColumn, _ type: T.Type) -> T? {
            guard let raw = cell(c) else { return nil }
            if let v = T.parse(raw) { return v }
            add(.R02, c, raw, vi: "\(c.labelVI) «\(raw)» không có trong danh mục \(T.listName) (\(T.catalogue)).",
                en: "\(c.machineName) '\(raw)' is not in code list \(T.listName).")
            return nil
        }
        func number(_ c: RegisterColumn, _ range: ClosedRange<Int>) -> Int? {
            guard let raw = cell(c) else { return nil }
            if let n = Int(raw), range.contains(n) { return n }
            add(.R02, c, raw, vi: "\(c.labelVI) «\(raw)» phải là số từ \(range.lowerBound) đến \(range.upperBound).",
                en: "\(c.machineName) '\(raw)' must be a number from \(range.lowerBound) to \(range.upperBound).")
            return nil
        }
        func date(_ c: RegisterColumn, partial: Bool) -> PartialDate? {
            guard let raw = cell(c) else { return nil }
            switch PartialDate.parse(raw, allowPartial: partial) {
            case .success(let d): return d
            case .failure(let problem):
                let (vi, en): (String, String) = switch problem {
                case .twoDigitYear: ("năm phải có 4 chữ số, không đoán năm 2 chữ số", "the year must have 4 digits; 2-digit years are never guessed")
                case .impossible: ("ngày không tồn tại", "the day does not exist")
                case .partialNotAllowed: ("cần ngày đầy đủ dd/mm/yyyy", "a full date dd/mm/yyyy is required")
                case .unreadable: ("không đọc được; dùng dd/mm/yyyy hoặc yyyy-mm-dd", "unreadable; use dd/mm/yyyy or yyyy-mm-dd")
                }
                add(.R03, c, raw, vi: "\(c.labelVI) «\(raw)»: \(vi).", en: "\(c.machineName) '\(raw)': \(en).")
                return nil
            }
        }

        let asOf = date(.asOf, partial: false).flatMap { CivilDate(year: $0.year, month: $0.month!, day: $0.day!) }
        // Commune (R06) and the optional province and district codes that must agree with it.
        var commune: AdminUnit?
        if let code = cell(.communeCode) {
            if code.count != 5 || !code.allSatisfy(\.isNumber) || !reference.communeExisted(code) {
                add(.R06, .communeCode, code, vi: "Mã xã «\(code)» không có trong danh mục đơn vị hành chính.",
                    en: "Commune code '\(code)' is not in the list of administrative units.")
            } else if let asOf {
                commune = reference.commune(code, on: asOf)
                if commune == nil {
                    add(.R06, .communeCode, code, vi: "Mã xã «\(code)» không còn hiệu lực vào ngày \(PartialDate(asOf)).",
                        en: "Commune code '\(code)' is not valid on \(asOf.iso).")
                }
            }
        }
        let provinceCode = cell(.provinceCode)
        let districtCode = cell(.districtCode)
        if let commune {
            if let p = provinceCode, p != commune.provinceCode {
                add(.R06, .provinceCode, p, vi: "Mã tỉnh «\(p)» không khớp với xã \(commune.code) (tỉnh \(commune.provinceCode)).",
                    en: "Province code '\(p)' does not match commune \(commune.code) (province \(commune.provinceCode)).")
            }
            if let d = districtCode, d != commune.districtCode {
                add(.R06, .districtCode, d, vi: "Mã huyện «\(d)» không khớp với xã \(commune.code) (huyện \(commune.districtCode ?? "—")).",
                    en: "District code '\(d)' does not match commune \(commune.code) (district \(commune.districtCode ?? "none")).")
            }
        }
        let area = number(.area, 1...999)
        let memberNo = number(.memberNo, 1...99)
        let householdCode = cell(.householdCode)
        if let h = householdCode, h.count > 20 {
            add(.R02, .householdCode, h, vi: "Mã hộ dài quá 20 ký tự.", en: "Household code longer than 20 characters.")
        }
        let name = cell(.fullName)
        if let name, !PersonName.isPlausible(name) {
            add(.R16, .fullName, name, vi: "Họ tên «\(name)» chứa chữ số, ký tự điều khiển hoặc chỉ có dấu câu.",
                en: "Name '\(name)' contains digits, control characters or only punctuation.")
        }
        let relationship = coded(.relationship, Relationship.self)
        let sex = coded(.sex, Sex.self)
        let education = coded(.education, Education.self)
        let marital = coded(.maritalStatus, MaritalStatus.self)
        let residence = coded(.residence, ResidenceStatus.self)
        let method = coded(.method, ContraceptiveMethod.self)
        var ethnicity: String?
        if let raw = cell(.ethnicity) {
            ethnicity = reference.ethnicGroupCode(raw)
            if ethnicity == nil {
                add(.R02, .ethnicity, raw, vi: "Dân tộc «\(raw)» không có trong danh mục D (mã 01–54 hoặc tên dân tộc).",
                    en: "Ethnic group '\(raw)' is not in code list D (codes 01–54 or the group's name).")
            }
        }
        let birth = date(.birthDate, partial: true)
        var updatedOn = date(.updatedOn, partial: false).flatMap { CivilDate(year: $0.year, month: $0.month!, day: $0.day!) }
        var age: Int?
        if let birth, let asOf {
            if birth.earliestDay > asOf {
                add(.R04, .birthDate, cell(.birthDate), vi: "Ngày sinh \(birth) sau ngày chốt sổ \(PartialDate(asOf)).",
                    en: "Birth date \(birth) is after the register date \(asOf.iso).")
            } else {
                age = max(0, birth.referenceDay.completedYears(at: asOf))
                if age! > 120 {
                    add(.R05, .birthDate, cell(.birthDate), vi: "Tuổi \(age!) vào ngày chốt sổ, quá 120.",
                        en: "Age \(age!) at the register date is over 120.")
                }
            }
        }
        if let u = updatedOn, let asOf, u > asOf {
            add(.R04, .updatedOn, cell(.updatedOn), vi: "Ngày cập nhật \(PartialDate(u)) sau ngày chốt sổ.",
                en: "Update date \(u.iso) is after the register date.")
            updatedOn = nil
        }
        if let age, age >= 15, cell(.maritalStatus) == nil, header[.maritalStatus] != nil {
            add(.R01, .maritalStatus, nil, vi: "Thiếu tình trạng hôn nhân (bắt buộc từ 15 tuổi; người này \(age) tuổi).",
                en: "Marital status is required from age 15 (this person is \(age)).")
        }
        // Warnings: the line is loaded, the finding kept.
        var personalNumber: PersonalNumber?
        if let raw = cell(.personalNumber) {
            personalNumber = PersonalNumber(raw)
            if personalNumber == nil {
                add(.R07, .personalNumber, raw, vi: "Số định danh «\(raw)» không phải 12 chữ số: bỏ số này, vẫn nạp dòng.",
                    en: "Personal number '\(raw)' is not 12 digits: dropped, line kept.")
            } else if !personalNumber!.agrees(sex: sex, birthYear: birth?.year) {
                add(.R08, .personalNumber, raw,
                    vi: "Số định danh «\(raw)» không khớp giới tính hoặc năm sinh (số cho: \(personalNumber!.sex.labelVI), \(personalNumber!.birthYear)).",
                    en: "Personal number '\(raw)' disagrees with sex or birth year (it encodes \(personalNumber!.sex.labelEN), \(personalNumber!.birthYear)).")
            }
        }
        if let marital, marital.hasMarried, let sex, let age {
            let legal = sex == .female ? 18 : 20
            if age < legal {
                add(.R09, .maritalStatus, cell(.maritalStatus),
                    vi: "\(marital.labelVI) khi mới \(age) tuổi, dưới tuổi kết hôn (\(legal)).",
                    en: "\(marital.labelEN) at age \(age), below the legal marriage age (\(legal)).")
            }
        }
        if let method, method != .none, let sex {
            let eligible = sex == .female && marital == .married && (age.map { (15...49).contains($0) } ?? false)
            if !eligible || (sex == .male && method.isFemaleMethod) {
                add(.R10, .method, cell(.method),
                    vi: "Biện pháp tránh thai «\(method.labelVI)» cho người không thuộc diện (chỉ phụ nữ 15–49 có chồng).",
                    en: "Contraceptive method '\(method.labelEN)' for someone not eligible (married women 15–49 only).")
            }
        }

        if findings.contains(where: { $0.severity == .error }) { return .rejected(findings) }
        guard let asOf, let commune, let area, let householdCode, let memberNo, let name, let relationship,
              let sex, let birth, let ethnicity, let residence else {
            // Every required field has an error above when missing; this is a safety net.
            return .rejected(findings + [Finding(line: line, rule: .R01, vi: "Thiếu trường bắt buộc.", en: "A required field is missing.")])
        }
        let person = RegisterLine(
            line: line, asOf: asOf, communeCode: commune.code, provinceCode: provinceCode, districtCode: districtCode,
            area: area, collaborator: cell(.collaborator), householdCode: householdCode, address: cell(.address),
            memberNo: memberNo, personalNumber: personalNumber, healthCard: cell(.healthCard), fullName: name,
            relationship: relationship, sex: sex, birthDate: birth, ethnicity: ethnicity, education: education,
            maritalStatus: marital, residence: residence, method: method, updatedOn: updatedOn)
        return .accepted(person, warnings: findings)
    }
}

/// What makes a written name acceptable (rule R16).
public enum PersonName {
    /// No digits, no control characters, and at least one letter.
    public static func isPlausible(_ name: String) -> Bool {
        var hasLetter = false
        for scalar in name.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.properties.numericType != nil { return false }
            if scalar.properties.isAlphabetic { hasLetter = true }
        }
        return hasLetter
    }
}
