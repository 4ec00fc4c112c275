import ArgumentParser
import DansoDeduplication
import DansoDomain
import DansoPipeline
import DansoPostgres
import DansoValidation
import DansoWarehouse
import Foundation
import Logging

extension Danso {
    /// `danso pipeline`: drop-folder pipelines declared in `pipelines/*.yaml`.
    struct Pipeline: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Quy trình nạp tệp từ thư mục nhận / Drop-folder pipelines.",
            discussion: """
                Định nghĩa / Definitions: pipelines/<tên>.yaml (DANSO_PIPELINES_DIR, hoặc --definitions).
                Thư mục nhận / Drop folder: «source» của định nghĩa, so với DANSO_HOME; DANSO_DROP_DIR thay thế.
                """,
            subcommands: [Run.self, List.self])
    }
}

/// Options naming where the definitions are.
struct PipelineDefinitionsOptions: ParsableArguments {
    @Option(help: "Thư mục định nghĩa quy trình / Folder of pipeline definitions (default: DANSO_PIPELINES_DIR, else pipelines/ beside sql/).")
    var definitions: String?

    /// `--definitions`, `DANSO_PIPELINES_DIR`, or `pipelines/` beside the sql directory.
    func directory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let definitions { return definitions }
        if let dir = environment["DANSO_PIPELINES_DIR"], !dir.isEmpty { return dir }
        let sql = try ProjectFiles.locate(environment: environment).sqlDirectory
        return URL(fileURLWithPath: sql).deletingLastPathComponent().appendingPathComponent("pipelines").standardizedFileURL.path
    }
}

extension Danso.Pipeline {
    /// `danso pipeline run NAME`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Nạp mọi tệp đang chờ trong thư mục nhận / Ingest every file waiting in the drop folder.",
            discussion: """
                Sổ A0 trước, biến động sau; trong mỗi bước theo kỳ ghi trong tệp (ngày chốt, kỳ báo cáo) rồi theo tên.
                Registers before changes; within a step by the period the file holds, then by name.
                Tệp đã nạp chuyển vào archive/, tệp bị từ chối vào rejected/, kèm báo cáo <tên>.report.json.
                Ingested files move to archive/, rejected ones to rejected/, each with <name>.report.json.
                Mỗi lần chạy và mỗi tệp được ghi vào audit.pipeline_run / audit.pipeline_step.
                Mã thoát / Exit status: 0 mọi tệp đã nạp / every file ingested (warnings included);
                1 có dòng hoặc tệp bị loại / some lines or files rejected; 3 lỗi / an error (file left in place) or could not run.
                """)

        @Argument(help: "Tên quy trình (tệp <tên>.yaml) / Pipeline name (file <name>.yaml).")
        var name: String

        @OptionGroup var definitions: PipelineDefinitionsOptions

        @Flag(help: "Chỉ liệt kê các tệp sẽ nạp, theo thứ tự; không nạp, không chuyển gì / List the plan in order; ingest and move nothing.")
        var dryRun = false

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let result: RunResult = try reportingPipelineErrors {
                let directory = try definitions.directory()
                let definition = try PipelineCatalogue.load(name: name, in: directory)
                let folders = definition.folders()
                let session = try Session.open(global)
                let ingestors = try pipelineIngestors(session)
                if dryRun {
                    let plan = try PipelinePlan.make(definition, folders: folders)
                    print(PipelineSummary.plan(plan, supported: Set(ingestors.keys)))
                    return RunResult(runID: nil, plan: plan, files: [])
                }
                print("Quy trình / Pipeline \(definition.name): \(folders.source)")
                var runner = PipelineRunner(connection: session.connection, ingestors: ingestors, logger: session.logger)
                runner.afterRegisterLoad = { batches in
                    let outcome = try session.personLinker().run(newFromBatches: batches)
                    print(LinkSummary.text(outcome))
                }
                let result = try runner.run(definition, folders: folders) { file in
                    print(PipelineSummary.file(file, folders: folders))
                }
                print(PipelineSummary.total(result))
                return result
            }
            if result.failed > 0 { throw ExitCode(exitCannotRun) }
            if result.files.contains(where: \.hasRejections) { throw ExitCode(1) }
        }
    }

    /// `danso pipeline list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Liệt kê các quy trình đã định nghĩa / List the pipeline definitions.")

        @OptionGroup var definitions: PipelineDefinitionsOptions

        func run() throws {
            let invalid: Int = try reportingPipelineErrors {
                let directory = try definitions.directory()
                let found = try PipelineCatalogue.all(in: directory)
                if found.isEmpty { print("Không có định nghĩa nào trong \(directory) / No definitions in \(directory).") }
                var invalid = 0
                for entry in found {
                    switch entry {
                    case .success(let d):
                        let folders = d.folders()
                        print("\(d.name)\(d.summary.map { " — \($0)" } ?? "")")
                        print("  tệp / file: \(d.file)")
                        print("  nhận / source: \(folders.source)")
                        print("  lưu / archive: \(folders.archive); từ chối / rejected: \(folders.rejected)")
                        for (i, step) in d.steps.enumerated() {
                            let scope = step.scope.map { " (scope \($0.rawValue))" } ?? ""
                            print("  \(i + 1). \(step.kind.rawValue)\(scope): \(step.patterns.map(\.text).joined(separator: ", "))")
                        }
                    case .failure(let error):
                        invalid += 1
                        FileHandle.standardError.write(Data("Lỗi: \(error.messageVI)\nError: \(error.messageEN)\n".utf8))
                    }
                }
                return invalid
            }
            if invalid > 0 { throw ExitCode(exitCannotRun) }
        }
    }
}

