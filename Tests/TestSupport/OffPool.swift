import Foundation

/// Runs blocking work (waiting for a child process, reading a pipe) on a
/// thread of its own. Blocking Swift's cooperative pool, which has one
/// thread per core, would stall every other test's timers and tasks.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result { try body() })
        }.start()
    }
}
