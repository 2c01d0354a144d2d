#if canImport(Glibc)
import Glibc
#endif

/// Blocking work (a socket's recv, waitpid, a poll loop) on a thread of its
/// own, never on Swift's cooperative pool: there are as many pool threads as
/// cores, and one that blocks starves every other task. The one helper for
/// it; every blocking loop and wait in vpnctl starts here.
///
/// The thread is a detached pthread that ends with the work. Attributes of
/// a thread (its network namespace, a thread-specific socket mark) set by
/// the work stay with it and end with it, so nothing else runs with them.
public enum DedicatedThread {
    /// No thread could be created (RLIMIT_NPROC, memory): `errno` says why.
    public struct Unavailable: Error, Sendable, Hashable, CustomStringConvertible {
        public let errno: Int32
        public var description: String { "no thread for blocking work: \(String(cString: strerror(errno)))" }
    }

    /// Runs `work` on a new thread and returns its result. When no thread can
    /// be had the work does not run at all: the caller decides whether
    /// running it elsewhere would be wrong (entering a namespace on a pool
    /// thread would move that thread for good) or only slower.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> Result<T, Unavailable> {
        await withCheckedContinuation { continuation in
            let failure = start { continuation.resume(returning: .success(work())) }
            if let failure { continuation.resume(returning: .failure(failure)) }
        }
    }

    /// Runs `work` on a new thread, falling back to the caller's thread when
    /// none can be had (slower, not wrong: for work that changes nothing of
    /// the thread it runs on).
    public static func run<T: Sendable, E: Error>(orHere work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let outcome = await run { () -> Result<T, E> in
            do throws(E) { return .success(try work()) } catch { return .failure(error) }
        }
        switch outcome {
        case let .success(result): return try result.get()
        case .failure: return try work()
        }
    }

    /// Starts `body` on a new thread and returns at once: for a loop that
    /// lives as long as its socket. Nil when started, else why not.
    @discardableResult
    public static func start(_ body: @escaping @Sendable () -> Void) -> Unavailable? {
        let job = Job(body)
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            return Unavailable(errno: created)
        }
        pthread_detach(thread)
        return nil
    }

    private final class Job: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
