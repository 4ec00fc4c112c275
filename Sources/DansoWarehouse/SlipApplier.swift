import DansoDomain
import DansoValidation

/// A slip that passed the line checks, waiting to be checked against the register.
struct CandidateSlip {
    var slip: ChangeSlip
    var communeKey: Int
    var slipID: Int64
    var batchID: Int64
    var warnings: [Finding]
}

/// A slip accepted into the register.
struct AcceptedSlip {
    var candidate: CandidateSlip
    var targetSlipID: Int64?
    var findings: [Finding]
}

/// Checks change slips against the register (E02–E10) in event-date order and applies the
/// accepted ones to the in-memory register, so each slip sees the ones before it.
struct SlipApplier {
    let context: RegisterContext
    var personIDs: [Int64]
    /// Creates a household (commune key, household code, the batch of the slip that brings it).
    let newHousehold: (Int, String, Int64) throws -> Int64

    var accepted: [AcceptedSlip] = []
    var rejected: [(candidate: CandidateSlip, findings: [Finding])] = []
    var resent: [CandidateSlip] = []
    var newPeople: [(personID: Int64, householdID: Int64, memberNo: Int, batchID: Int64)] = []
    var cancellations: [(slipID: Int64, by: Int64)] = []
    /// Birth dates of the newcomers this run brings (by commune/household/member), so an
    /// event dated before such a birth is E05 rather than "not in the register".
    var arrivals: [String: PartialDate] = [:]
    /// Births, deaths and arrivals a slip may repeat under another slip id, and the lines
    /// found to repeat one (not applied); empty without a `DuplicateEventCheck`.
    var duplicateEvents = DuplicateEventSearch()

    init(context: RegisterContext, personIDs: [Int64], newHousehold: @escaping (Int, String, Int64) throws -> Int64) {
        self.context = context
        self.personIDs = personIDs
        self.newHousehold = newHousehold
    }

    mutating func run(_ candidates: [CandidateSlip]) throws {
        for c in candidates where c.slip.eventType.bringsNewMember {
            if let birth = c.slip.birthDate { arrivals["\(c.communeKey)/\(c.slip.householdCode)/\(c.slip.memberNo)"] = birth }
        }
        let actions = candidates.filter { $0.slip.eventType.isSlipAction }
        let known = actions.filter { c in
            c.slip.originalSlip.map { context.slipsByCode[RegisterContext.slipKey(c.communeKey, $0)] != nil } ?? false
        }
        // (a run may hold slips of several batches: a line is its batch and number)
        struct Line: Hashable { var batchID: Int64; var number: Int }
        let knownLines = Set(known.map { Line(batchID: $0.batchID, number: $0.slip.line) })
        for c in known { try apply(c) }
        for c in candidates.filter({ !$0.slip.eventType.isSlipAction })
            .sorted(by: { ($0.slip.eventDate, $0.batchID, $0.slip.line) < ($1.slip.eventDate, $1.batchID, $1.slip.line) }) {
            try apply(c)
        }
        for c in actions where !knownLines.contains(Line(batchID: c.batchID, number: c.slip.line)) { try apply(c) }
    }

