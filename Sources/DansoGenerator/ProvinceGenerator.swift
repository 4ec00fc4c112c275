import DansoFeeds
import Foundation

/// What a generation made, for the command's summary and for tests.
public struct GenerationResult: Sendable {
    public var households = 0
    /// Communes generated (of every province chosen).
    public var communes = 0
    public var people = 0
    public var a0Lines = 0
    public var changeLines = 0
    public var files = 0
    public var injected = 0
    public var duplicates = 0
    /// Files by encoding (manifest names).
    public var encodings: [(String, Int)] = []
    /// Clean change lines per month.
    public var linesPerMonth: [Int] = []
    /// Windows-1258/TCVN3 files too short for danso to tell which, rewritten in UTF-8.
    public var rewrittenAsUTF8: [String] = []
}

/// `danso generate`: a deterministic synthetic province (the 94 communes of the former Tây
/// Ninh, or every commune of the former provinces `provinceCodes` names), its household
/// registers (A0) as of the day before the first month, and the monthly change files (P0) of
/// the months after, with a manifest, the truth of what was injected, and a summary. Same
/// options, same bytes.
public final class ProvinceGenerator {
    public let options: GeneratorOptions
    /// Receives every record written (relative path, fields as meant), for tests.
    public var sink: ((String, [String]) -> Void)?
    /// Progress lines (Vietnamese first, English beside).
    public var progress: ((String) -> Void)?

    public init(options: GeneratorOptions) { self.options = options }

    public func run() throws(GeneratorError) -> GenerationResult {
        try options.validate()
        let reference = try ProvinceReference.load(directory: options.referenceDirectory, provinces: options.provinceCodes,
                                                   only: options.communeCodes)
        guard options.households >= reference.communes.count else {
            throw .invalidOption("--households phải ít nhất bằng số xã (\(reference.communes.count)) / must be at least the number of communes (\(reference.communes.count))")
        }
        let out = options.outputDirectory
        try prepare(out, months: options.months)
        let names = NameBook()
        var numbers = NumberAllocator(seed: options.seed)
        let injector = Injector(errorRate: options.errorRate, duplicateRate: options.duplicateRate, seed: options.seed)
        let chooser = LayoutChooser(seed: options.seed, mix: options.encodings)
        let pop = Population(communes: reference.communes.count)
        // Room for everyone up front: growing a 12-million-person array doubles it for a moment.
        pop.people.reserveCapacity(options.households * 43 / 10 + options.households * options.months / 20 + 1024)
        pop.households.reserveCapacity(options.households + options.households * options.months / 500 + 64)
        let sizes = Self.householdsPerCommune(options.households, reference.communes, seed: options.seed)
        var manifest: [ManifestRow] = []
        var truth: [TruthRow] = []
        var register = Summary.Register()
        let date = options.registerDate

        for (c, info) in reference.communes.enumerated() {
            var builder = CommuneBuilder(commune: info, index: c, date: date, names: names, seed: options.seed)
            builder.build(households: sizes[c], into: pop, numbers: &numbers)
            var writer = RegisterWriter(pop: pop, names: names, reference: reference, commune: c,
                                        layout: chooser.register(commune: c), date: date,
                                        rng: Xoshiro(options.seed, 0xA0, UInt64(c)),
                                        injRng: Xoshiro(options.seed, 0xA0_1A7E, UInt64(c)), injector: injector)
            let relative = "a0/\(info.code).csv"
            let sink = self.sink
            let (row, rows) = try writer.write(to: "\(out)/\(relative)", relative: relative, numbers: &numbers,
                                               sink: sink.map { s in { s(relative, $0) } })
            manifest.append(row)
            truth += rows
            register.add(commune: info.code, pop: pop, range: pop.communeHouseholds[c], date: date)
            if c % 10 == 9 { progress?("  sổ hộ A0 / registers: \(c + 1)/\(reference.communes.count) xã / communes") }
        }
        progress?("  \(pop.people.count) người, \(pop.households.count) hộ / people, households")

        let styles = (0..<reference.communes.count).map { chooser.changeStyle(commune: $0) }
        let sim = Simulation(pop: pop, names: names, reference: reference, options: options, styles: styles,
                             numbers: numbers, injector: injector)
        var changes = ChangeWriter(sim: sim, chooser: chooser, options: options)
        var monthEnds: [[Summary.Stock]] = []
        for m in 0..<options.months {
            try makeDirectory("\(out)/changes/\(options.monthLabel(m))")
            sim.run(month: m)
            let (rows, t) = try changes.write(month: m, directory: out, sink: sink)
            manifest += rows
            truth += t
            monthEnds.append(Summary.stocks(pop, communes: reference.communes.count))
            progress?("  tháng / month \(options.monthLabel(m)): \(rows.reduce(0) { $0 + $1.lines }) dòng / lines")
        }
        let chosen = manifest.map(\.encoding)
        manifest = try verifyEightBit(manifest, directory: out)
        truth.sort()
        try Outputs.writeManifest(manifest, to: "\(out)/manifest.csv")
        try Outputs.writeTruth(truth, to: "\(out)/truth.csv")
        let summary = Summary(options: options, reference: reference, register: register, manifest: manifest, truth: truth,
                              linesByType: changes.linesByType, monthEnds: monthEnds, injected: injector.counts)
        try Outputs.write(summary.json(), to: "\(out)/summary.json")

        var result = GenerationResult()
        result.households = options.households
        result.communes = reference.communes.count
        result.people = register.people
        result.a0Lines = manifest.filter { $0.kind == "a0" }.reduce(0) { $0 + $1.lines }
        result.changeLines = manifest.filter { $0.kind == "changes" }.reduce(0) { $0 + $1.lines }
        result.files = manifest.count
        result.injected = truth.filter { $0.rule != "DUP" }.count
        result.duplicates = truth.filter { $0.rule == "DUP" }.count
        result.encodings = OutputEncoding.allCases.map { e in (e.rawValue, manifest.filter { $0.encoding == e }.count) }
        result.linesPerMonth = changes.linesByType.map { $0.values.reduce(0, +) }
        result.rewrittenAsUTF8 = zip(chosen, manifest).filter { $0.0 != $0.1.encoding }.map { "\($0.1.path) (\($0.0.rawValue))" }
        return result
    }

