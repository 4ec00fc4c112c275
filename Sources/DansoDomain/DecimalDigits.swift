/// An integer's decimal digits handed out byte by byte, most significant first, without
/// making a String: what writers of many numbers (the generator's files, the linker's
/// blocking keys) spend most on otherwise.
public enum DecimalDigits {
    /// Calls `body` with the bytes of `number` as `String(number)` writes them, left-padded
    /// with zeros to `width` digits.
    @inline(__always)
    public static func write(_ number: Int, width: Int = 0, _ body: (UInt8) -> Void) {
        if number < 0 { body(0x2D) }
        var magnitude = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var count = 0
            repeat {
                buffer[count] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            while count < min(width, buffer.count) {
                buffer[count] = 0x30
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { body(buffer[i]) }
        }
    }
}
