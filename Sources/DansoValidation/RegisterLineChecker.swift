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

    private static let requiredColumns = RegisterColumn.allCases.filter(\.isRequired)

    public func check(line: Int, fields: [String]) -> Verdict {
        check(line: line, fields: fields, trimmed: false)
    }

    /// The same verdict as `check(line:fields:)` for fields every one of which is already
    /// `trimmingSpaces`-trimmed, which spares trimming each cell again when it is read.
    public func check(line: Int, trimmedFields fields: [String]) -> Verdict {
        check(line: line, fields: fields, trimmed: true)
    }

    private func check(line: Int, fields: [String], trimmed: Bool) -> Verdict {
        if let misaligned = LineCells<RegisterColumn>.misaligned(line: line, fields: fields, headerWidth: headerWidth) {
            return .rejected([misaligned])
        }
        var cells = LineCells(line: line, fields: fields, header: header, trimmed: trimmed)
        cells.requireFilled(Self.requiredColumns)

        let asOf = cells.fullDate(.asOf)
        // Commune (R06) and the optional province and district codes that must agree with it.
        let commune = CommuneCheck.commune(&cells, .communeCode, on: asOf, reference: reference)
        let provinceCode = cells.cell(.provinceCode)
        let districtCode = cells.cell(.districtCode)
        if let commune {
            if let p = provinceCode, p != commune.provinceCode {
                cells.add(.R06, .provinceCode, p, vi: "Mã tỉnh «\(p)» không khớp với xã \(commune.code) (tỉnh \(commune.provinceCode)).",
                          en: "Province code '\(p)' does not match commune \(commune.code) (province \(commune.provinceCode)).")
            }
            if let d = districtCode, d != commune.districtCode {
                cells.add(.R06, .districtCode, d, vi: "Mã huyện «\(d)» không khớp với xã \(commune.code) (huyện \(commune.districtCode ?? "—")).",
                          en: "District code '\(d)' does not match commune \(commune.code) (district \(commune.districtCode ?? "none")).")
            }
        }
        let area = cells.number(.area, 1...999)
        let memberNo = cells.number(.memberNo, 1...99)
        let householdCode = cells.cell(.householdCode)
        if let h = householdCode, h.utf8.count > 20, h.count > 20 {
            cells.add(.R02, .householdCode, h, vi: "Mã hộ dài quá 20 ký tự.", en: "Household code longer than 20 characters.")
        }
        let name = cells.name(.fullName)
        let relationship = cells.coded(.relationship, Relationship.self)
        let sex = cells.coded(.sex, Sex.self)
        let education = cells.coded(.education, Education.self)
        let marital = cells.coded(.maritalStatus, MaritalStatus.self)
        let residence = cells.coded(.residence, ResidenceStatus.self)
        let method = cells.coded(.method, ContraceptiveMethod.self)
        let ethnicity = CommuneCheck.ethnicity(&cells, .ethnicity, reference: reference)
        let birth = cells.date(.birthDate, partial: true)
        var updatedOn = cells.fullDate(.updatedOn)
        var age: Int?
        if let birth, let asOf {
            age = AgeCheck.age(&cells, .birthDate, birth: birth, on: asOf, dayNameVI: "ngày chốt sổ", dayNameEN: "the register date")
        }
        if let u = updatedOn, let asOf, u > asOf {
            cells.add(.R04, .updatedOn, cells.cell(.updatedOn), vi: "Ngày cập nhật \(PartialDate(u)) sau ngày chốt sổ.",
                      en: "Update date \(u.iso) is after the register date.")
            updatedOn = nil
        }
        if let age, age >= 15, cells.cell(.maritalStatus) == nil, header[.maritalStatus] != nil {
            cells.add(.R01, .maritalStatus, nil, vi: "Thiếu tình trạng hôn nhân (bắt buộc từ 15 tuổi; người này \(age) tuổi).",
                      en: "Marital status is required from age 15 (this person is \(age)).")
        }
        // Warnings: the line is loaded, the finding kept.
        let personalNumber = cells.personalNumber(.personalNumber, sex: sex, birthYear: birth?.year)
        AgeCheck.marriageAge(&cells, .maritalStatus, marital: marital, sex: sex, age: age)
        AgeCheck.methodEligibility(&cells, .method, method: method, sex: sex, marital: marital, age: age)

        if cells.hasErrors { return .rejected(cells.findings) }
        guard let asOf, let commune, let area, let householdCode, let memberNo, let name, let relationship,
              let sex, let birth, let ethnicity, let residence else {
            // Every required field has an error above when missing; this is a safety net.
            return .rejected(cells.findings + [Finding(line: line, rule: .R01, vi: "Thiếu trường bắt buộc.", en: "A required field is missing.")])
        }
        let person = RegisterLine(
            line: line, asOf: asOf, communeCode: commune.code, provinceCode: provinceCode, districtCode: districtCode,
            area: area, collaborator: cells.cell(.collaborator), householdCode: householdCode, address: cells.cell(.address),
            memberNo: memberNo, personalNumber: personalNumber, healthCard: cells.cell(.healthCard), fullName: name,
            relationship: relationship, sex: sex, birthDate: birth, ethnicity: ethnicity, education: education,
            maritalStatus: marital, residence: residence, method: method, updatedOn: updatedOn)
        return .accepted(person, warnings: cells.findings)
    }
}

/// What makes a written name acceptable (rule R16).
public enum PersonName {
    /// No digits, no control characters, and at least one letter.
    public static func isPlausible(_ name: String) -> Bool {
        let quick = name.utf8.withContiguousStorageIfAvailable(quickVerdict) ?? .askTables
        switch quick {
        case .plausible: return true
        case .implausible: return false
        case .askTables: break
        }
        var hasLetter = false
        for scalar in name.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.properties.numericType != nil { return false }
            if scalar.properties.isAlphabetic { hasLetter = true }
        }
        return hasLetter
    }

    enum QuickVerdict { case plausible, implausible, askTables }

    /// One pass over the UTF-8 bytes: a digit or control byte rules the name out; ASCII
    /// letters, Vietnamese letters and tone marks (Latin-1 letters, Latin Extended-A/B,
    /// Latin Extended Additional, combining diacritics) settle it; anything else asks the
    /// Unicode tables.
    static func quickVerdict(_ bytes: UnsafeBufferPointer<UInt8>) -> QuickVerdict {
        var letter = false, plain = true
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            if byte < 0x80 {
                switch byte {
                case 0x00..<0x20, 0x7F, UInt8(ascii: "0")...UInt8(ascii: "9"): return .implausible
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): letter = true
                default: break
                }
                i += 1
                continue
            }
            // A String's bytes are valid UTF-8: the lead byte gives the length.
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            if plain {
                var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
                switch value {
                case 0xC0...0x24F where value != 0xD7 && value != 0xF7, 0x1E00...0x1EFF: letter = true
                case 0x300...0x36F: break
                default: plain = false
                }
            }
            i += length
        }
        if plain { return letter ? .plausible : .implausible }
        return .askTables
    }
}
