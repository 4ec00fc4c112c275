import Crypto
import DansoDomain
import Foundation

/// Checks one change slip line on its own (F03, R01–R08, R16, E01, E11) and builds the slip.
///
/// Checks against the register (E02–E10) need its state on the event date and are made
/// when slips are applied, in event-date order.
public struct ChangeLineChecker: Sendable {
    public let header: HeaderMap<ChangeColumn>
    public let headerWidth: Int
    public let reference: ReferenceData

    public init(header: HeaderMap<ChangeColumn>, headerWidth: Int, reference: ReferenceData) {
        self.header = header
        self.headerWidth = headerWidth
        self.reference = reference
    }

    public enum Verdict: Sendable {
        case accepted(ChangeSlip, warnings: [Finding])
        case rejected([Finding])
    }

    public func check(line: Int, fields: [String]) -> Verdict {
        if let misaligned = LineCells<ChangeColumn>.misaligned(line: line, fields: fields, headerWidth: headerWidth) {
            return .rejected([misaligned])
        }
        var cells = LineCells(line: line, fields: fields, header: header)
        cells.requireFilled(ChangeColumn.allCases.filter(\.isAlwaysRequired))

        let month = ReportMonth.parse(cells.cell(.reportMonth))
        if cells.cell(.reportMonth) != nil && month == nil {
            cells.add(.R03, .reportMonth, cells.cell(.reportMonth), vi: "Kỳ báo cáo «\(cells.cell(.reportMonth)!)» phải có dạng mm/yyyy hoặc yyyy-mm.",
                      en: "Reporting month '\(cells.cell(.reportMonth)!)' must be mm/yyyy or yyyy-mm.")
        }
        let eventDate = cells.fullDate(.eventDate)
        var event: EventType?
        if let raw = cells.cell(.eventType) {
            event = EventType.parse(raw)
            if event == nil {
                cells.add(.R02, .eventType, raw, vi: "Loại biến động «\(raw)» không có trong danh mục E.",
                          en: "Event type '\(raw)' is not in code list E.")
            }
        }
        if let event { cells.requireFilled(ChangeColumn.required(for: event), because: "bắt buộc với \(event.rawValue)", "required for \(event.rawValue)") }
        if event == .birth, cells.cell(.motherMemberNo) == nil, cells.cell(.motherPersonalNumber) == nil {
            cells.add(.R01, .motherMemberNo, nil, vi: "Thiếu STT của mẹ hoặc số định danh của mẹ (bắt buộc với SINH).",
                      en: "me_stt or me_so_dinh_danh is required for SINH.")
        }
        let commune = CommuneCheck.commune(&cells, .communeCode, on: eventDate ?? month?.endOfMonth, reference: reference)
        let memberNo = cells.number(.memberNo, 1...99)
        let householdCode = cells.cell(.householdCode)
        if let h = householdCode, h.count > 20 {
            cells.add(.R02, .householdCode, h, vi: "Mã hộ dài quá 20 ký tự.", en: "Household code longer than 20 characters.")
        }
        let area = cells.number(.area, 1...999)
        var channel: UpdateChannel?
        if let raw = cells.cell(.channel) {
            channel = UpdateChannel.parse(raw)
            if channel == nil {
                cells.add(.R02, .channel, raw, vi: "Nguồn cập nhật «\(raw)» phải là GIAY, WEB hoặc DI_DONG.",
                          en: "Update channel '\(raw)' must be GIAY, WEB or DI_DONG.")
            }
        }
        let name = cells.name(.fullName)
        let sex = cells.coded(.sex, Sex.self)
        let relationship = cells.coded(.relationship, Relationship.self)
        let marital = cells.coded(.maritalStatus, MaritalStatus.self)
        let residence = cells.coded(.residence, ResidenceStatus.self)
        let education = cells.coded(.education, Education.self)
        let birthPlace = cells.coded(.birthPlace, PlaceOfBirth.self)
        let method = cells.coded(.method, ContraceptiveMethod.self)
        let ethnicity = CommuneCheck.ethnicity(&cells, .ethnicity, reference: reference)
        let motherNo = cells.number(.motherMemberNo, 1...99)
        let birthOrder = cells.number(.birthOrder, 1...30)
        let birth = cells.date(.birthDate, partial: event != .birth)
        let spouseBirth = cells.date(.spouseBirthDate, partial: true)
        let spouseName = cells.name(.spouseName)

        if let eventDate, let month {
            if eventDate > month.endOfMonth {
                cells.add(.R04, .eventDate, cells.cell(.eventDate),
                          vi: "Ngày xảy ra \(PartialDate(eventDate)) sau kỳ báo cáo \(ReportMonth.text(month)).",
                          en: "Event date \(eventDate.iso) is after the reporting month \(ReportMonth.text(month)).")
            } else if eventDate < month, !(event?.isSlipAction ?? false) {
                cells.add(.E01, .eventDate, cells.cell(.eventDate),
                          vi: "Báo cáo muộn: sự kiện ngày \(PartialDate(eventDate)) trước kỳ báo cáo \(ReportMonth.text(month)); được tính vào kỳ của ngày xảy ra.",
                          en: "Late report: the event of \(eventDate.iso) is before the reporting month \(ReportMonth.text(month)); it counts in its own period.")
            }
        }
        if let birth, let eventDate {
            if event == .birth, birth != PartialDate(eventDate) {
                cells.add(.R03, .birthDate, cells.cell(.birthDate), vi: "Với SINH, ngày sinh phải bằng ngày xảy ra (\(PartialDate(eventDate))).",
                          en: "For SINH the birth date must equal the event date (\(eventDate.iso)).")
            }
            _ = AgeCheck.age(&cells, .birthDate, birth: birth, on: eventDate, dayNameVI: "ngày xảy ra", dayNameEN: "the event date")
        }
        var place: PlaceCode?
        if let raw = cells.cell(.place) {
            place = PlaceCode(raw)
            if let p = place, let day = eventDate, !Self.placeExists(p, on: day, reference: reference) { place = nil }
            if place == nil {
                cells.add(.E11, .place, raw, vi: "Nơi đến/đi «\(raw)» không phải mã xã, mã tỉnh hợp lệ vào ngày xảy ra, hoặc NN.",
                          en: "Origin/destination '\(raw)' is not a commune or province code valid on the event date, nor NN.")
            }
        }
        let personalNumber = cells.personalNumber(.personalNumber, sex: sex, birthYear: birth?.year)
        let motherNumber = cells.personalNumber(.motherPersonalNumber, sex: .female, birthYear: nil)
        let spouseNumber = cells.personalNumber(.spousePersonalNumber, sex: nil, birthYear: spouseBirth?.year)
        if event == .moveIn, let birth, let eventDate {
            let age = birth.referenceDay.completedYears(at: eventDate)
            AgeCheck.marriageAge(&cells, .maritalStatus, marital: marital, sex: sex, age: age)
        }

        if cells.hasErrors { return .rejected(cells.findings) }
        guard let month, let commune, let slipCode = cells.cell(.slipCode), let event, let eventDate,
              let householdCode, let memberNo else {
            return .rejected(cells.findings + [Finding(line: line, rule: .R01, vi: "Thiếu trường bắt buộc.", en: "A required field is missing.")])
        }
        var slip = ChangeSlip(line: line, reportMonth: month, communeCode: commune.code, slipCode: slipCode,
                              eventType: event, eventDate: eventDate, householdCode: householdCode, memberNo: memberNo,
                              contentHash: Self.contentHash(fields: fields, header: header))
        slip.area = area
        slip.collaborator = cells.cell(.collaborator)
        slip.channel = channel
        slip.personalNumber = personalNumber
        slip.fullName = name
        slip.sex = sex
        slip.birthDate = birth
        slip.ethnicity = ethnicity
        slip.relationship = relationship
        slip.maritalStatus = marital
        slip.residence = residence
        slip.education = education
        slip.motherMemberNo = motherNo
        slip.motherPersonalNumber = motherNumber
        slip.birthOrder = birthOrder
        slip.birthPlace = birthPlace
        slip.place = place
        slip.method = method
        slip.spouseName = spouseName
        slip.spouseBirthDate = spouseBirth
        slip.spousePersonalNumber = spouseNumber
        slip.originalSlip = cells.cell(.originalSlip)
        slip.note = cells.cell(.note)
        return .accepted(slip, warnings: cells.findings)
    }

