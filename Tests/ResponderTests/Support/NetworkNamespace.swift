#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Moves the calling thread (only it) into a named network namespace, so the sockets
/// it then opens live there. Glibc's Swift module does not export setns(2) (a
/// _GNU_SOURCE declaration), so it is looked up at run time.
enum NetworkNamespace {
    static func enter(_ name: String) throws {
        typealias SetNS = @convention(c) (Int32, Int32) -> Int32
        let cloneNewNet: Int32 = 0x4000_0000 // CLONE_NEWNET, linux/sched.h
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "setns") else { throw ResponderTestError("setns(2) not found in libc") }
        let descriptor = open("/var/run/netns/\(name)", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ResponderTestError("cannot open namespace \(name): errno \(errno)") }
        defer { close(descriptor) }
        guard unsafeBitCast(symbol, to: SetNS.self)(descriptor, cloneNewNet) == 0 else {
            throw ResponderTestError("setns into \(name) failed: errno \(errno); these tests need root")
        }
    }

    /// Runs `body` on a fresh thread inside `name`; the thread ends with it, so no
    /// other code ever runs in the wrong namespace.
    static func run<T: Sendable>(in name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try enter(name); return try body() })
            }.start()
        }
    }
}
