import DansoPipeline
import DansoValidation
import DansoWarehouse
import Testing

@Suite struct DefinitionTests {
    @Test func theCommittedDefinitionReads() throws {
        let d = try PipelineDefinition.load(file: Repository.communes)
        #expect(d.name == "communes")
        #expect(d.source == "drop")
        #expect(d.steps.map(\.kind) == [.a0, .changes])
        #expect(d.steps[0].patterns.map(\.text) == ["a0_*.csv", "**/a0_*.csv"])
        #expect(d.steps[0].scope == .auto)
        #expect(d.steps[1].patterns.map(\.text) == ["p0_*.csv", "changes/p0_*.csv"])
        #expect(d.sha256.count == 64)
    }

    @Test func foldersResolveAgainstHomeAndSource() throws {
        let d = try PipelineDefinition.load(file: Repository.communes)
        let f = d.folders(environment: ["DANSO_HOME": "/var/lib/danso"], currentDirectory: "/tmp")
        #expect(f == PipelineFolders(source: "/var/lib/danso/drop", archive: "/var/lib/danso/drop/archive",
                                     rejected: "/var/lib/danso/drop/rejected"))
        let relativeHome = d.folders(environment: [:], currentDirectory: "/srv/danso")
        #expect(relativeHome.source == "/srv/danso/.danso/drop")
        let overridden = d.folders(environment: ["DANSO_HOME": "/h", "DANSO_DROP_DIR": "/mnt/inbox"], currentDirectory: "/tmp")
        #expect(overridden.source == "/mnt/inbox")
        #expect(overridden.archive == "/mnt/inbox/archive")

        let absolute = try PipelineDefinition.parse(yaml: """
            name: x
            source: /data/in
            archive: /data/done
            rejected: ../bad
            steps: [{kind: a0, patterns: "*.csv"}]
            """, file: "x.yaml")
        let g = absolute.folders(environment: ["DANSO_HOME": "/h"], currentDirectory: "/tmp")
        #expect(g == PipelineFolders(source: "/data/in", archive: "/data/done", rejected: "/data/bad"))
    }

    /// The error a definition gives, as (key, line, English message).
    func failure(_ yaml: String, expectedName: String? = nil) -> (key: String, line: Int?, en: String)? {
        do {
            _ = try PipelineDefinition.parse(yaml: yaml, file: "pipelines/t.yaml", expectedName: expectedName)
            return nil
        } catch {
            guard case .definitionInvalid(let file, let key, let line, _, let en) = error else {
                Issue.record("unexpected \(error)")
                return nil
            }
            #expect(file == "pipelines/t.yaml")
            #expect(error.messageEN.hasPrefix("pipelines/t.yaml"))
            return (key, line, en)
        }
    }

    @Test func missingOrWrongKeysNameTheFileAndTheKey() throws {
        let noSteps = failure("name: t\nsource: drop\n")
        #expect(noSteps?.key == "steps")
        #expect(noSteps?.en.contains("missing") == true)

        let noName = failure("steps:\n  - kind: a0\n    patterns: [a0_*.csv]\n")
        #expect(noName?.key == "name")

        let noKind = failure("""
            name: t
            steps:
              - kind: a0
                patterns: [a0_*.csv]
              - patterns: [p0_*.csv]
            """)
        #expect(noKind?.key == "steps[2].kind")
        #expect(noKind?.line == 5)

        let noPatterns = failure("name: t\nsteps:\n  - kind: a0\n")
        #expect(noPatterns?.key == "steps[1].patterns")

        let badKind = failure("name: t\nsteps:\n  - kind: p0\n    patterns: [x]\n")
        #expect(badKind?.key == "steps[1].kind")
        #expect(badKind?.line == 3)
        #expect(badKind?.en.contains("a0, changes") == true)

        let typo = failure("name: t\nsteps:\n  - kind: a0\n    pattern: [x]\n")
        #expect(typo?.key == "steps[1].pattern")
        #expect(typo?.en.contains("unknown key") == true)

        #expect(failure("name: t\nsteps:\n  - kind: changes\n    patterns: [x]\n    scope: commune\n")?.key == "steps[1].scope")
        #expect(failure("name: t\nsteps:\n  - kind: a0\n    patterns: [../x.csv]\n")?.key == "steps[1].patterns")
        #expect(failure("name: t\nsteps: []\n")?.key == "steps")
        #expect(failure("name: other\nsteps: [{kind: a0, patterns: x}]\n", expectedName: "t")?.key == "name")
        #expect(failure("- just\n- a list\n")?.key == "(root)")
    }

    @Test func brokenYAMLIsUnreadable() {
        #expect(throws: PipelineError.self) {
            try PipelineDefinition.parse(yaml: "name: [unclosed\n", file: "t.yaml")
        }
        #expect {
            try PipelineDefinition.load(file: "/nonexistent/t.yaml")
        } throws: { error in
            if case PipelineError.definitionUnreadable(let file, _) = error { return file == "/nonexistent/t.yaml" }
            return false
        }
    }
}

@Suite struct GlobPatternTests {
    func m(_ pattern: String, _ path: String) -> Bool { GlobPattern(pattern)!.matches(path) }

    @Test func wildcards() {
        #expect(m("a0_*.csv", "a0_25489_tan_lap_2023-12-31.csv"))
        #expect(m("a0_*.csv", "A0_25489.CSV"))
        #expect(!m("a0_*.csv", "d705/a0_x.csv"))
        #expect(!m("a0_*.csv", "a0_x.csv.report.json"))
        #expect(m("**/a0_*.csv", "a0_x.csv"))
        #expect(m("**/a0_*.csv", "d705/x/a0_x.csv"))
        #expect(m("changes/p0_*.csv", "changes/p0_2024-01.csv"))
        #expect(!m("changes/p0_*.csv", "p0_2024-01.csv"))
        #expect(m("p0_202?-0[1-3].csv", "p0_2024-02.csv"))
        #expect(!m("p0_202?-0[!1-3].csv", "p0_2024-02.csv"))
        #expect(m("*", "anything"))
        #expect(m("a*b*c", "aXXbYYc"))
        #expect(!m("a*b*c", "aXXbYY"))
    }

    @Test func patternsThatCannotNameAFileBelowTheDropFolder() {
        #expect(GlobPattern("") == nil)
        #expect(GlobPattern("/etc/*.csv") == nil)
        #expect(GlobPattern("../*.csv") == nil)
        #expect(GlobPattern("a//b") == nil)
    }
}
