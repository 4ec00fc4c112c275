import Testing
@testable import DansoWarehouse

@Suite struct DecimalTextTests {
    @Test func writesWhatStringWrites() {
        let samples = Array(-12...12_050) + [99_999, 100_000, 1_193_853, Int.max, Int.min]
        for n in samples { #expect(DecimalText.of(n) == String(n)) }
    }
}
