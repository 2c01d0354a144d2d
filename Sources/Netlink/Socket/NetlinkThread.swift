#if canImport(Glibc)
import Glibc
#endif

/// Runs blocking netlink work on a dedicated OS thread.
///
/// `NetlinkSocket` blocks in `recv`. A thread of Swift's cooperative pool that blocks
/// starves every other task (there are as many pool threads as cores), so async
/// callers hand the work to a fresh thread and await its result:
///
///     let links = try await NetlinkThread.run { try client.links() }
///
/// The thread ends with the work. Work that must happen in another network namespace
/// can enter it on this thread (sockets opened there stay in that namespace).
/// Cancellation is not observed: a blocked call ends at the socket's receive timeout.
public enum NetlinkThread {
    public static func run<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, E>, Never>) in
            let job = ThreadJob {
                do throws(E) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            job.start()
        }
        return try result.get()
    }
}

/// One closure run on its own detached pthread.
private final class ThreadJob: Sendable {
    let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) { self.body = body }

    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            let job = Unmanaged<ThreadJob>.fromOpaque(context!).takeRetainedValue()
            job.body()
            return nil
        }, context)
        if created == 0 {
            pthread_detach(thread)
        } else {
            // No thread to be had (RLIMIT_NPROC): doing the work here is slower, not wrong.
            Unmanaged<ThreadJob>.fromOpaque(context).takeRetainedValue().body()
        }
    }
}