    private mutating func apply(_ c: CandidateSlip) throws {
        let key = RegisterContext.slipKey(c.communeKey, c.slip.slipCode)
        if let earlier = context.slipsByCode[key] {
            if earlier.contentHash == c.slip.contentHash {
                resent.append(c)
            } else {
                reject(c, [finding(c, .E08, .slipCode, c.slip.slipCode,
                    vi: "Mã phiếu \(c.slip.slipCode) đã dùng cho một phiếu khác nội dung: dùng SUA để sửa phiếu.",
                    en: "Slip id \(c.slip.slipCode) was already used with other content: send a SUA to correct a slip.")])
            }
            return
        }
        switch c.slip.eventType {
        case .correction: try correct(c)
        case .withdrawal: withdraw(c)
        default:
            // The same birth, death or arrival under another slip id: checked before the
            // register is (a death reported again would be E03, a birth again E06).
            let resembling = repeatedEvent(c)
            if case .same(let event, let match) = resembling {
                duplicateEvents.lines.append(DuplicateEventLine(candidate: c, sameAs: event, match: match))
                return
            }
            switch try check(c.slip, type: c.slip.eventType, communeKey: c.communeKey, batchID: c.batchID, reusing: nil) {
            case .rejected(let findings): reject(c, findings)
            case .accepted(let subject, let mother, let effect, let warnings):
                record(c, target: nil, root: nil, warnings: warnings)
                noteApplied(c, subject: subject, resembling: resembling)
                let source = FactSource(batchID: c.batchID, lineNo: c.slip.line)
                context.events[c.slipID] = RegisterContext.EventRecord(
                    rootSlipID: c.slipID, effectiveSlipID: c.slipID, eventType: c.slip.eventType, day: c.slip.eventDate,
                    communeKey: c.communeKey, personID: subject, motherID: mother, cancelled: false, effect: effect,
                    source: source, isNew: true, changed: false, versions: [c.slipID])
                if let subject {
                    context.add(.event(day: c.slip.eventDate, effect, slipID: c.slipID, source: source), to: subject)
                }
                if c.slip.eventType == .birth, let mother, let subject {
                    context.birthsByMother[mother, default: [:]][subject] = c.slip.eventDate
                }
            }
        }
    }

    // MARK: SUA and HUY

    private mutating func correct(_ c: CandidateSlip) throws {
        guard let (target, root) = event(targetedBy: c) else { return }
        let event = context.events[root]!
        var corrected = c.slip
        corrected.eventType = event.eventType
        var missing: [Finding] = []
        for column in ChangeColumn.required(for: event.eventType) where !isFilled(column, in: corrected) {
            missing.append(finding(c, .R01, column, nil,
                vi: "Phiếu sửa thiếu \(column.labelVI) (bắt buộc với \(event.eventType.rawValue)).",
                en: "The correction lacks \(column.machineName) (required for \(event.eventType.rawValue))."))
        }
        guard missing.isEmpty else { return reject(c, missing) }
        // Check the corrected content against the register without the event itself.
        context.replaceEventFacts(root: root, oldPerson: event.personID, newPerson: nil, fact: nil)
        switch try check(corrected, type: event.eventType, communeKey: c.communeKey, batchID: c.batchID,
                         reusing: event.eventType.bringsNewMember ? event.personID : nil) {
        case .rejected(let findings):
            restore(event)
            reject(c, findings)
        case .accepted(let subject, let mother, let effect, let warnings):
            record(c, target: target, root: root, warnings: warnings)
            let source = FactSource(batchID: c.batchID, lineNo: c.slip.line)
            var updated = event
            updated.effectiveSlipID = c.slipID
            updated.day = corrected.eventDate
            updated.personID = subject
            updated.motherID = mother
            updated.effect = effect
            updated.source = source
            updated.changed = true
            updated.versions.append(c.slipID)
            context.events[root] = updated
            context.replaceEventFacts(root: root, oldPerson: event.personID, newPerson: subject,
                                      fact: .event(day: corrected.eventDate, effect, slipID: c.slipID, source: source))
            if event.eventType == .birth, let old = event.motherID, let child = event.personID {
                context.birthsByMother[old]?[child] = nil
            }
            if event.eventType == .birth, let mother, let subject {
                context.birthsByMother[mother, default: [:]][subject] = corrected.eventDate
            }
        }
    }

