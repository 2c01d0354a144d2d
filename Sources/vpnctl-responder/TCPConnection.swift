#if canImport(Glibc)
import Glibc
#endif
import ProbePackets

/// One accepted TCP connection. Reads block for at most the idle timeout, so a
/// peer that goes quiet frees its thread.
struct TCPConnection: Sendable {
    let descriptor: Int32
    let peer: TransportAddress

    static let idleTimeoutSeconds = 10

    init(descriptor: Int32, peer: TransportAddress) {
        self.descriptor = descriptor
        self.peer = peer
        var timeout = timeval(tv_sec: Self.idleTimeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The next bytes, or nil when the peer closed, went quiet or the connection failed.
    func read(into buffer: inout [UInt8]) -> [UInt8]? {
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