/// `reportingErrors`, with pipeline errors printed Vietnamese first, English beside.
private func reportingPipelineErrors<T>(_ body: () throws -> T) throws -> T {
    try reportingErrors {
        do {
            return try body()
        } catch let error as PipelineError {
            FileHandle.standardError.write(Data("Lỗi: \(error.messageVI)\nError: \(error.messageEN)\n".utf8))
            throw ExitCode(exitCannotRun)
        }
    }
}

/// The ingestor of each kind the pipeline can run; a kind left out is skipped (files stay).
private func pipelineIngestors(_ session: Session) throws -> [ValidationReport.Kind: any FeedIngestor] {
    let reference = try ReferenceLoader.referenceData(session.connection)
    return [
        .a0: RegisterIngestor(connection: session.connection, reference: reference, logger: session.logger,
                              files: session.files, duplicateEvents: DuplicateEventMatcher()),
        .changes: ChangeIngestor(connection: session.connection, reference: reference, files: session.files,
                                 logger: session.logger, duplicateEvents: DuplicateEventMatcher()),
    ]
}

/// Finds definitions in a folder.
enum PipelineCatalogue {
    static func files(in directory: String) throws(PipelineError) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw .definitionsDirectoryMissing(path: directory)
        }
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { "\(directory)/\($0)" }
    }

    static func load(name: String, in directory: String) throws(PipelineError) -> PipelineDefinition {
        let files = try files(in: directory)
        guard let file = files.first(where: {
            URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent == name
        }) else {
            throw .definitionNotFound(name: name, directory: directory,
                                      available: files.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent })
        }
        return try PipelineDefinition.load(file: file)
    }

    static func all(in directory: String) throws(PipelineError) -> [Result<PipelineDefinition, PipelineError>] {
        try files(in: directory).map { file in Result { () throws(PipelineError) in try PipelineDefinition.load(file: file) } }
    }
}

/// What `danso pipeline run` prints, Vietnamese first with English beside.
enum PipelineSummary {
    static func plan(_ plan: PipelinePlan, supported: Set<ValidationReport.Kind>) -> String {
        var lines = ["Kế hoạch (chạy thử, không nạp, không chuyển gì) / Plan (dry run, nothing ingested or moved): \(plan.definition.name)",
                     "  nhận / source: \(plan.folders.source)"]
        if plan.files.isEmpty { lines.append("  Không có tệp nào đang chờ / Nothing waiting.") }
        for (i, file) in plan.files.enumerated() {
            let period = file.period.map(\.description) ?? "kỳ? / period?"
            let note = supported.contains(file.kind) ? "" : " — chưa hỗ trợ, sẽ bỏ qua / not supported yet, would be skipped"
            lines.append("  \(i + 1). [\(file.kind.rawValue) \(period)] \(file.file.relativePath)\(note)")
        }
        lines += unmatched(plan.unmatched)
        return lines.joined(separator: "\n")
    }

    static func file(_ result: FileResult, folders: PipelineFolders) -> String {
        let name = result.planned.file.relativePath
        var text: String
        if let ingest = result.ingest {
            text = IngestSummary.text(ingest, path: result.planned.file.path)
        } else {
            text = "\(name) [\(result.planned.kind.rawValue)]"
        }
        switch result.outcome {
        case .skipped: text += "\n  Bỏ qua / Skipped: \(result.message ?? "")"
        case .error: text += "\n  Lỗi / Error: \(result.message ?? "")"
        default: break
        }
        if let moved = result.movedTo { text += "\n  → \(relative(moved, to: folders.source))" }
        return text
    }

    static func total(_ result: RunResult) -> String {
        var lines = unmatched(result.plan.unmatched)
        let run = result.runID.map { " — lần chạy / run \($0)" } ?? ""
        lines.append("Tổng / Total: \(result.files.count) tệp / files: \(result.ingested) đã nạp / ingested, "
            + "\(result.rejected) bị từ chối / rejected, \(result.skipped) bỏ qua / skipped, \(result.failed) lỗi / errors; "
            + "\(result.plan.unmatched.count) không khớp / unmatched\(run)")
        if let refresh = result.refresh, !refresh.isEmpty { lines.append(RefreshSummary.text(refresh)) }
        return lines.joined(separator: "\n")
    }

    private static func unmatched(_ paths: [String]) -> [String] {
        paths.isEmpty ? [] : ["Không khớp bước nào, để nguyên / Matched by no step, left in place: " + paths.joined(separator: ", ")]
    }

    private static func relative(_ path: String, to base: String) -> String {
        path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }
}
