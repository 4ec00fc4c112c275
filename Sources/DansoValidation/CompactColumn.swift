/// A column of integers kept in `Small` (1 or 4 bytes) when they fit, which they nearly
/// always do (line numbers, member numbers, ages), and in a side table otherwise, so no
/// value, however odd the file, is ever cut short.
struct CompactColumn<Small: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    /// `Small.max` marks a value kept in `large`.
    private var small: [Small] = []
    private var large: [Int: Int] = [:]

    var count: Int { small.count }

    mutating func append(_ value: Int) {
        if let fits = Small(exactly: value), fits != .max {
            small.append(fits)
        } else {
            large[small.count] = value
            small.append(.max)
        }
    }

    subscript(position: Int) -> Int {
        let stored = small[position]
        return stored == .max ? large[position]! : Int(stored)
    }

    mutating func reserveCapacity(_ n: Int) { small.reserveCapacity(n) }
}

/// Line numbers: 4 bytes each, whatever their size.
typealias LineNumbers = CompactColumn<UInt32>
