import Crypto
import DansoValidation
import DansoWarehouse
import Foundation
import Yams

extension PipelineDefinition {
    static let topKeys = ["name", "description", "source", "archive", "rejected", "steps"]
    static let stepKeys = ["kind", "patterns", "scope", "description"]

    /// Reads a definition file; errors name the file, the key and the line.
    public static func load(file: String) throws(PipelineError) -> PipelineDefinition {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw .definitionUnreadable(file: file, detail: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .definitionUnreadable(file: file, detail: "not UTF-8 text")
        }
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var definition = try parse(yaml: text, file: file, expectedName: stem)
        definition.sha256 = SHA256.hash(data: data).map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        return definition
    }

    /// Parses definition text; `file` only names the source in errors. When `expectedName` is
    /// given, `name` must equal it (the file name), so a run's name always finds its file.
    public static func parse(yaml text: String, file: String, expectedName: String? = nil) throws(PipelineError) -> PipelineDefinition {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw .definitionUnreadable(file: file, detail: "YAML: \(error)")
        }
        let reader = Reader(file: file)
        guard let root, let top = root.mapping else {
            throw reader.invalid("(root)", root, vi: "cần một bảng khoá: giá trị (name, source, steps…).",
                                 en: "expected a mapping of keys (name, source, steps…).")
        }
        try reader.onlyKnownKeys(top, allowed: topKeys, prefix: "")
        let name = try reader.string(top, "name", required: true)!
        guard name.range(of: "^[a-z0-9][a-z0-9_-]*$", options: .regularExpression) != nil else {
            throw reader.invalid("name", top["name"], vi: "«\(name)»: chỉ dùng chữ thường không dấu, số, - và _.",
                                 en: "'\(name)': use lowercase ASCII letters, digits, - and _ only.")
        }
        if let expectedName, name != expectedName {
            throw reader.invalid("name", top["name"], vi: "«\(name)» khác tên tệp «\(expectedName)»: đặt cho giống nhau.",
                                 en: "'\(name)' differs from the file name '\(expectedName)': make them the same.")
        }
        var definition = PipelineDefinition(name: name, steps: [], file: file)
        definition.summary = try reader.string(top, "description", required: false)
        definition.source = try reader.string(top, "source", required: false) ?? "drop"
        definition.archive = try reader.string(top, "archive", required: false) ?? "archive"
        definition.rejected = try reader.string(top, "rejected", required: false) ?? "rejected"

        guard let stepsNode = top["steps"] else {
            throw reader.invalid("steps", nil, at: root, vi: "thiếu danh sách các bước.", en: "the list of steps is missing.")
        }
        guard let steps = stepsNode.sequence, !steps.isEmpty else {
            throw reader.invalid("steps", stepsNode, vi: "cần một danh sách không rỗng các bước (- kind: …).",
                                 en: "expected a non-empty list of steps (- kind: …).")
        }
        for (index, stepNode) in steps.enumerated() {
            let key = "steps[\(index + 1)]"
            guard let step = stepNode.mapping else {
                throw reader.invalid(key, stepNode, vi: "mỗi bước là một bảng khoá (kind, patterns…).",
                                     en: "each step is a mapping (kind, patterns…).")
            }
            try reader.onlyKnownKeys(step, allowed: stepKeys, prefix: key + ".")
            let kindText = try reader.string(step, "kind", required: true, prefix: key + ".", parent: stepNode)!
            guard let kind = ValidationReport.Kind(rawValue: kindText) else {
                throw reader.invalid(key + ".kind", step["kind"], vi: "«\(kindText)» không phải loại tệp đã biết (a0, changes).",
                                     en: "'\(kindText)' is not a known kind (a0, changes).")
            }
            let patterns = try reader.patterns(step, key: key, parent: stepNode)
            var scope: RegisterScope?
            if let scopeText = try reader.string(step, "scope", required: false, prefix: key + ".") {
                guard kind == .a0 else {
                    throw reader.invalid(key + ".scope", step["scope"], vi: "chỉ bước a0 có phạm vi (scope).",
                                         en: "only a0 steps have a scope.")
                }
                guard let value = RegisterScope(rawValue: scopeText) else {
                    throw reader.invalid(key + ".scope", step["scope"], vi: "«\(scopeText)»: cần auto, commune hoặc households.",
                                         en: "'\(scopeText)': expected auto, commune or households.")
                }
                scope = value
            }
            definition.steps.append(PipelineStep(kind: kind, patterns: patterns, scope: scope))
        }
        return definition
    }

    /// Reads typed values out of YAML nodes, turning every surprise into a `definitionInvalid`.
    private struct Reader {
        let file: String

        func invalid(_ key: String, _ node: Node?, at fallback: Node? = nil, vi: String, en: String) -> PipelineError {
            .definitionInvalid(file: file, key: key, line: (node ?? fallback)?.mark?.line, vi: vi, en: en)
        }

        func onlyKnownKeys(_ mapping: Node.Mapping, allowed: [String], prefix: String) throws(PipelineError) {
            for (keyNode, _) in mapping {
                let key = keyNode.string ?? "?"
                if !allowed.contains(key) {
                    throw invalid(prefix + key, keyNode, vi: "khoá không biết; các khoá dùng được: \(allowed.joined(separator: ", ")).",
                                  en: "unknown key; the keys allowed are \(allowed.joined(separator: ", ")).")
                }
            }
        }

        func string(_ mapping: Node.Mapping, _ key: String, required: Bool, prefix: String = "",
                    parent: Node? = nil) throws(PipelineError) -> String? {
            guard let node = mapping[key] else {
                if required {
                    throw invalid(prefix + key, nil, at: parent ?? mapping.first?.key, vi: "thiếu khoá bắt buộc.", en: "required key is missing.")
                }
                return nil
            }
            guard case .scalar(let scalar) = node, node.null == nil, !scalar.string.isEmpty else {
                throw invalid(prefix + key, node, vi: "cần một giá trị chữ, không rỗng.", en: "expected a non-empty text value.")
            }
            return scalar.string
        }

        func patterns(_ mapping: Node.Mapping, key: String, parent: Node) throws(PipelineError) -> [GlobPattern] {
            let name = key + ".patterns"
            guard let node = mapping["patterns"] else {
                throw invalid(name, nil, at: parent, vi: "thiếu khoá bắt buộc (mẫu tên tệp, ví dụ a0_*.csv).",
                              en: "required key is missing (file name patterns, e.g. a0_*.csv).")
            }
            let items: [Node] = if case .scalar = node { [node] } else { node.sequence.map(Array.init) ?? [] }
            guard !items.isEmpty else {
                throw invalid(name, node, vi: "cần một hoặc nhiều mẫu tên tệp.", en: "expected one or more file name patterns.")
            }
            var result: [GlobPattern] = []
            for item in items {
                guard case .scalar(let scalar) = item, let pattern = GlobPattern(scalar.string) else {
                    throw invalid(name, item, vi: "mẫu «\(item.string ?? "?")» không dùng được: cần đường dẫn tương đối, không có «..».",
                                  en: "pattern '\(item.string ?? "?")' is unusable: expected a relative path without '..'.")
                }
                result.append(pattern)
            }
            return result
        }
    }
}
