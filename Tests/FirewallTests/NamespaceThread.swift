import Foundation
import Glibc

/// Runs work inside a network namespace of the test's own: a fresh thread
/// joins it (setns affects that thread only), so libnftables' socket and
/// the rules it sets live there, never in the machine's own namespace.
enum NamespaceThread {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run<T: Sendable>(in namespace: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try enter("/run/netns/\(namespace)")
                    return try body()
                })
            }.start()
        }
    }

    private static func enter(_ path: String) throws {
        typealias SetNS = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "setns") else { throw Failure(description: "setns(2) not in libc") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(description: "cannot open \(path): errno \(errno)") }
        defer { close(descriptor) }
        guard unsafeBitCast(symbol, to: SetNS.self)(descriptor, 0x4000_0000) == 0 else {
            throw Failure(description: "setns(\(path)) failed: errno \(errno); the firewall tests need root")
        }
    }
}
