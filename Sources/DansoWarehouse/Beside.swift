import Foundation

/// Work started at once on a thread of its own, beside the caller's (a refresh's month end, an
/// ANALYZE on a second connection); `wait` returns when it is done and rethrows what stopped it.
final class Beside: @unchecked Sendable {  // `failure` is written before `done` signals, read after
    private let done = DispatchSemaphore(value: 0)
    private var failure: Error?

    init(_ work: @escaping () throws -> Void) {
        let box = UncheckedWork(work)
        Thread.detachNewThread { [self] in
            defer { done.signal() }
            do { try box.work() } catch { failure = error }
        }
    }

    func wait() throws {
        done.wait()
        if let failure { throw failure }
    }

    private struct UncheckedWork: @unchecked Sendable {  // run on one thread only
        let work: () throws -> Void
        init(_ work: @escaping () throws -> Void) { self.work = work }
    }
}
