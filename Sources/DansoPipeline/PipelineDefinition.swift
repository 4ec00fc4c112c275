import DansoValidation
import DansoWarehouse
import Foundation

/// A pipeline as declared in `pipelines/<name>.yaml`: where files arrive, where they go, and
/// which steps take them, in order.
public struct PipelineDefinition: Sendable, Equatable {
    /// The pipeline's name, the same as its file's (`communes` for `communes.yaml`).
    public var name: String
    public var summary: String?
    /// The drop folder as written: absolute, or relative to `DANSO_HOME`.
    public var source: String
    /// Where ingested files go, as written: absolute, or relative to the drop folder.
    public var archive: String
    /// Where rejected files go, as written: absolute, or relative to the drop folder.
    public var rejected: String
    /// The steps, in the order they run.
    public var steps: [PipelineStep]
    /// The definition file.
    public var file: String
    /// SHA-256 of the definition file, so the audit says which version of it ran.
    public var sha256: String

    public init(name: String, summary: String? = nil, source: String = "drop", archive: String = "archive",
                rejected: String = "rejected", steps: [PipelineStep], file: String = "", sha256: String = "") {
        self.name = name
        self.summary = summary
        self.source = source
        self.archive = archive
        self.rejected = rejected
        self.steps = steps
        self.file = file
        self.sha256 = sha256
    }

    /// The folders on this machine: `DANSO_DROP_DIR` overrides `source`; relative paths resolve
    /// against `DANSO_HOME` (default `./.danso`), and those against the working directory.
    public func folders(environment: [String: String] = ProcessInfo.processInfo.environment,
                        currentDirectory: String = FileManager.default.currentDirectoryPath) -> PipelineFolders {
        func absolute(_ path: String, against base: String) -> String {
            let joined = path.hasPrefix("/") ? path : base + "/" + path
            return URL(fileURLWithPath: joined).standardizedFileURL.path
        }
        let home = absolute(environment["DANSO_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ".danso",
                            against: currentDirectory)
        let source = if let drop = environment["DANSO_DROP_DIR"], !drop.isEmpty {
            absolute(drop, against: currentDirectory)
        } else {
            absolute(self.source, against: home)
        }
        return PipelineFolders(source: source, archive: absolute(archive, against: source),
                               rejected: absolute(rejected, against: source))
    }
}

/// One step: a kind of file and the patterns that pick its files out of the drop folder.
public struct PipelineStep: Sendable, Equatable {
    public var kind: ValidationReport.Kind
    /// A file matching any pattern belongs to this step (the first step that matches wins).
    public var patterns: [GlobPattern]
    /// What a register file speaks for (A0 only); `auto` when not given.
    public var scope: RegisterScope?

    public init(kind: ValidationReport.Kind, patterns: [GlobPattern], scope: RegisterScope? = nil) {
        self.kind = kind
        self.patterns = patterns
        self.scope = scope
    }

    public func matches(_ relativePath: String) -> Bool {
        patterns.contains { $0.matches(relativePath) }
    }
}

/// The absolute folders a pipeline uses on this machine.
public struct PipelineFolders: Sendable, Equatable {
    public var source: String
    public var archive: String
    public var rejected: String

    public init(source: String, archive: String, rejected: String) {
        self.source = source
        self.archive = archive
        self.rejected = rejected
    }
}
