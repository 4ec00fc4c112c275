import ArgumentParser
import DansoGenerator
import DansoWarehouse
import Foundation

extension Danso {
    /// `danso generate-linkage`: a record-linkage test set with known duplicates; needs no database.
    struct GenerateLinkageCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate-linkage",
            abstract: "Sinh bộ bản ghi có trùng lặp đã biết (kiểm thử ghép bản ghi) / Generate records with known duplicates (record-linkage test set).",
            discussion: """
                Người của sổ hộ A0 giả lập (như danso generate) cùng người sinh đôi, mỗi người một bản ghi, \
                thêm bản ghi trùng của vài phần trăm số người (sai chính tả, đảo ngày/tháng, thiếu hoặc gõ sai số định danh, \
                ở hai hộ, báo sinh hai lần, chuyển xã, chỉ có năm sinh). Cùng tham số, cùng từng byte.
                The people of a synthetic A0 register (as danso generate makes them) plus twins, one record each, and \
                duplicate records of a few percent of them (name typos, day and month swapped, personal number missing or \
                mistyped, listed in two households, a birth reported twice, moved to another commune, birth year only). \
                Same options, same bytes.

                Ra / Output: DIR/records.csv (record_id,true_id,full_name,sex,birth_year,birth_month,birth_day, \
                personal_number,household_key,commune_code,mother_key,source,dup_kind), DIR/summary.json.
                Cặp đúng là các cặp bản ghi cùng true_id / the true pairs are the pairs of records sharing true_id.
                Danh mục / Reference lists: DANSO_REFERENCE_DIR, hoặc / or sample-feeds/reference.
                """)

        @Option(help: "Số người (xấp xỉ: cả hộ) / About this many people (whole households).")
        var people = 100_000

        @Option(help: "Hạt giống ngẫu nhiên / Random seed.")
        var seed: UInt64 = 1

        @Option(help: "Thư mục ra / Output directory.")
        var out: String

        @Option(help: "Tỷ lệ người có bản ghi trùng (0–0,3) / Fraction of people given a duplicate record (0–0.3).")
        var duplicates = 0.04

        func run() throws {
            var options = LinkageOptions(outputDirectory: out, referenceDirectory: GeneratorRun.referenceDirectory)
            options.people = people
            options.seed = seed
            options.duplicateRate = duplicates
            let generator = LinkageSet(options: options)
            generator.progress = GeneratorRun.progress
            let (result, seconds) = try GeneratorRun.timed { () throws(GeneratorError) in try generator.run() }
            print("Đã sinh / Generated \(out)/records.csv: \(result.records) bản ghi / records, \(result.people) người / people, \(result.households) hộ / households")
            print("  Trùng / duplicates: \(result.duplicates) bản ghi / records of \(result.duplicatedPeople) người / people; \(result.truePairs) cặp đúng / true pairs; \(result.twinPairs) cặp sinh đôi / twin pairs")
            print("  " + DuplicateKind.allCases.map { "\($0.rawValue) \(result.byKind[$0] ?? 0)" }.joined(separator: ", "))
            print(String(format: "  %.1f giây / seconds", seconds))
        }
    }
}
