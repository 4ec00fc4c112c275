import Foundation

extension LinkageSet {
    /// Writes records.csv: the register records and the duplicates in a shuffled order, so
    /// that neither a record's number nor its place tells whose duplicate it is.
    func write(_ duplicates: [LinkageRecord]) throws(GeneratorError) -> LinkageResult {
        let people = pop.people.count
        var order = Array(0..<UInt32(people + duplicates.count))
        var rng = Xoshiro(options.seed, 0x0D3E)
        rng.shuffle(&order)
        let file = try CSVFile(path: "\(options.outputDirectory)/records.csv",
                               format: FileFormat(encoding: .utf8, delimiter: 0x2C, crlf: false))
        for name in Self.header { file.field(name) }
        try file.endRecord()
        for (k, source) in order.enumerated() {
            var r = Int(source) < people ? original(Int(source)) : duplicates[Int(source) - people]
            r.recordID = k + 1
            for f in r.fields { file.field(f) }
            try file.endRecord()
            sink?(r)
        }
        try file.close()

        var result = LinkageResult()
        result.people = people
        result.records = order.count
        result.duplicates = duplicates.count
        var perPerson: [Int: Int] = [:]
        for d in duplicates {
            perPerson[d.trueID, default: 0] += 1
            for k in d.kinds { result.byKind[k, default: 0] += 1 }
            result.byCombination[d.dupKind, default: 0] += 1
        }
        result.duplicatedPeople = perPerson.count
        result.truePairs = perPerson.values.reduce(0) { $0 + ($1 + 1) * $1 / 2 }
        return result
    }

    /// summary.json: counts by kind and by combination, and the hard negatives there are.
    func summary(_ r: LinkageResult) -> JSON {
        var byName: [UInt64: Int] = [:]
        for p in pop.people { byName[UInt64(p.family) << 32 | UInt64(p.middle) << 16 | UInt64(p.given), default: 0] += 1 }
        let sharing = byName.values.filter { $0 > 1 }.reduce(0, +)
        return .object([
            ("seed", .int(Int(options.seed))),
            ("people_requested", .int(options.people)),
            ("people", .int(r.people)),
            ("households", .int(r.households)),
            ("communes", .int(reference.communes.count)),
            ("register_date", .string(options.registerDate.iso)),
            ("records", .int(r.records)),
            ("duplicate_records", .int(r.duplicates)),
            ("duplicated_people", .int(r.duplicatedPeople)),
            ("true_pairs", .int(r.truePairs)),
            ("twin_pairs", .int(r.twinPairs)),
            ("people_sharing_full_name", .int(sharing)),
            ("people_with_mother_key", .int(mother.filter { $0 != 0 }.count)),
            ("dup_kind", .object(DuplicateKind.allCases.map { ($0.rawValue, .int(r.byKind[$0] ?? 0)) })),
            ("dup_kind_combinations", .object(r.byCombination.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { ($0.key, .int($0.value)) })),
        ])
    }

    func makeDirectory(_ path: String) throws(GeneratorError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .io("không tạo được thư mục / cannot create \(path): \(error)")
        }
    }
}
