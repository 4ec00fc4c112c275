import DansoDomain

/// Writes the month's change files, one per commune: slips sorted by event date, slip ids
/// given in that order (`<xã>-<yyyymm>-<n>`, unique in the commune for ever), SUA/HUY
/// pointing to the ids they act on; with `--errors` the injected slips (ids from 90001),
/// with `--duplicates` slips of last month re-sent unchanged (or, in the first month, a
/// line repeated exactly).
struct ChangeWriter {
    let sim: Simulation
    let chooser: LayoutChooser
    let options: GeneratorOptions
    /// Last month's clean slips of each commune, as written: what a re-send repeats.
    private var previous: [[Slip]]
    private var codes: [Int: String] = [:]
    private var injectedID = 1_000_000_000
    /// Clean lines per month and event type (loai_bien_dong of the line).
    private(set) var linesByType: [[EventType: Int]] = []

    init(sim: Simulation, chooser: LayoutChooser, options: GeneratorOptions) {
        self.sim = sim
        self.chooser = chooser
        self.options = options
        previous = Array(repeating: [], count: sim.reference.communes.count)
    }

    mutating func write(month m: Int, directory: String, sink: ((String, [String]) -> Void)?)
        throws(GeneratorError) -> (manifest: [ManifestRow], truth: [TruthRow]) {
        let label = options.monthLabel(m)
        let yyyymm = label.replacingOccurrences(of: "-", with: "")
        var buckets = [[Slip]](repeating: [], count: sim.reference.communes.count)
        for s in sim.slips[m] { buckets[s.commune].append(s) }
        sim.slips[m] = []
        var manifest: [ManifestRow] = []
        var truth: [TruthRow] = []
        var byType: [EventType: Int] = [:]
        let monthText = (0..<buckets.count).map { sim.format.month($0, options.monthStart(m)) }
        for c in buckets.indices {
            let info = sim.reference.communes[c]
            var clean = buckets[c].sorted { ($0.date, $0.id) < ($1.date, $1.id) }
            for k in clean.indices {
                let code = "\(info.code)-\(yyyymm)-\(Self.pad5(k + 1))"
                clean[k][.slipCode] = code
                clean[k][.reportMonth] = monthText[c]
                codes[clean[k].id] = code
                byType[clean[k].type, default: 0] += 1
            }
            for k in clean.indices {
                switch clean[k].role {
                case .correction(let target), .withdrawal(let target): clean[k][.originalSlip] = codes[target] ?? ""
                default: break
                }
            }
            let previousCodes = previous[c].map { $0[.slipCode] }
            var injected = sim.injectedSlips(commune: c, count: sim.injector.injections(lines: clean.count, &sim.injRng),
                                             clean: &clean, previousCodes: previousCodes, nextInjectedID: &injectedID)
            for k in injected.indices {
                if injected[k][.slipCode].isEmpty { injected[k][.slipCode] = "\(info.code)-\(yyyymm)-\(90_001 + k)" }
                injected[k][.reportMonth] = monthText[c]
            }
            // Re-sent slips: last month's, unchanged (their ky_bao_cao too); in the first month,
            // a line written twice.
            var resent: [Slip] = []
            var twice: Set<Int> = []
            let resends = sim.injector.resends(lines: clean.count, &sim.injRng)
            if resends > 0 {
                if m > 0 {
                    var pool = previous[c]
                    for _ in 0..<min(resends, pool.count) {
                        var s = pool.remove(at: sim.injRng.below(pool.count))
                        s.role = .resend
                        resent.append(s)
                    }
                } else {
                    let events = clean.indices.filter { clean[$0].role == .event }
                    for _ in 0..<min(resends, events.count) { twice.insert(clean[events[sim.injRng.below(events.count)]].id) }
                }
            }
            previous[c] = clean.filter { $0.role == .event && $0.type != .correction && $0.type != .withdrawal }
            let lines = (clean + injected + resent).sorted { ($0.date, $0.id) < ($1.date, $1.id) }
            let relative = "changes/\(label)/\(info.code).csv"
            let layout = chooser.change(commune: c, month: m, style: sim.format.styles[c])
            let file = try CSVFile(path: "\(directory)/\(relative)", format: layout.format)
            if let sink { file.sink = { sink(relative, $0) } }
            for column in layout.columns {
                file.field(layout.header.text(machine: column.machineName, label: column.labelVI))
            }
            try file.endRecord()
            for s in lines {
                for column in layout.columns { file.field(s[column]) }
                let repeatIt = twice.contains(s.id) && s.role == .event
                let line = try file.endRecord(twice: repeatIt)
                switch s.role {
                case .injected(let rule, let note):
                    truth.append(TruthRow(path: relative, line: line, rule: rule, note: note))
                case .resend:
                    truth.append(TruthRow(path: relative, line: line, rule: "DUP",
                                          note: "gửi lại phiếu \(s[.slipCode]) / slip \(s[.slipCode]) sent again"))
                default:
                    if repeatIt {
                        truth.append(TruthRow(path: relative, line: file.duplicateLine, rule: "DUP",
                                              note: "lặp lại dòng \(line) / exact repeat of line \(line)"))
                    }
                }
            }
            try file.close()
            if file.unencodable { throw .io("ký tự không mã hóa được / unencodable character in \(relative)") }
            let encoding = file.wroteNonASCII || !layout.format.encoding.isEightBit ? layout.format.encoding : .utf8
            manifest.append(ManifestRow(path: relative, kind: "changes", commune: info.code, period: label,
                                        encoding: encoding, delimiter: layout.format.delimiterName,
                                        header: layout.headerLabel, lines: file.records))
        }
        linesByType.append(byType)
        return (manifest, truth)
    }

    static func pad5(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 5 - s.count)) + s
    }
}
