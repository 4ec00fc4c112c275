/// The 12-digit personal identification number (số định danh cá nhân, CCCD), feeds.md §5.
///
/// Digits 1–3: province of birth registration; digit 4: sex and century; 5–6: birth
/// year; 7–12: serial. The number is a strong identity clue, so it is checked against
/// the person's sex and birth year rather than trusted.
public struct PersonalNumber: Hashable, Sendable, CustomStringConvertible {
    public let digits: String

    /// Nil when the text is not exactly 12 digits (rule R07).
    public init?(_ text: String) {
        let t = text.trimmingSpaces
        guard t.utf8.count == 12, t.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        digits = t
    }

    public var description: String { digits }

    /// The 12 digits as one number: as unique as `digits` (every number has 12 digits) in 8
    /// bytes, for the whole-file check of numbers shared by two people (R15).
    public var value: UInt64 {
        digits.utf8.reduce(0) { $0 * 10 + UInt64($1 - 48) }
    }

    /// The digit at `offset` (0-based); `digits` is 12 ASCII digits, so offsets are byte offsets.
    private func digit(_ offset: Int) -> Int {
        let utf8 = digits.utf8
        return Int(utf8[utf8.index(utf8.startIndex, offsetBy: offset)] - 48)
    }

    /// Sex encoded in digit 4 (even male, odd female).
    public var sex: Sex { digit(3) % 2 == 0 ? .male : .female }

    /// First year of the century encoded in digit 4 (0/1 → 1900, 2/3 → 2000, …).
    public var century: Int { 1900 + (digit(3) / 2) * 100 }

    /// The full birth year the number encodes.
    public var birthYear: Int { century + digit(4) * 10 + digit(5) }

    /// Whether the number agrees with a person's sex and birth year (rule R08 when not).
    public func agrees(sex: Sex?, birthYear: Int?) -> Bool {
        if let sex, sex != self.sex { return false }
        if let birthYear, birthYear != self.birthYear { return false }
        return true
    }
}

extension Int {
    /// `Int(text)`, reading the one- and two-digit numbers most coded cells hold straight
    /// from their bytes (the generic integer parser is several times the work).
    @inlinable
    public init?(cell text: String) {
        let small = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            guard bytes.count == 1 || bytes.count == 2 else { return nil }
            let first = bytes[0] &- 48
            guard first < 10 else { return nil }
            if bytes.count == 1 { return Int(first) }
            let second = bytes[1] &- 48
            return second < 10 ? Int(first) * 10 + Int(second) : nil
        }
        if let small, let value = small {
            self = value
            return
        }
        guard let value = Int(text) else { return nil }
        self = value
    }
}
