import DansoDomain
import DansoValidation

extension SlipApplier {
    enum Check {
        case accepted(subject: Int64?, mother: Int64?, effect: TimelineEffect, warnings: [Finding])
        case rejected([Finding])
    }

    /// The checks of a slip against the register on its event date (E02–E06, E09, E10, R10).
    /// `batchID`: the slip's batch, which a newcomer and a new household are first listed by.
    /// `reusing`: for a corrected SINH or DEN, the person it already brought in.
    mutating func check(_ slip: ChangeSlip, type: EventType, communeKey: Int, batchID: Int64, reusing: Int64?) throws -> Check {
        let day = slip.eventDate
        var findings: [Finding] = []
        func add(_ rule: RuleCode, _ column: ChangeColumn?, _ value: String?, _ severity: Severity? = nil, vi: String, en: String) {
            findings.append(Finding(line: slip.line, rule: rule, severity: severity, column: column?.machineName,
                                    value: value, vi: vi, en: en))
        }
        let household = context.householdIDs[RegisterContext.HouseholdKey(communeKey: communeKey, code: slip.householdCode)]
        let key = "\(slip.communeCode)/\(slip.householdCode)/\(slip.memberNo)"

        if type.bringsNewMember {
            // A register loaded earlier but dated later may already list the newcomer: the slip
            // then tells when and how that person arrived, and is linked to them.
            var reusing = reusing
            if reusing == nil, let household {
                let holders = context.people(household: household, memberNo: slip.memberNo)
                if holders.count == 1, let first = context.spans[holders[0]]?.first, day < first.validFrom,
                   !context.events.values.contains(where: { $0.personID == holders[0] && $0.eventType.bringsNewMember && !$0.cancelled }) {
                    reusing = holders[0]
                }
            }
            if let household, context.people(household: household, memberNo: slip.memberNo).contains(where: { $0 != reusing }) {
                add(.E06, .memberNo, String(slip.memberNo),
                    vi: "STT \(slip.memberNo) đã dùng trong hộ \(slip.householdCode): thành viên mới cần STT chưa dùng.",
                    en: "Member number \(slip.memberNo) is already used in household \(slip.householdCode): a new member needs an unused number.")
            }
            var mother: Int64?
            if type == .birth {
                mother = findMother(slip, household: household, day: day, add: &findings)
            }
            if type == .moveIn, let birth = slip.birthDate, day < birth.earliestDay {
                add(.E05, .eventDate, day.iso, vi: "Ngày chuyển đến trước ngày sinh.", en: "The arrival is dated before the birth.")
            }
            if findings.contains(where: { $0.severity == .error }) { return .rejected(findings) }
            let householdID = try household ?? newHousehold(communeKey, slip.householdCode, batchID)
            context.householdIDs[RegisterContext.HouseholdKey(communeKey: communeKey, code: slip.householdCode)] = householdID
            let person: Int64
            if let reusing {
                person = reusing
                context.touched.insert(person)
            } else {
                person = personIDs.removeFirst()
                newPeople.append((person, householdID, slip.memberNo, batchID))
                context.startTimeline(of: person)
            }
            let attributes = PersonAttributes(
                communeKey: communeKey, householdID: householdID, memberNo: slip.memberNo, fullName: slip.fullName ?? "",
                sex: slip.sex ?? .male, birthDate: slip.birthDate ?? PartialDate(day), ethnicity: slip.ethnicity ?? "01",
                education: slip.education, maritalStatus: type == .birth ? .neverMarried : slip.maritalStatus,
                residence: type == .birth ? .permanent : (slip.residence ?? .permanent), method: nil,
                relationship: slip.relationship ?? .other, personalNumber: slip.personalNumber?.digits, healthCard: nil)
            return .accepted(subject: person, mother: mother, effect: .joins(attributes), warnings: findings)
        }

        // Events about someone already in the register.
        let candidates = household.map { context.people(household: $0, memberNo: slip.memberNo) } ?? []
        let arriving = arrivals["\(communeKey)/\(slip.householdCode)/\(slip.memberNo)"]
        if let born = candidates.compactMap({ context.spans[$0]?.first?.attributes.birthDate }).first ?? arriving,
           day < born.earliestDay {
            add(.E05, .eventDate, day.iso, vi: "Ngày xảy ra \(PartialDate(day)) trước ngày sinh \(born) của người \(key).",
                en: "Event date \(day.iso) is before the birth (\(born)) of person \(key).")
            return .rejected(findings)
        }
        var subject = candidates.first { context.state(of: $0, on: day) != nil }
        if subject == nil, let number = slip.personalNumber {
            subject = context.people(personalNumber: number.digits, on: day)
                .first { context.state(of: $0, on: day)?.attributes.communeKey == communeKey }
        }
        guard let subject, let state = context.state(of: subject, on: day) else {
            let ended = candidates.compactMap { context.spans[$0]?.last }.filter { $0.validTo.map { $0 <= day } ?? false }
            if let last = ended.max(by: { $0.validTo! < $1.validTo! }), !candidates.contains(where: { p in
                (context.spans[p] ?? []).contains { $0.validFrom > day } }) {
                let why = switch last.endReason {
                case .death: ("đã chết ngày \(PartialDate(last.validTo!))", "died on \(last.validTo!.iso)")
                case .movedOut: ("đã chuyển đi ngày \(PartialDate(last.validTo!))", "moved out on \(last.validTo!.iso)")
                default: ("không còn trong sổ từ ngày \(PartialDate(last.validTo!))", "is no longer in the register since \(last.validTo!.iso)")
                }
                add(.E03, .memberNo, key, vi: "Người \(key) \(why.0).", en: "Person \(key) \(why.1).")
            } else {
                add(.E02, .memberNo, key,
                    vi: "Không tìm thấy người \(key) trong sổ vào ngày \(PartialDate(day)): phiếu được giữ lại và thử lại khi có dữ liệu mới.",
                    en: "Person \(key) is not in the register on \(day.iso): the slip is held and retried when later data arrives.")
            }
            return .rejected(findings)
        }
        if let number = slip.personalNumber, let known = state.attributes.personalNumber, known != number.digits {
            add(.E02, .personalNumber, number.digits,
                vi: "Số định danh \(number) không khớp với người \(key) trong sổ (\(known)).",
                en: "Personal number \(number) does not match person \(key) in the register (\(known)).")
            return .rejected(findings)
        }
        let birth = state.attributes.birthDate
        if day < birth.earliestDay {
            add(.E05, .eventDate, day.iso, vi: "Ngày xảy ra \(PartialDate(day)) trước ngày sinh \(birth) của người này.",
                en: "Event date \(day.iso) is before this person's birth (\(birth)).")
            return .rejected(findings)
        }
        let age = max(0, birth.referenceDay.completedYears(at: day))
        let effect: TimelineEffect
        switch type {
        case .death: effect = .dies
        case .moveOut: effect = .leaves
        case .marriage:
            if state.attributes.maritalStatus == .married {
                add(.E09, .eventType, type.rawValue, vi: "Kết hôn của người đang có vợ/chồng.", en: "Marriage of someone already married.")
            }
            effect = .maritalStatus(.married)
        case .divorce:
            if state.attributes.maritalStatus != .married {
                add(.E09, .eventType, type.rawValue, vi: "Ly hôn của người không có vợ/chồng.", en: "Divorce of someone not married.")
            }
            effect = .maritalStatus(.divorced)
        case .methodChange:
            let method = slip.method ?? .none
            if method != .none {
                let eligible = state.attributes.sex == .female && state.attributes.maritalStatus == .married && (15...49).contains(age)
                if !eligible || (state.attributes.sex == .male && method.isFemaleMethod) {
                    add(.R10, .method, String(method.rawValue),
                        vi: "Biện pháp tránh thai «\(method.labelVI)» cho người không thuộc diện (chỉ phụ nữ 15–49 có chồng).",
                        en: "Contraceptive method '\(method.labelEN)' for someone not eligible (married women 15–49 only).")
                }
            }
            effect = .method(method)
        default:
            effect = .none
        }
        return .accepted(subject: subject, mother: nil, effect: effect, warnings: findings)
    }

