import Addressing
import Foundation
@testable import ProbePackets
@testable import RouterProbe
import Testing
import VPNCore

/// Without CAP_NET_RAW the GRE and ESP probes cannot open their sockets:
/// that is `notChecked`, saying what is missing, not `blocked`. The
/// capability is dropped from one thread of the test's own (capabilities
/// are per thread), which ends with the test; nothing is sent.
@Suite struct RawSocketPermissionTests {
    /// Runs `body` on a fresh thread whose effective set lacks CAP_NET_RAW.
    func withoutRawSockets<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                typealias CapGet = @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int32
                typealias CapSet = @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int32
                guard let get = dlsym(dlopen(nil, RTLD_NOW), "capget"), let set = dlsym(dlopen(nil, RTLD_NOW), "capset") else {
                    continuation.resume(throwing: ProbeLabError("capget/capset are not in this C library"))
                    return
                }
                // _LINUX_CAPABILITY_VERSION_3: a header (version, pid 0 = this thread) and two data words of effective, permitted, inheritable.
                var header: [UInt32] = [0x2008_0522, 0]
                var data = [UInt32](repeating: 0, count: 6)
                let ok = header.withUnsafeMutableBytes { header in
                    data.withUnsafeMutableBytes { data in
                        guard unsafeBitCast(get, to: CapGet.self)(header.baseAddress!, data.baseAddress!) == 0 else { return false }
                        let words = data.bindMemory(to: UInt32.self)
                        words[0] &= ~(1 << 13) // CAP_NET_RAW from the effective set
                        return unsafeBitCast(set, to: CapSet.self)(header.baseAddress!, data.baseAddress!) == 0
                    }
                }
                guard ok else {
                    continuation.resume(throwing: ProbeLabError("capset failed: errno \(errno)"))
                    return
                }
                continuation.resume(returning: body())
            }.start()
        }
    }

    @Test func espAndGREWithoutRawSocketsAreNotCheckedSayingWhy() async throws {
        let server = IPv4Address("127.0.0.1")!
        let esp = try await withoutRawSockets { ESPProbe(server: server, schedule: .standard).run() }
        #expect(esp == .notChecked(why: "a raw ESP (IP protocol 50) socket needs root or CAP_NET_RAW; run the probe as the daemon does"))
        let socket = try await withoutRawSockets { () -> String in
            do throws(ProbeSocketError) {
                _ = try DatagramSocket(.raw(number: 47, name: "GRE (IP protocol 47)"))
                return "opened"
            } catch {
                return VerdictEvidence.failed(error).evidence
            }
        }
        #expect(socket.contains("raw GRE (IP protocol 47) socket needs root or CAP_NET_RAW"), "\(socket)")
    }
}
