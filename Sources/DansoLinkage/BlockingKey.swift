import DansoDomain

/// A 64-bit hash of a string's bytes that is the same on every run (Swift's `Hasher` is
/// seeded per process): FNV-1a, then SplitMix64's finaliser to spread the bits.
enum StableHash {
    static let seed: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    static func step(_ h: UInt64, _ byte: UInt8) -> UInt64 {
        (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    static func finish(_ h: UInt64) -> UInt64 {
        var h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }

    static func of(_ text: String) -> UInt64 {
        var key = BlockingKey(keepingText: false)
        key.append(text)
        return key.hash
    }
}

/// A blocking key being written by its rule, part by part: hashed as the bytes come
/// (``StableHash``), and kept as text only when asked for. The hash equals that of the text,
/// so a key hashed here meets the same key hashed from its text.
struct BlockingKey {
    private var state = StableHash.seed
    private var bytes: [UInt8]?

    init(keepingText: Bool) {
        bytes = keepingText ? [] : nil
    }

    /// The key's hash.
    var hash: UInt64 { StableHash.finish(state) }

    /// The key as text (empty unless kept).
    var text: String { String(decoding: bytes ?? [], as: UTF8.self) }

    @inline(__always)
    mutating func append(byte: UInt8) {
        state = StableHash.step(state, byte)
        bytes?.append(byte)
    }

    mutating func append(_ text: String) {
        append(text.utf8)
    }

    /// Bytes of text (a string's or a substring's UTF-8), in one go when they are contiguous.
    mutating func append<Bytes: Sequence<UInt8>>(_ utf8: Bytes) {
        if utf8.withContiguousStorageIfAvailable({ append(buffer: $0) }) == nil {
            for byte in utf8 { append(byte: byte) }
        }
    }

    private mutating func append(buffer: UnsafeBufferPointer<UInt8>) {
        var h = state
        for byte in buffer { h = StableHash.step(h, byte) }
        state = h
        bytes?.append(contentsOf: buffer)
    }

    /// `number` in decimal, as `String(number)` writes it.
    mutating func append(_ number: Int) {
        DecimalDigits.write(number) { append(byte: $0) }
    }

    /// A date as `y-m-d`, each part in decimal (no padding).
    mutating func appendDate(_ year: Int, _ month: Int, _ day: Int) {
        append(year)
        append(byte: 0x2D)
        append(month)
        append(byte: 0x2D)
        append(day)
    }

    /// The separator between a key's parts (``BlockingRule/separator``).
    mutating func separate() {
        append(byte: BlockingRule.separator)
    }
}
