/// A file-name pattern of a pipeline step, matched against paths relative to the drop folder.
///
/// `*` matches any run of characters within one folder level, `?` one character, `[abc]`,
/// `[a-z]` and `[!abc]` one character of (or not of) a set, and a whole `**` level any number
/// of folder levels, none included: `**/a0_*.csv` matches `a0_x.csv` and `d705/a0_x.csv`.
/// Matching ignores letter case, since Windows users write `A0_25489.CSV` as often as not.
public struct GlobPattern: Sendable, Equatable, CustomStringConvertible {
    /// The pattern as written in the definition.
    public let text: String
    private let levels: [Substring]

    /// Nil for a pattern that cannot name a file under the drop folder: empty, absolute, or
    /// going up with `..`.
    public init?(_ text: String) {
        let levels = text.lowercased().split(separator: "/", omittingEmptySubsequences: false)
        guard !text.isEmpty, !text.hasPrefix("/"), !levels.contains(where: { $0.isEmpty || $0 == ".." || $0 == "." })
        else { return nil }
        self.text = text
        self.levels = levels
    }

    public var description: String { text }

    /// Whether `relativePath` (levels separated by `/`) matches.
    public func matches(_ relativePath: String) -> Bool {
        let path = relativePath.lowercased().split(separator: "/", omittingEmptySubsequences: true)
        return Self.match(levels[...], path[...])
    }

    private static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            // Zero levels, or swallow one level and try again.
            if match(pattern.dropFirst(), path) { return true }
            return !path.isEmpty && match(pattern, path.dropFirst())
        }
        guard let level = path.first, matchLevel(Array(first), Array(level)) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// Wildcards within one level (no `/` on either side).
    static func matchLevel(_ pattern: [Character], _ name: [Character]) -> Bool {
        var p = 0, n = 0
        var star: (p: Int, n: Int)?
        while n < name.count {
            if p < pattern.count {
                switch pattern[p] {
                case "*":
                    star = (p, n)
                    p += 1
                    continue
                case "?":
                    p += 1
                    n += 1
                    continue
                case "[":
                    if let (matched, next) = matchSet(pattern, from: p, name[n]) {
                        if matched {
                            p = next
                            n += 1
                            continue
                        }
                    } else if name[n] == "[" {   // an unclosed `[` is a literal
                        p += 1
                        n += 1
                        continue
                    }
                default:
                    if pattern[p] == name[n] {
                        p += 1
                        n += 1
                        continue
                    }
                }
            }
            // Mismatch: let the last `*` take one more character, or fail.
            guard let s = star else { return false }
            star = (s.p, s.n + 1)
            p = s.p + 1
            n = s.n + 1
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// A `[…]` set starting at `start`: whether `c` is in it and where the pattern goes on;
    /// nil when the set is not closed.
    private static func matchSet(_ pattern: [Character], from start: Int, _ c: Character) -> (Bool, Int)? {
        var i = start + 1
        var negated = false
        if i < pattern.count, pattern[i] == "!" || pattern[i] == "^" {
            negated = true
            i += 1
        }
        var found = false
        var first = true
        while i < pattern.count, pattern[i] != "]" || first {
            first = false
            if i + 2 < pattern.count, pattern[i + 1] == "-", pattern[i + 2] != "]" {
                if pattern[i] <= c && c <= pattern[i + 2] { found = true }
                i += 3
            } else {
                if pattern[i] == c { found = true }
                i += 1
            }
        }
        guard i < pattern.count else { return nil }
        return (found != negated, i + 1)
    }
}