    /// The mother of a birth (E04), and the birth order check (E10).
    private func findMother(_ slip: ChangeSlip, household: Int64?, day: CivilDate, add findings: inout [Finding]) -> Int64? {
        func add(_ rule: RuleCode, _ severity: Severity?, _ column: ChangeColumn, _ value: String?, vi: String, en: String) {
            findings.append(Finding(line: slip.line, rule: rule, severity: severity, column: column.machineName, value: value, vi: vi, en: en))
        }
        var mother: Int64?
        if let no = slip.motherMemberNo, let household {
            mother = context.people(household: household, memberNo: no).first { context.state(of: $0, on: day) != nil }
        }
        if mother == nil, let number = slip.motherPersonalNumber {
            mother = context.people(personalNumber: number.digits, on: day).first
        }
        guard let mother, let state = context.state(of: mother, on: day) else {
            add(.E04, nil, .motherMemberNo, slip.motherMemberNo.map(String.init) ?? slip.motherPersonalNumber?.digits,
                vi: "Không tìm thấy mẹ trong hộ vào ngày sinh.", en: "The mother is not found in the household on the birth date.")
            return nil
        }
        guard state.attributes.sex == .female else {
            add(.E04, nil, .motherMemberNo, slip.motherMemberNo.map(String.init),
                vi: "Người được ghi là mẹ không phải nữ.", en: "The person given as mother is not a woman.")
            return nil
        }
        let age = max(0, state.attributes.birthDate.referenceDay.completedYears(at: day))
        if age < 10 || age > 60 {
            add(.E04, nil, .motherMemberNo, String(age), vi: "Mẹ \(age) tuổi khi sinh (ngoài 10–60).",
                en: "The mother was \(age) at the birth (outside 10–60).")
            return nil
        }
        if age <= 14 || age >= 51 {
            add(.E04, .warning, .motherMemberNo, String(age), vi: "Mẹ \(age) tuổi khi sinh: kiểm tra lại.",
                en: "The mother was \(age) at the birth: please check.")
        }
        if let order = slip.birthOrder {
            let earlier = recordedChildren(of: mother, motherState: state, before: day)
            if order <= earlier {
                add(.E10, nil, .birthOrder, String(order),
                    vi: "Con thứ \(order) nhưng mẹ đã có \(earlier) con được ghi nhận.",
                    en: "Birth order \(order) but the mother already has \(earlier) recorded children.")
            }
        }
        return mother
    }

    /// Children the register knows of a mother before a day: births she was recorded for, and
    /// the children of her household when she is its head or the head's spouse.
    private func recordedChildren(of mother: Int64, motherState: StateSpan, before day: CivilDate) -> Int {
        var children = Set((context.birthsByMother[mother] ?? [:]).filter { $0.value < day }.keys)
        if [.head, .spouse].contains(motherState.attributes.relationship) {
            let motherBirth = motherState.attributes.birthDate.referenceDay
            for person in context.members(of: motherState.attributes.householdID) where person != mother {
                guard let s = context.spans[person]?.first(where: { $0.attributes.householdID == motherState.attributes.householdID }),
                      s.attributes.relationship == .child else { continue }
                let birth = s.attributes.birthDate.referenceDay
                if birth < day, motherBirth.completedYears(at: birth) >= 12 { children.insert(person) }
            }
        }
        return children.count
    }
}
