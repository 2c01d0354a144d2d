#if canImport(Glibc)
import Glibc
#endif
import ProbePackets

/// One accepted TCP connection. Reads block for at most the idle timeout, so a
/// peer that goes quiet frees its thread, and none outlives `lifetime`, so a
/// peer that trickles a byte now and then cannot hold a place for days.
struct TCPConnection: Sendable {
    let descriptor: Int32
    let peer: TransportAddress
    let deadline: ContinuousClock.Instant

    static let idleTimeoutSeconds = 10
    static let lifetime: Duration = .seconds(30)

    init(descriptor: Int32, peer: TransportAddress, lifetime: Duration = Self.lifetime) {
        self.descriptor = descriptor
        self.peer = peer
        deadline = .now + lifetime
        var timeout = timeval(tv_sec: Self.idleTimeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The next bytes, or nil when the peer closed, went quiet, the
    /// connection's time is up or it failed.
    func read(into buffer: inout [UInt8]) -> [UInt8]? {
        let left = deadline - .now
        guard left > .zero else { return nil }
        let idle = Duration.seconds(Self.idleTimeoutSeconds)
        let (seconds, attoseconds) = min(left, idle).components
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(max(attoseconds / 1_000_000_000_000, 1)))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Array(buffer[0..<count])
    }

    /// False when the peer is gone; MSG_NOSIGNAL so a closed peer is an error, not SIGPIPE.
    func write(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    func close() { _ = Glibc.close(descriptor) }
}
