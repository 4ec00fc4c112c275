import ArgumentParser
import DansoDeduplication
import DansoFeeds
import DansoLinkage
import Foundation

extension Danso {
    /// `danso link-records`: the matcher on a file of person records, for comparing it with
    /// other linkage tools on the same data (benchmarks/linkage.sh). Nothing is stored.
    struct LinkRecords: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "link-records",
            abstract: "Ghép cặp các bản ghi người trong một tệp CSV / Link the person records of a CSV file.",
            discussion: """
                Cột / Columns: record_id, full_name, sex, birth_year, birth_month, birth_day, personal_number, household_key, commune_code, mother_key (others ignored).
                Ghi các cặp được ghép (trọng số ≥ ngưỡng ghép) / Writes the pairs linked (weight at or above the link threshold): record_id_l,record_id_r,match_weight,match_probability.
                """)

        @Option(name: .customLong("in"), help: "Tệp bản ghi / Records file.") var input: String
        @Option(name: .customLong("out"), help: "Tệp cặp ghi ra / Pairs file to write.") var output: String
        @Option(help: "Ngưỡng ghép (mặc định của mô hình) / Link threshold (the defaults' when absent).") var linkThreshold: Double?
        @Flag(help: "Dùng m, u mặc định, không ước lượng từ tệp / Use the default m and u rather than estimating them from the file (u from random pairs, m by EM).")
        var defaults = false
        @Option(help: "Số cặp ngẫu nhiên để ước lượng u / Random pairs for u.") var randomPairs = 1_000_000
        @Option(help: "Ghi mô hình đã dùng (JSON, kèm trọng số từng mức) / Write the model used (JSON, with each level's weight).")
        var modelOut: String?

        func run() throws {
            try reportingErrors {
                let records = try PersonRecordsFile.read(input)
                var thresholds = MatchThresholds.defaults
                if let linkThreshold { thresholds.link = linkThreshold; thresholds.review = min(thresholds.review, linkThreshold) }
                // Blocked once: the same candidate pairs serve the estimate and the scores.
                let blocking = Matcher(model: .defaults, thresholds: thresholds)
                let prepared = blocking.prepare(records)
                let model = defaults ? LinkageModel.defaults
                    : AnchoredEstimation.estimate(prepared, using: blocking, start: .defaults, randomPairs: randomPairs, seed: 1).model
                if let modelOut { try ModelReport.write(model, to: modelOut) }
                let result = Matcher(model: model, thresholds: thresholds).score(prepared)
                var out = "record_id_l,record_id_r,match_weight,match_probability\n"
                var linked = 0
                for p in result.pairs where p.decision == .link {
                    out += "\(min(p.a, p.b)),\(max(p.a, p.b)),\(p.score.weight),\(p.score.probability)\n"
                    linked += 1
                }
                try out.write(toFile: output, atomically: true, encoding: .utf8)
                FileHandle.standardError.write(Data(
                    "\(records.count) bản ghi / records, \(result.compared) cặp so sánh / pairs compared, \(linked) cặp ghép / pairs linked\n".utf8))
            }
        }
    }
}

/// Reads person records from a CSV file with a header naming the columns.
/// The model a run used, for the benchmark's record: m, u and log2(m/u) by field and level.
enum ModelReport {
    static func write(_ model: LinkageModel, to path: String) throws {
        var fields: [String: Any] = [:]
        for field in ComparisonField.allCases {
            var levels: [[String: Any]] = []
            for (i, name) in field.levelNames.dropLast().enumerated() {
                levels.append(["level": name, "m": model.m[field]?[i] ?? 0, "u": model.u[field]?[i] ?? 0,
                               "weight": model.levelWeight(field, level: UInt8(i))])
            }
            fields[field.rawValue] = levels
        }
        let object: [String: Any] = ["prior": model.prior, "prior_weight": model.priorWeight, "fields": fields]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
    }
}

enum PersonRecordsFile {
    static func read(_ path: String) throws -> [PersonRecord] {
        let fingerprint = try FeedReader.fingerprint(path: path)
        var index: [String: Int] = [:]
        var records: [PersonRecord] = []
        try FeedReader.read(fingerprint) { event in
            switch event {
            case .header(let header, _):
                for (i, name) in header.fields.enumerated() { index[name.trimmingCharacters(in: .whitespaces).lowercased()] = i }
                guard index["record_id"] != nil, index["full_name"] != nil else {
                    throw DeduplicationError.badRecordsFile(path: path, line: header.line, problem: "cần cột record_id và full_name / record_id and full_name columns are needed")
                }
            case .record(let r):
                func cell(_ name: String) -> String? {
                    guard let i = index[name], i < r.fields.count else { return nil }
                    let v = r.fields[i].trimmingCharacters(in: .whitespaces)
                    return v.isEmpty ? nil : v
                }
                guard let id = cell("record_id").flatMap(Int64.init) else {
                    throw DeduplicationError.badRecordsFile(path: path, line: r.line, problem: "record_id không phải số / record_id is not a number")
                }
                records.append(PersonRecord(
                    id: id, fullName: cell("full_name") ?? "", sex: cell("sex").flatMap(Int.init),
                    birthYear: cell("birth_year").flatMap(Int.init), birthMonth: cell("birth_month").flatMap(Int.init),
                    birthDay: cell("birth_day").flatMap(Int.init), personalNumber: cell("personal_number"),
                    householdKey: cell("household_key"), communeCode: cell("commune_code"), motherKey: cell("mother_key")))
            case .malformed(let line, let detail):
                throw DeduplicationError.badRecordsFile(path: path, line: line, problem: detail)
            }
        }
        return records
    }
}
