#if canImport(Glibc)
import Glibc
#endif
import ProbePackets
import SystemSupport

/// Runs one probe's blocking socket work (poll loops, connects) on a
/// thread of its own (SystemSupport's `DedicatedThread`), so the
/// cooperative pool never blocks, and hands the result back to async code.
///
/// With a namespace the thread enters it first: network namespaces are a
/// per-thread attribute, and a socket stays in the namespace it was opened
/// in. If entering fails the work does not run at all, so nothing is ever
/// sent from the caller's own namespace by mistake.
///
/// With a socket mark the thread carries it the same way, as an attribute
/// of the thread set before the work starts and never changed: every socket
/// opened on it (`DatagramSocket`, `StreamConnection`) reads `socketMark`
/// and sets SO_MARK before its first packet. On any other thread it is nil.
enum ProbeThread {
    /// Why a probe thread did not run its work; nothing was sent.
    enum StartError: Error, CustomStringConvertible {
        case namespace(NamespaceEntryError)
        case noThread(namespace: String?, errno: Int32)
        /// The mark could not be made the thread's (pthread_setspecific).
        case socketMarkNotKept(mark: UInt32, errno: Int32)

        var description: String {
            switch self {
            case let .namespace(error): error.description
            case let .noThread(namespace, code):
                NamespaceEntryError(path: namespace ?? "(none)", reason: "no thread for the probe: \(String(cString: strerror(code)))").description
            case let .socketMarkNotKept(mark, code):
                "the probe thread could not keep its socket mark \(ProbeSocketError.hex(mark)): \(String(cString: strerror(code))); nothing was sent"
            }
        }
    }

    static func run<T: Sendable>(in namespace: String?, socketMark: UInt32?, _ work: @escaping @Sendable () -> T) async -> Result<T, StartError> {
        let outcome = await DedicatedThread.run { () -> Result<T, StartError> in
            if let socketMark {
                let kept = switch markKey {
                case let .success(key): pthread_setspecific(key, UnsafeRawPointer(bitPattern: UInt(socketMark) + 1))
                case let .failure(error): error.code
                }
                guard kept == 0 else { return .failure(.socketMarkNotKept(mark: socketMark, errno: kept)) }
            }
            if let namespace {
                do throws(NamespaceEntryError) {
                    try NetworkNamespaceEntry.enter(namespace)
                } catch {
                    return .failure(.namespace(error))
                }
            }
            return .success(work())
        }
        switch outcome {
        case let .success(result): return result
        // The work never runs elsewhere: entering a namespace on the
        // caller's (a pool) thread would move that thread for good.
        case let .failure(unavailable): return .failure(.noThread(namespace: namespace, errno: unavailable.errno))
        }
    }

    /// The mark for the sockets of the calling probe thread; nil when it has
    /// none, or is not a probe thread.
    static var socketMark: UInt32? {
        // Stored as mark + 1, so that no mark is the null pointer a thread starts with.
        guard case let .success(key) = markKey, let stored = pthread_getspecific(key) else { return nil }
        return UInt32(UInt(bitPattern: stored) - 1)
    }

    /// The key of the thread-specific mark, or pthread_key_create's error
    /// (then no probe with a mark runs). Created once, never deleted; the
    /// value is a number, not an allocation, so it needs no destructor.
    private static let markKey: Result<pthread_key_t, KeyError> = {
        var key = pthread_key_t()
        let created = pthread_key_create(&key, nil)
        return created == 0 ? .success(key) : .failure(KeyError(code: created))
    }()

    private struct KeyError: Error {
        let code: Int32
    }
}
