import Dispatch

/// Work spread over the machine's cores with results in a fixed order, so that a run gives
/// the same output whatever the scheduling.
enum Parallel {
    /// `body(i)` for `i` in `0..<count`, run concurrently; the results in index order.
    static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let slots = Slots<T>(count)
        defer { slots.free() }
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: count) { i in
                slots.set(i, work.value(i))
            }
        }
        return slots.values()
    }

    /// An array of `count` elements computed concurrently in a few contiguous chunks, written
    /// in place (a million names are not built twice over).
    static func array<T>(_ count: Int, chunks: Int = 8, _ element: (Int) -> T) -> [T] {
        guard count >= 4096 else { return (0..<count).map(element) }
        let size = (count + chunks - 1) / chunks
        return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = UncheckedSendable(buffer.baseAddress!)
            withoutActuallyEscaping(element) { element in
                let work = UncheckedSendable(element)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    for i in min(count, c * size)..<min(count, (c + 1) * size) {
                        (base.value + i).initialize(to: work.value(i))
                    }
                }
            }
            initialized = count
        }
    }
}

/// A value handed to concurrent work that only reads it (or writes disjoint slots).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Result slots written once each by concurrent iterations.
private final class Slots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    private let count: Int

    init(_ count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }

    func set(_ i: Int, _ value: T) { base[i] = value }

    func values() -> [T] { (0..<count).map { base[$0]! } }

    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
