import Foundation

/// A UDP echo on 127.0.0.1 that drops the first `drop` datagrams it gets,
/// or every one with `drop == .max`: a path with loss, to watch the probe's
/// retransmissions. Its thread polls with a timeout and ends on `stop()`.
final class LossyLoopbackEcho: @unchecked Sendable {
    let port: UInt16
    private let descriptor: Int32
    private let lock = NSLock()
    private var stopping = false
    private var received = 0
    private let finished = DispatchSemaphore(value: 0)

    init(drop: Int) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard descriptor >= 0, bound else { throw ProbeLabError("cannot bind a loopback UDP socket: errno \(errno)") }
        port = UInt16(bigEndian: address.sin_port)
        Thread { [self] in serve(drop: drop) }.start()
    }

    var datagramsReceived: Int { lock.withLock { received } }

    private func serve(drop: Int) {
        defer { finished.signal() }
        while !lock.withLock({ stopping }) {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 20) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            var peer = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let count = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(descriptor, raw.baseAddress, raw.count, 0, $0, &length) }
                }
            }
            guard count >= 0 else { continue }
            let seen = lock.withLock { received += 1; return received }
            guard seen > drop else { continue }
            _ = buffer.withUnsafeBytes { raw in
                withUnsafePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(descriptor, raw.baseAddress, count, 0, $0, length) }
                }
            }
        }
    }

    func stop() {
        lock.withLock { stopping = true }
        finished.wait()
        close(descriptor)
    }
}
