#if canImport(Glibc)
import Glibc
#endif
import RouterProbe

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

/// socket(2) + bind(2), closing the socket again when binding fails.
enum BoundSocket {
    static func open(type: Int32, protocol number: Int32, binding local: TransportAddress, what: String) throws(ResponderError) -> Int32 {
        let descriptor = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), number)
        guard descriptor >= 0 else { throw .socketFailed(what: what, errno: errno) }
        var reuse: Int32 = 1
        // A restarted responder must not wait for the old TCP connections' TIME_WAIT.
        if type == Int32(SOCK_STREAM.rawValue) {
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = SocketAddress.make(local)
        let bound = SocketAddress.withGeneric(&address) { bind(descriptor, $0, $1) }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw .socketFailed(what: what, errno: code)
        }
        return descriptor
    }
}
