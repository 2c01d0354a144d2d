#if canImport(Glibc)
import Glibc
#endif

/// Runs one probe's blocking socket work (poll loops, connects) on a
/// pthread of its own, so the cooperative pool never blocks, and hands the
/// result back to async code.
///
/// With a namespace the thread enters it first: network namespaces are a
/// per-thread attribute, and a socket stays in the namespace it was opened
/// in. If entering fails the work does not run at all, so nothing is ever
/// sent from the caller's own namespace by mistake.
enum ProbeThread {
    static func run<T: Sendable>(in namespace: String?, _ work: @escaping @Sendable () -> T) async -> Result<T, NamespaceEntryError> {
        await withCheckedContinuation { continuation in
            let started = Job {
                if let namespace {
                    do throws(NamespaceEntryError) {
                        try NetworkNamespaceEntry.enter(namespace)
                    } catch {
                        continuation.resume(returning: .failure(error))
                        return
                    }
                }
                continuation.resume(returning: .success(work()))
            }.start()
            if let failure = started {
                continuation.resume(returning: .failure(NamespaceEntryError(path: namespace ?? "(none)", reason: "no thread for the probe: \(String(cString: strerror(failure)))")))
            }
        }
    }

    private final class Job: Sendable {
        let body: @Sendable () -> Void

        init(_ body: @escaping @Sendable () -> Void) { self.body = body }

        /// The errno when no thread could be made. The work then never runs:
        /// entering a namespace on the caller's (a pool) thread would move
        /// that thread for good.
        func start() -> Int32? {
            let context = Unmanaged.passRetained(self).toOpaque()
            var thread = pthread_t()
            let created = pthread_create(&thread, nil, { context in
                Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, context)
            guard created == 0 else {
                Unmanaged<Job>.fromOpaque(context).release()
                return created
            }
            pthread_detach(thread)
            return nil
        }
    }
}

/// Why a probe could not run: its namespace could not be entered, or no thread could be made.
public struct NamespaceEntryError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "cannot enter the network namespace \(path): \(reason)" }
}

enum NetworkNamespaceEntry {
    /// setns(2) for the calling thread. Glibc's Swift module leaves setns out
    /// (a _GNU_SOURCE declaration), so it is looked up at run time.
    static func enter(_ path: String) throws(NamespaceEntryError) {
        typealias SetNS = @convention(c) (Int32, Int32) -> Int32
        let cloneNewNet: Int32 = 0x4000_0000 // CLONE_NEWNET, linux/sched.h
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "setns") else {
            throw NamespaceEntryError(path: path, reason: "setns(2) is not in this C library")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw NamespaceEntryError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard unsafeBitCast(symbol, to: SetNS.self)(descriptor, cloneNewNet) == 0 else {
            throw NamespaceEntryError(path: path, reason: "setns: \(String(cString: strerror(errno)))")
        }
    }
}