    private mutating func withdraw(_ c: CandidateSlip) {
        guard let (target, root) = event(targetedBy: c) else { return }
        guard target == root else {
            return reject(c, [finding(c, .E07, .originalSlip, c.slip.originalSlip,
                vi: "HUY phải trỏ tới phiếu gốc \(context.events[root].map { "(\($0.rootSlipID))" } ?? ""), không tới một phiếu sửa.",
                en: "HUY must point to the original slip, not to a correction.")])
        }
        var event = context.events[root]!
        record(c, target: target, root: root, warnings: [])
        event.cancelled = true
        event.changed = true
        context.events[root] = event
        context.replaceEventFacts(root: root, oldPerson: event.personID, newPerson: nil, fact: nil)
        if event.eventType == .birth, let mother = event.motherID, let child = event.personID {
            context.birthsByMother[mother]?[child] = nil
        }
        cancellations.append((root, c.slipID))
    }

    /// The slip a SUA or HUY points to and the event it belongs to; E07 when unknown.
    private mutating func event(targetedBy c: CandidateSlip) -> (target: Int64, root: Int64)? {
        guard let code = c.slip.originalSlip,
              let target = context.slipsByCode[RegisterContext.slipKey(c.communeKey, code)],
              !target.cancelled, context.events[target.rootSlipID].map({ !$0.cancelled }) ?? false else {
            reject(c, [finding(c, .E07, .originalSlip, c.slip.originalSlip,
                vi: "Phiếu gốc «\(c.slip.originalSlip ?? "")» không có (hoặc đã bị hủy) ở xã này: phiếu được giữ lại và thử lại khi có dữ liệu mới.",
                en: "Original slip '\(c.slip.originalSlip ?? "")' is unknown (or withdrawn) in this commune: the slip is held and retried when later data arrives.")])
            return nil
        }
        return (target.slipID, target.rootSlipID)
    }

    private func restore(_ event: RegisterContext.EventRecord) {
        context.events[event.rootSlipID] = event
        if let person = event.personID, !event.cancelled {
            context.add(.event(day: event.day, event.effect, slipID: event.effectiveSlipID, source: event.source), to: person)
        }
    }

    /// Registers an accepted slip; `root` is the event it reports (itself) or acts on (SUA, HUY).
    private mutating func record(_ c: CandidateSlip, target: Int64?, root: Int64?, warnings: [Finding]) {
        context.slipsByCode[RegisterContext.slipKey(c.communeKey, c.slip.slipCode)] = RegisterContext.SlipRecord(
            slipID: c.slipID, code: c.slip.slipCode, communeKey: c.communeKey, contentHash: c.slip.contentHash,
            eventType: c.slip.eventType, rootSlipID: root ?? c.slipID, cancelled: false)
        accepted.append(AcceptedSlip(candidate: c, targetSlipID: target, findings: c.warnings + warnings))
    }

    private mutating func reject(_ c: CandidateSlip, _ findings: [Finding]) {
        rejected.append((c, c.warnings + findings))
    }

    func finding(_ c: CandidateSlip, _ rule: RuleCode, _ column: ChangeColumn?, _ value: String?,
                 severity: Severity? = nil, vi: String, en: String) -> Finding {
        Finding(line: c.slip.line, rule: rule, severity: severity, column: column?.machineName, value: value, vi: vi, en: en)
    }

    /// Whether a corrected slip gives a column its event type requires.
    func isFilled(_ column: ChangeColumn, in slip: ChangeSlip) -> Bool {
        switch column {
        case .fullName: slip.fullName != nil
        case .sex: slip.sex != nil
        case .birthDate: slip.birthDate != nil
        case .ethnicity: slip.ethnicity != nil
        case .relationship: slip.relationship != nil
        case .maritalStatus: slip.maritalStatus != nil
        case .residence: slip.residence != nil
        case .birthOrder: slip.birthOrder != nil
        case .birthPlace: slip.birthPlace != nil
        case .place: slip.place != nil
        case .method: slip.method != nil
        case .spouseName: slip.spouseName != nil
        case .spouseBirthDate: slip.spouseBirthDate != nil
        case .originalSlip: slip.originalSlip != nil
        default: true
        }
    }
}
