/// Unique personal identification numbers (feeds.md §5) and health insurance numbers.
///
/// A personal number is `0pp` (province of birth registration) + sex/century digit + the two
/// last digits of the birth year + a 6-digit serial. Serials come from a counter per
/// (province, digit 4, year) pushed through a bijection of 0..<900000, so they look random but
/// can never repeat: no R15 in a clean generation, and the same number is never handed to
/// two people even across communes.
struct NumberAllocator {
    private var counters = [UInt32](repeating: 0, count: 100 * 6 * 100)
    private var offsets: [UInt32]
    private var cardCounter: UInt64 = 0
    private let cardOffset: UInt64

    init(seed: UInt64) {
        var rng = Xoshiro(seed, 0x4E55_4D42)
        offsets = (0..<(100 * 6 * 100)).map { _ in UInt32(rng.below(900_000)) }
        cardOffset = UInt64(rng.below(100_000_000))
    }

    /// Digit 4: 0/1 for men/women born 1900–1999, 2/3 for 2000–2099, 4/5 for 2100–2199.
    static func sexCenturyDigit(sex: Int, year: Int) -> Int {
        max(0, min(2, year / 100 - 19)) * 2 + (sex == 2 ? 1 : 0)
    }

    /// A new number for someone registered at birth in `province` (2-digit code), packed
    /// as `province << 20 | serial`; the other digits follow from sex and birth year.
    mutating func personal(province: Int, sex: Int, year: Int) -> UInt32 {
        personal(province: province, digit4: Self.sexCenturyDigit(sex: sex, year: year), year: year)
    }

    /// Same, with digit 4 given (an injected number that disagrees with sex or birth year).
    mutating func personal(province: Int, digit4: Int, year: Int) -> UInt32 {
        let key = (province * 6 + digit4) * 100 + year % 100
        let n = counters[key]
        precondition(n < 900_000, "personal number serials exhausted")
        counters[key] = n + 1
        let serial = (UInt64(n) &* 387_419 &+ UInt64(offsets[key])) % 900_000
        return UInt32(province) << 20 | UInt32(serial)
    }

    /// A number for an injected line: serials 900000–999999 are never given to anyone else,
    /// so injections neither collide with real numbers nor shift them.
    mutating func injected(province: Int, digit4: Int, year: Int) -> UInt32 {
        let key = (province * 6 + digit4) * 100 + year % 100
        let n = counters[key]
        precondition(n < 100_000, "injected serials exhausted")
        counters[key] = n + 1
        return UInt32(province) << 20 | UInt32(900_000 + n)
    }

    /// The 12 digits of a packed number for a person of this sex and birth year.
    static func text(_ packed: UInt32, sex: Int, year: Int) -> String {
        text(packed, digit4: sexCenturyDigit(sex: sex, year: year), year: year)
    }

    static func text(_ packed: UInt32, digit4: Int, year: Int) -> String {
        var out: [UInt8] = []
        append(packed, digit4: digit4, year: year, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the 12 digits without building a String (the register's hot path).
    @inline(__always)
    static func append(_ packed: UInt32, digit4: Int, year: Int, to out: inout [UInt8]) {
        let province = Int(packed >> 20)
        let serial = Int(packed & 0xFFFFF)
        out.append(0x30)
        out.append(0x30 + UInt8(province / 10))
        out.append(0x30 + UInt8(province % 10))
        out.append(0x30 + UInt8(digit4))
        out.append(0x30 + UInt8((year % 100) / 10))
        out.append(0x30 + UInt8(year % 10))
        var d = 100_000
        while d > 0 {
            out.append(0x30 + UInt8((serial / d) % 10))
            d /= 10
        }
    }

    /// A 10-digit social insurance number (the 2-digit province code + 8 digits), unique.
    mutating func insuranceNumber(province: Int) -> UInt64 {
        let n = cardCounter
        cardCounter += 1
        precondition(n < 100_000_000, "insurance numbers exhausted")
        return UInt64(province) * 1_0000_0000 + (n &* 73_939_133 &+ cardOffset) % 100_000_000
    }
}
