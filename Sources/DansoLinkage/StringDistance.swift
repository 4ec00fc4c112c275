/// Edit distances on buffers of code units (bytes of ASCII text, or Unicode scalars).
///
/// Generic over the element so that one algorithm serves both the fast path (folded
/// Vietnamese names are ASCII: their UTF-8 bytes are their letters) and any other text.
enum StringDistance {
    /// Jaro similarity (0…1).
    static func jaro<T: Equatable>(_ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>) -> Double {
        let n1 = a.count, n2 = b.count
        if n1 == 0 && n2 == 0 { return 1 }
        if n1 == 0 || n2 == 0 { return 0 }
        let window = max(0, max(n1, n2) / 2 - 1)
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: n1 + n2) { flags in
            flags.initialize(repeating: false)
            var matches = 0
            for i in 0..<n1 {
                let lo = max(0, i - window), hi = min(n2 - 1, i + window)
                guard lo <= hi else { continue }
                for j in lo...hi where !flags[n1 + j] && a[i] == b[j] {
                    flags[i] = true
                    flags[n1 + j] = true
                    matches += 1
                    break
                }
            }
            guard matches > 0 else { return 0 }
            var halfTranspositions = 0
            var k = 0
            for i in 0..<n1 where flags[i] {
                while !flags[n1 + k] { k += 1 }
                if a[i] != b[k] { halfTranspositions += 1 }
                k += 1
            }
            let m = Double(matches), t = Double(halfTranspositions / 2)
            return (m / Double(n1) + m / Double(n2) + (m - t) / m) / 3
        }
    }

    /// Jaro–Winkler: Jaro raised by the common prefix (up to 4, scale 0.1) when Jaro
    /// exceeds 0.7, as Winkler proposed.
    static func jaroWinkler<T: Equatable>(_ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>) -> Double {
        let j = jaro(a, b)
        guard j > 0.7 else { return j }
        var prefix = 0
        while prefix < 4, prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        return j + Double(prefix) * 0.1 * (1 - j)
    }

    /// Damerau–Levenshtein distance (optimal string alignment: adjacent transpositions
    /// count one, no substring is edited twice), or `bound + 1` as soon as it exceeds `bound`.
    static func damerauLevenshtein<T: Equatable>(_ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>,
                                                 bound: Int) -> Int {
        let n = a.count, m = b.count
        let over = bound == Int.max ? Int.max : bound + 1
        if abs(n - m) > bound { return over }
        if n == 0 { return m }
        if m == 0 { return n }
        let width = m + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
            // Rows i-2, i-1 and i of the table, rotated by offset.
            var older = 0, previous = width, current = 2 * width
            for j in 0...m { rows[previous + j] = j }
            for i in 1...n {
                rows[current] = i
                var rowMin = i
                for j in 1...m {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var v = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        v = min(v, rows[older + j - 2] + 1)
                    }
                    rows[current + j] = v
                    rowMin = min(rowMin, v)
                }
                // A row never falls more than one below the one before (rowMin(i) ≤ rowMin(i-1) + 1),
                // so once a whole row is over the bound every later one is too.
                if rowMin > bound { return over }
                (older, previous, current) = (previous, current, older)
            }
            let d = rows[previous + m]
            return d > bound ? over : d
        }
    }

    /// Whether the Damerau–Levenshtein distance (optimal string alignment) is at most 1: the
    /// texts are equal, or one letter was replaced, dropped, added, or two adjacent letters
    /// were swapped. Linear, without a table: what `damerauLevenshtein(a, b, bound: 1) <= 1`
    /// answers, for the name comparisons' inner loop.
    @inline(__always)
    static func withinOneEdit<T: Equatable>(_ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>) -> Bool {
        let n = a.count, m = b.count
        guard n - m <= 1, m - n <= 1 else { return false }
        var i = 0
        while i < n, i < m, a[i] == b[i] { i += 1 }
        if i == n, i == m { return true }
        @inline(__always) func same(_ x: Int, _ y: Int) -> Bool {
            var x = x, y = y
            while x < n, y < m {
                if a[x] != b[y] { return false }
                x += 1
                y += 1
            }
            return x == n && y == m
        }
        if n > m { return same(i + 1, i) }
        if m > n { return same(i, i + 1) }
        if same(i + 1, i + 1) { return true }
        return i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] && same(i + 2, i + 2)
    }
}

/// Runs `body` on the UTF-8 bytes of two strings, without copying native strings.
@inline(__always)
func withUTF8<R>(_ a: String, _ b: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> R) -> R {
    let direct = a.utf8.withContiguousStorageIfAvailable { pa in
        b.utf8.withContiguousStorageIfAvailable { pb in body(pa, pb) }
    }
    if let direct, let result = direct { return result }
    return Array(a.utf8).withUnsafeBufferPointer { pa in Array(b.utf8).withUnsafeBufferPointer { pb in body(pa, pb) } }
}

/// Runs `body` on the Unicode scalars of two strings.
func withScalars<R>(_ a: String, _ b: String, _ body: (UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt32>) -> R) -> R {
    let sa = a.unicodeScalars.map(\.value), sb = b.unicodeScalars.map(\.value)
    return sa.withUnsafeBufferPointer { pa in sb.withUnsafeBufferPointer { pb in body(pa, pb) } }
}

/// Byte equality: what NFC text needs, without `String ==`'s canonical-equivalence work.
@inline(__always)
func sameUTF8(_ a: String, _ b: String) -> Bool {
    a.utf8.count == b.utf8.count && withUTF8(a, b) { pa, pb in
        pa.count == 0 || memcmpEqual(pa, pb)
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    for i in 0..<a.count where a[i] != b[i] { return false }
    return true
}
