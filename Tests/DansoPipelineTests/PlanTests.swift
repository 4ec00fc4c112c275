import DansoPipeline
import Foundation
import Testing

/// Ordering and file picking, without a database.
@Suite struct PlanTests {
    @Test func registersComeOutInTheOrderOfTheirRegisterDate() throws {
        let drop = try DropFixture()
        defer { drop.remove() }
        for name in Repository.registers.reversed() { try drop.drop(name) }
        let (definition, folders) = try drop.communes()
        let plan = try PipelinePlan.make(definition, folders: folders)
        #expect(plan.files.map(\.file.relativePath) == [
            "a0_25489_tan_lap_2023-12-31.csv", "a0_25519_tan_ha_2023-12-31.csv",
            "a0_25555_suoi_da_2023-12-31.csv", "a0_25489_tan_lap_2024-06-30.csv",
        ])
        // Read from each file, whatever its encoding and header style.
        #expect(plan.files.map { $0.period?.description } == ["2023-12-31", "2023-12-31", "2023-12-31", "2024-06-30"])
        #expect(plan.files.allSatisfy { $0.kind == .a0 && $0.stepNumber == 1 })
        #expect(plan.unmatched.isEmpty)
    }

    @Test func changesFollowRegistersByReportingMonthAndUnreadablePeriodsGoLast() throws {
        let drop = try DropFixture()
        defer { drop.remove() }
        try drop.write("ky_bao_cao,ma_xa,ma_phieu\n2024-03,25489,P1\n", as: "p0_a.csv")
        try drop.write("Kỳ báo cáo;Mã xã;Mã phiếu\n01/2024;25489;P2\n", as: "changes/p0_z.csv")
        try drop.write("KY BAO CAO\tMA XA\n02/2024\t25489\n", as: "changes/p0_m.csv")
        try drop.write("ma_xa,ma_phieu\n25489,P3\n", as: "p0_0_no_period.csv")
        try drop.write("", as: "p0_00_empty.csv")
        try drop.drop("a0_25489_tan_lap_2024-06-30.csv", as: "d705/a0_late.csv")
        try drop.drop("a0_25519_tan_ha_2023-12-31.csv")
        let (definition, folders) = try drop.communes()
        let plan = try PipelinePlan.make(definition, folders: folders)
        #expect(plan.files.map(\.file.relativePath) == [
            "a0_25519_tan_ha_2023-12-31.csv", "d705/a0_late.csv",
            "changes/p0_z.csv", "changes/p0_m.csv", "p0_a.csv", "p0_00_empty.csv", "p0_0_no_period.csv",
        ])
        #expect(plan.files.map { $0.period?.description } == ["2023-12-31", "2024-06-30", "2024-01", "2024-02", "2024-03", nil, nil])
        #expect(plan.files.map(\.kind) == [.a0, .a0, .changes, .changes, .changes, .changes, .changes])
    }

    @Test func onlyWaitingRegularFilesAreTaken() throws {
        let drop = try DropFixture()
        defer { drop.remove() }
        try drop.drop("a0_25519_tan_ha_2023-12-31.csv")
        try drop.drop("a0_25555_suoi_da_2023-12-31.csv", as: "archive/a0_old.csv")
        try drop.drop("a0_25555_suoi_da_2023-12-31.csv", as: "rejected/sub/a0_bad.csv")
        try drop.drop("a0_25555_suoi_da_2023-12-31.csv", as: ".a0_still_copying.csv")
        try drop.write("hello", as: "notes.txt")
        try drop.write("x", as: "changes/readme.md")
        try FileManager.default.createSymbolicLink(atPath: drop.source + "/a0_link.csv",
                                                   withDestinationPath: Repository.sample("a0_25555_suoi_da_2023-12-31.csv"))
        let (definition, folders) = try drop.communes()
        let plan = try PipelinePlan.make(definition, folders: folders)
        #expect(plan.files.map(\.file.relativePath) == ["a0_25519_tan_ha_2023-12-31.csv"])
        #expect(plan.unmatched == ["changes/readme.md", "notes.txt"])
    }

    @Test func aMissingDropFolderIsAClearError() throws {
        let drop = try DropFixture()
        defer { drop.remove() }
        let (definition, _) = try drop.communes()
        let folders = definition.folders(environment: ["DANSO_DROP_DIR": "/nonexistent/drop"])
        #expect(throws: PipelineError.sourceMissing(path: "/nonexistent/drop")) {
            try PipelinePlan.make(definition, folders: folders)
        }
    }
}
