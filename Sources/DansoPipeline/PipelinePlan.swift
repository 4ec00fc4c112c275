import DansoValidation
import DansoWarehouse
import Foundation

/// A file the run will take, with the step that takes it and the period it holds.
public struct PlannedFile: Sendable, Equatable {
    public var file: DroppedFile
    /// 1-based position of the step in the definition.
    public var stepNumber: Int
    public var kind: ValidationReport.Kind
    public var scope: RegisterScope?
    /// Nil when it cannot be read from the file; such files go last in their step.
    public var period: FilePeriod?
}

/// What a run will do, in order: steps as declared, and within a step files by the period
/// they hold (then by name), whatever order they arrived in.
public struct PipelinePlan: Sendable {
    public var definition: PipelineDefinition
    public var folders: PipelineFolders
    public var files: [PlannedFile]
    /// Files no step's patterns match: left where they are (relative paths).
    public var unmatched: [String]

    /// Looks at the drop folder and orders what waits there.
    public static func make(_ definition: PipelineDefinition, folders: PipelineFolders) throws(PipelineError) -> PipelinePlan {
        var byStep: [[PlannedFile]] = Array(repeating: [], count: definition.steps.count)
        var unmatched: [String] = []
        for file in try DropFolder.list(folders) {
            guard let index = definition.steps.firstIndex(where: { $0.matches(file.relativePath) }) else {
                unmatched.append(file.relativePath)
                continue
            }
            let step = definition.steps[index]
            byStep[index].append(PlannedFile(file: file, stepNumber: index + 1, kind: step.kind, scope: step.scope,
                                             period: FilePeriod.read(path: file.path, kind: step.kind)))
        }
        let ordered = byStep.flatMap { $0.sorted(by: inOrder) }
        return PipelinePlan(definition: definition, folders: folders, files: ordered, unmatched: unmatched)
    }

    /// By period (unknown last), then file name, then path.
    static func inOrder(_ a: PlannedFile, _ b: PlannedFile) -> Bool {
        switch (a.period, b.period) {
        case let (x?, y?) where x != y: return x < y
        case (nil, _?): return false
        case (_?, nil): return true
        default: return (a.file.fileName, a.file.relativePath) < (b.file.fileName, b.file.relativePath)
        }
    }
}
