import DansoDomain
import DansoGenerator
import DansoIndicators
import DansoPostgres
import DansoTestSupport
import DansoValidation
import DansoWarehouse
import Foundation
import Testing

/// A migrated warehouse on a throwaway database, and the real ingestors.
struct Warehouse {
    static let files = ProjectFiles(sqlDirectory: GeneratorFixture.sql, referenceDirectory: GeneratorFixture.reference)
    let database: TestDatabase
    let connection: PostgresConnection
    let reference: ReferenceData
    let logger = TestDatabase.silentLogger

    init() throws {
        database = try TestDatabase.fresh()
        connection = try database.connect()
        try Migrator(directory: Self.files.sqlDirectory).migrate(connection, logger: logger)
        try ReferenceLoader(files: Self.files).load(connection, logger: logger)
        reference = try ReferenceLoader.referenceData(connection)
    }

    /// Ingests everything and expects each file's findings to be exactly its injected lines
    /// (truth.csv, by line and rule) and its duplicates counted; returns the rules seen.
    func expectTruthReported(_ g: GeneratorFixture.Generated) throws -> Set<String> {
        let truth = try g.truth()
        var rulesSeen = Set<String>()
        for (path, report) in try ingestAll(g) {
            let expected = truth.filter { $0["path"] == path && $0["rule"] != "DUP" }
            let want = Set(expected.map { "\($0["line"]!) \($0["rule"]!)" })
            let got = Set(report.issues.map { "\($0.line) \($0.rule.rawValue)" })
            #expect(got == want, "\(path): missing \(want.subtracting(got).sorted()), unexpected \(got.subtracting(want).sorted()) \(report.issues.filter { !want.contains("\($0.line) \($0.rule.rawValue)") }.prefix(3).map(\.messageEN))")
            #expect(report.rows.duplicates == truth.filter { $0["path"] == path && $0["rule"] == "DUP" }.count, "\(path)")
            for f in report.issues where want.contains("\(f.line) \(f.rule.rawValue)") { rulesSeen.insert(f.rule.rawValue) }
        }
        return rulesSeen
    }

    /// Ingests everything and expects a clean load: no line rejected, no finding (but F04 for
    /// a second header-only file: a month without any event in a commune is the same bytes in
    /// the same layout, which danso rightly recognises), no duplicate.
    func expectCleanLoad(_ g: GeneratorFixture.Generated) throws {
        let lines = Dictionary(uniqueKeysWithValues: try g.manifest().map { ($0["path"]!, Int($0["lines"]!)!) })
        for (path, report) in try ingestAll(g) {
            #expect(report.rows.rejected == 0, "\(path): \(report.issues.prefix(5).map { "\($0.line) \($0.rule) \($0.messageEN)" })")
            let issues = report.issues.filter { !($0.rule == .F04 && lines[path] == 0) }
            #expect(issues.isEmpty, "\(path): \(issues.prefix(5).map { "\($0.line) \($0.rule) \($0.messageEN)" })")
            #expect(report.rows.duplicates == 0, "\(path)")
        }
    }

    /// The figures danso computes at the end of month `m` (0-based) of 2024 at `level`, by
    /// unit code and indicator.
    func monthEnd(_ m: Int, level: IndicatorLevel) throws -> (day: CivilDate, values: [String: [IndicatorCode: Double]]) {
        let day = CivilDate(year: 2024, month: m + 1, day: 1)!.endOfMonth
        var values: [String: [IndicatorCode: Double]] = [:]
        for v in try PopulationFigures(connection: connection, files: Self.files).values(on: day, level: level) {
            values[v.unitCode, default: [:]][v.indicator] = v.value
        }
        return (day, values)
    }

    /// Ingests every file of a generation as the pipeline would: registers, then months in order.
    func ingestAll(_ g: GeneratorFixture.Generated) throws -> [(path: String, report: ValidationReport)] {
        let registers = RegisterIngestor(connection: connection, reference: reference, logger: logger, files: Self.files)
        let changes = ChangeIngestor(connection: connection, reference: reference, files: Self.files, logger: logger)
        var out: [(String, ValidationReport)] = []
        for row in try g.manifest() {
            let path = row["path"]!
            let outcome = row["kind"] == "a0" ? try registers.ingest(path: g.path(path)) : try changes.ingest(path: g.path(path))
            out.append((path, outcome.report))
        }
        return out
    }
}

/// Generated provinces load through danso's real checks and ingestors.
@Suite(.serialized) struct WarehouseLoadTests {
    static let communes = ["25456", "25489", "25519", "25531", "25555", "25600", "25654", "25708"]

    /// A clean generation: no line rejected, no finding at all, and the month-end population
    /// danso computes is the one the generator lived.
    @Test func cleanGenerationLoadsWithoutFindings() throws {
        let g = try GeneratorFixture.generate(GeneratorFixture.options(households: 500, months: 3, seed: 21,
                                                                       communes: Self.communes))
        let w = try Warehouse()
        try w.expectCleanLoad(g)
        let perCommune = try g.peoplePerCommune()
        for m in 0..<3 {
            let (day, got) = try w.monthEnd(m, level: .commune)
            for code in Self.communes {
                let expected = try #require(perCommune[code])
                let resident = try #require(expected["resident_month_end"] as? [Int])
                let households = try #require(expected["households_month_end"] as? [Int])
                #expect(got[code]?[.pop] == Double(resident[m]), "\(code) \(day.iso)")
                #expect(got[code]?[.households] == Double(households[m]), "\(code) \(day.iso)")
            }
        }
    }

    /// With `--errors` and `--duplicates`, every injected problem is reported at its truth
    /// line with its rule, nothing else is reported, and the duplicates are counted.
    @Test func injectedProblemsAreReportedAtTheirTruthLines() throws {
        let g = try GeneratorFixture.generate(GeneratorFixture.options(households: 600, months: 6, seed: 4,
                                                                       communes: Self.communes, errors: 0.3, duplicates: 0.05))
        let truth = try g.truth()
        let rulesSeen = try Warehouse().expectTruthReported(g)
        let all = ["R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", "R09", "R10", "R11", "R16",
                   "E01", "E02", "E03", "E04", "E05", "E06", "E07", "E08", "E09", "E10", "E11"]
        #expect(rulesSeen == Set(all), "never seen: \(Set(all).subtracting(rulesSeen).sorted())")
        #expect(truth.contains { $0["rule"] == "DUP" && $0["path"]!.hasPrefix("a0") })
        #expect(truth.contains { $0["rule"] == "DUP" && $0["path"]!.hasPrefix("changes") })
    }
}