    static func placeExists(_ place: PlaceCode, on day: CivilDate, reference: ReferenceData) -> Bool {
        switch place {
        case .abroad: true
        case .commune(let code): reference.commune(code, on: day) != nil
        case .province(let code): reference.provinceExists(code, on: day)
        }
    }

    /// SHA-256 of the slip's content by column name, so column order and the reporting
    /// file do not matter: the same slip re-sent in another month has the same hash.
    public static func contentHash(fields: [String], header: HeaderMap<ChangeColumn>) -> String {
        var text = ""
        for column in ChangeColumn.allCases where column != .reportMonth && column != .note {
            guard let p = header[column], p < fields.count else { continue }
            let v = fields[p].trimmingSpaces
            if !v.isEmpty { text += "\(column.rawValue)=\(VietnameseText.nfc(v))\u{1F}" }
        }
        return SHA256.hash(data: Data(text.utf8)).map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}

/// The reporting month (`ky_bao_cao`): `mm/yyyy` or `yyyy-mm`.
public enum ReportMonth {
    /// The first day of the month, or nil.
    public static func parse(_ cell: String?) -> CivilDate? {
        guard let cell, case .success(let d) = PartialDate.parse(cell, allowPartial: true),
              let month = d.month, d.day == nil else { return nil }
        return CivilDate(year: d.year, month: month, day: 1)
    }

    public static func text(_ month: CivilDate) -> String {
        (month.month < 10 ? "0" : "") + "\(month.month)/\(month.year)"
    }
}
