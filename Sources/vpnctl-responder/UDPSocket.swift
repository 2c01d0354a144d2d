#if canImport(Glibc)
import Glibc
#endif
import ProbePackets

/// A UDP socket bound to one address and port. Receiving blocks, so it is only
/// called from a service's own thread.
struct UDPSocket: Sendable {
    let descriptor: Int32
    let local: TransportAddress

    init(binding local: TransportAddress) throws(ResponderError) {
        descriptor = try BoundSocket.open(type: Int32(SOCK_DGRAM.rawValue), protocol: 0, binding: local, what: "bind UDP \(local)")
        self.local = local
    }

    /// The next datagram and its sender; nil on an error worth skipping (the loop goes on).
    func receive(into buffer: inout [UInt8]) -> (bytes: [UInt8], sender: TransportAddress)? {
        var sender = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &sender) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(descriptor, raw.baseAddress, raw.count, 0, $0, &length)
                }
            }
        }
        guard count >= 0 else { return nil }
        return (Array(buffer[0..<count]), SocketAddress.endpoint(sender))
    }

    func send(_ bytes: [UInt8], to peer: TransportAddress) {
        var address = SocketAddress.make(peer)
        _ = SocketAddress.withGeneric(&address) { pointer, length in
            bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, 0, pointer, length) }
        }
    }
}
