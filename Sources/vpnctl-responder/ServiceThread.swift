#if canImport(Glibc)
import Glibc
#endif
import SystemSupport

/// Every blocking socket loop runs on a thread of its own (SystemSupport's
/// `DedicatedThread`), never on Swift's cooperative pool. A responder that
/// cannot run one of its services is not up: it says which and ends.
enum ServiceThread {
    static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        guard let failure = DedicatedThread.start(body) else { return }
        ResponderLog.line("\(name): \(failure.description)")
        exit(71) // EX_OSERR
    }
}
