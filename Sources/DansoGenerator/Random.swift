import DansoDomain
import Foundation

/// The generator's own random numbers: xoshiro256** (Blackman & Vigna), fast, small state,
/// good statistical quality.
///
/// Output must be byte-identical for the same seed on every run and every machine, so the
/// generator never touches `SystemRandomNumberGenerator` (or Swift's randomised hashing):
/// every draw comes from a xoshiro256** stream seeded through SplitMix64 (DansoDomain).
public struct Xoshiro: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    /// A stream derived from a seed and stream numbers (see `SplitMix64.mix`).
    public init(_ parts: UInt64...) {
        var g = SplitMix64(seed: 0xA076_1D64_78BD_642F)
        var h: UInt64 = 0
        for part in parts {
            g = SplitMix64(seed: g.next() ^ part)
            h = g.next() ^ (h &* 0x100_0000_01B3)
        }
        self.init(seed: h)
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in `0..<n` (Lemire's multiply-shift; the tiny bias is irrelevant here).
    @inline(__always)
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        return Int((UInt64(n).multipliedFullWidth(by: next())).high)
    }

    /// Uniform in a closed range.
    @inline(__always)
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1).
    @inline(__always)
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `p`.
    @inline(__always)
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One element, uniformly.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index drawn with the given weights (not necessarily normalised).
    public mutating func weighted(_ weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += w }
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            x -= w
            if x < 0 { return i }
        }
        return weights.count - 1
    }

    /// A Poisson count (inversion for small means, normal approximation above 30).
    public mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 {
            // Box–Muller, rounded; good enough for event counts.
            let u1 = max(unit(), 1e-12), u2 = unit()
            let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            return max(0, Int((mean + z * mean.squareRoot()).rounded()))
        }
        var k = 0
        var p = exp(-mean)
        var s = p
        let u = unit()
        while u > s && k < 1000 {
            k += 1
            p *= mean / Double(k)
            s += p
        }
        return k
    }

    /// Fisher–Yates, in place.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, below(i + 1))
        }
    }
}

/// A cumulative weight table for repeated weighted draws (binary search).
struct WeightTable: Sendable {
    private var cumulative: [Double] = []

    init(_ weights: [Double]) {
        var sum = 0.0
        cumulative.reserveCapacity(weights.count)
        for w in weights {
            sum += max(0, w)
            cumulative.append(sum)
        }
    }

    func draw(_ rng: inout Xoshiro) -> Int {
        let x = rng.unit() * (cumulative.last ?? 0)
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