    /// Households per commune: unequal (log-normal weights, towns larger), exactly `total`.
    static func householdsPerCommune(_ total: Int, _ communes: [CommuneInfo], seed: UInt64) -> [Int] {
        var rng = Xoshiro(seed, 0x512E)
        let weights = communes.map { c -> Double in
            let u1 = max(rng.unit(), 1e-12), u2 = rng.unit()
            let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            return exp(0.42 * z) * (c.isUrban ? 1.25 : 1.0)
        }
        let sum = weights.reduce(0, +)
        let extra = total - communes.count   // everyone gets one first
        let shares = weights.map { Double(extra) * $0 / sum }
        var sizes = shares.map { 1 + Int($0) }
        var left = total - sizes.reduce(0, +)
        let order = shares.indices.sorted { (shares[$0] - Double(Int(shares[$0])), -$0) > (shares[$1] - Double(Int(shares[$1])), -$1) }
        var k = 0
        while left > 0 {
            sizes[order[k % order.count]] += 1
            left -= 1
            k += 1
        }
        return sizes
    }

    /// Creates the output folders, removing the generator's own earlier output there.
    private func prepare(_ out: String, months: Int) throws(GeneratorError) {
        let fm = FileManager.default
        for sub in ["a0", "changes"] where fm.fileExists(atPath: "\(out)/\(sub)") {
            do { try fm.removeItem(atPath: "\(out)/\(sub)") } catch {
                throw .io("không xóa được / cannot remove \(out)/\(sub): \(error)")
            }
        }
        try makeDirectory("\(out)/a0")
        try makeDirectory("\(out)/changes")
    }

    private func makeDirectory(_ path: String) throws(GeneratorError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .io("không tạo được thư mục / cannot create \(path): \(error)")
        }
    }

    /// Reads every Windows-1258 and TCVN3 file back with danso's own detection; a file it
    /// would not read as meant (too little Vietnamese to tell the two apart) is rewritten in
    /// UTF-8, so every file of the manifest is readable as its manifest says.
    private func verifyEightBit(_ rows: [ManifestRow], directory: String) throws(GeneratorError) -> [ManifestRow] {
        var out = rows
        for k in out.indices where out[k].encoding.isEightBit {
            let path = "\(directory)/\(out[k].path)"
            // Only small files can be too short to tell: a register of thousands of names cannot.
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            if size > 256 * 1024 { continue }
            let detected = try? FeedReader.fingerprint(path: path).encoding
            let wanted: FeedEncoding = out[k].encoding == .cp1258 ? .windows1258 : .tcvn3
            if detected == wanted { continue }
            guard let data = FileManager.default.contents(atPath: path),
                  let text = TextEncoder.convert(Array(data), from: out[k].encoding == .cp1258 ? "CP1258" : "TCVN5712-1", to: "UTF-8")
                    .map({ String(decoding: $0, as: UTF8.self) }) else {
                throw .io("không đọc lại được / cannot read back \(path)")
            }
            guard FileManager.default.createFile(atPath: path, contents: Data(text.precomposedStringWithCanonicalMapping.utf8)) else {
                throw .io("không ghi được / cannot rewrite \(path)")
            }
            out[k].encoding = .utf8
        }
        return out
    }
}
