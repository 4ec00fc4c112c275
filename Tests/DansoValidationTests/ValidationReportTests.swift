import Foundation
import Testing
import DansoDomain
import DansoValidation

@Suite("ValidationReport")
struct ValidationReportTests {
    private func finding(_ rule: RuleCode, line: Int = 2) -> Finding {
        Finding(line: line, rule: rule, column: "gioi_tinh", value: "7", vi: "Giới tính sai.", en: "Bad sex.")
    }

    private func report(read: Int, accepted: Int, rejected: Int, duplicates: Int = 0, issues: [Finding] = []) -> ValidationReport {
        var report = ValidationReport(file: "a0.csv", sha256: String(repeating: "ab", count: 32), kind: .a0)
        report.rows.read = read
        report.rows.accepted = accepted
        report.rows.rejected = rejected
        report.rows.duplicates = duplicates
        report.issues = issues
        report.settleStatus()
        return report
    }

    @Test func ruleSeverities() {
        #expect(RuleCode.F04.severity == .info)
        let warnings: Set<RuleCode> = [.F05, .R07, .R08, .R09, .R10, .R12, .R13, .R14, .R15, .E01, .E09, .E10, .E12]
        for rule in RuleCode.allCases {
            if rule == .F04 { continue }
            #expect(rule.severity == (warnings.contains(rule) ? .warning : .error), "\(rule)")
        }
        #expect(RuleCode.allCases.filter(\.rejectsFile) == [.F01, .F02])
        #expect(Severity.info < .warning && Severity.warning < .error)
        #expect(Finding(line: 1, rule: .E04, severity: .warning, vi: "x", en: "y").severity == .warning)
    }

    @Test func cleanFileIsAccepted() {
        let r = report(read: 3, accepted: 3, rejected: 0)
        #expect(r.status == .accepted)
        #expect(r.exitCode == 0)
    }

    @Test func duplicatesAloneAreStillAccepted() {
        let r = report(read: 4, accepted: 3, rejected: 0, duplicates: 1)
        #expect(r.status == .accepted)
        #expect(r.exitCode == 0)
    }

    @Test func infoOnlyIsAccepted() {
        let r = report(read: 3, accepted: 3, rejected: 0, issues: [finding(.F04, line: 1)])
        #expect(r.status == .accepted)
        #expect(r.exitCode == 0)
    }

    @Test func warningsOnlyAreAcceptedWithWarningsAndExit0() {
        let r = report(read: 3, accepted: 3, rejected: 0, issues: [finding(.R07), finding(.F05, line: 1)])
        #expect(r.status == .acceptedWithWarnings)
        #expect(r.exitCode == 0)
    }

    @Test func someLinesRejectedIsAcceptedWithWarningsAndExit1() {
        let r = report(read: 3, accepted: 2, rejected: 1, issues: [finding(.R02)])
        #expect(r.status == .acceptedWithWarnings)
        #expect(r.exitCode == 1)
    }

    @Test("a file-level error rejects the file", arguments: [RuleCode.F01, .F02])
    func fileErrorRejects(_ rule: RuleCode) {
        let r = report(read: 0, accepted: 0, rejected: 0, issues: [finding(rule, line: 1)])
        #expect(r.status == .rejected)
        #expect(r.exitCode == 2)
        // Even with lines counted as accepted before the finding.
        let r2 = report(read: 3, accepted: 3, rejected: 0, issues: [finding(rule, line: 1)])
        #expect(r2.status == .rejected)
        #expect(r2.exitCode == 2)
    }

    @Test func allLinesRejectedRejectsTheFile() {
        let r = report(read: 2, accepted: 0, rejected: 2, issues: [finding(.R02), finding(.R16, line: 3)])
        #expect(r.status == .rejected)
        #expect(r.exitCode == 2)
    }

    @Test func duplicateStatusIsKept() {
        var r = ValidationReport(file: "a0.csv", sha256: "00", kind: .a0)
        r.status = .duplicate
        r.issues = [finding(.F04, line: 1)]
        r.settleStatus()
        #expect(r.status == .duplicate)
        #expect(r.exitCode == 0)
    }

    @Test func settlingAgainFollowsTheCounts() {
        var r = report(read: 2, accepted: 0, rejected: 2, issues: [finding(.R02)])
        #expect(r.status == .rejected)
        r.rows.accepted = 1
        r.rows.rejected = 1
        r.settleStatus()
        #expect(r.status == .acceptedWithWarnings)
    }

    // MARK: JSON

    private func json(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func jsonHasTheKeysOfTheSpec() throws {
        var r = report(read: 5, accepted: 3, rejected: 1, duplicates: 1, issues: [
            finding(.R02, line: 4),
            Finding(line: 6, rule: .F03, value: "23", vi: "Dòng sai.", en: "Bad line."),
        ])
        r.asOf = "2023-12-31"
        let object = try json(r)
        #expect(Set(["file", "sha256", "kind", "status", "rows", "issues"]).isSubset(of: Set(object.keys)))
        #expect(object["file"] as? String == "a0.csv")
        #expect(object["sha256"] as? String == String(repeating: "ab", count: 32))
        #expect(object["kind"] as? String == "a0")
        #expect(object["status"] as? String == "accepted_with_warnings")
        #expect(object["as_of"] as? String == "2023-12-31")
        let rows = try #require(object["rows"] as? [String: Int])
        #expect(rows == ["read": 5, "accepted": 3, "rejected": 1, "duplicates": 1, "duplicate_events": 0])
        let issues = try #require(object["issues"] as? [[String: Any]])
        #expect(issues.count == 2)
        let keys: Set<String> = ["line", "rule", "severity", "column", "value", "message_vi", "message_en"]
        for issue in issues { #expect(Set(issue.keys) == keys) }
        let first = issues[0]
        #expect(first["line"] as? Int == 4)
        #expect(first["rule"] as? String == "R02")
        #expect(first["severity"] as? String == "error")
        #expect(first["column"] as? String == "gioi_tinh")
        #expect(first["value"] as? String == "7")
        #expect(first["message_vi"] as? String == "Giới tính sai.")
        #expect(first["message_en"] as? String == "Bad sex.")
        // A finding about no column says so with null.
        #expect(issues[1]["column"] is NSNull)
    }

    @Test("status and severity spellings", arguments: [
        (ValidationReport.Status.accepted, "accepted"), (.acceptedWithWarnings, "accepted_with_warnings"),
        (.rejected, "rejected"), (.duplicate, "duplicate"),
    ])
    func statusSpelling(_ status: ValidationReport.Status, _ text: String) throws {
        var r = ValidationReport(file: "f", sha256: "s", kind: .changes)
        r.status = status
        let object = try json(r)
        #expect(object["status"] as? String == text)
        #expect(object["kind"] as? String == "changes")
    }

    @Test func severitySpellings() throws {
        for (rule, text) in [(RuleCode.F04, "info"), (.R07, "warning"), (.R01, "error")] {
            let object = try json(Finding(line: 1, rule: rule, vi: "x", en: "y"))
            #expect(object["severity"] as? String == text)
        }
    }

    @Test func findingRoundTrips() throws {
        let original = [finding(.R02), Finding(line: 9, rule: .F03, vi: "a", en: "b")]
        let decoded = try JSONDecoder().decode([Finding].self, from: try JSONEncoder().encode(original))
        #expect(decoded == original)
    }
}
