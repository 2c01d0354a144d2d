#if canImport(Glibc)
import Glibc
#endif

/// An AF_NETLINK socket. The network namespace it talks to is the one of the thread
/// that created it, for its whole life, whichever thread uses it later.
struct KernelTransport: NetlinkTransport {
    private var descriptor: Int32
    let portID: UInt32

    init(protocol netlinkProtocol: NetlinkProtocol, receiveTimeout: Duration?) throws(NetlinkError) {
        // CLOEXEC: plugins start helpers (wireguard-go, openvpn) that must not inherit it.
        let descriptor = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), netlinkProtocol.number)
        guard descriptor >= 0 else { throw .systemCall(name: "socket", errno: Glibc.errno) }
        var succeeded = false
        defer { if !succeeded { Glibc.close(descriptor) } }

        // Best effort: kernels before 4.12 lack extended acks, and errors still arrive without them.
        Self.setOption(descriptor, NetlinkSocketOption.extendedAcknowledgement, 1)
        Self.setOption(descriptor, NetlinkSocketOption.capAcknowledgement, 1)

        if let receiveTimeout {
            let (seconds, attoseconds) = receiveTimeout.components
            var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
            if timeout.tv_sec == 0 && timeout.tv_usec == 0 { timeout.tv_usec = 1 } // 0 would mean "forever"
            guard setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
                throw .systemCall(name: "setsockopt(SO_RCVTIMEO)", errno: Glibc.errno)
            }
        }

        // Port id 0 lets the kernel pick a unique one; getsockname tells which.
        var address = NetlinkSocketAddress(family: UInt16(AF_NETLINK), portID: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<NetlinkSocketAddress>.size))
            }
        }
        guard bound == 0 else { throw .systemCall(name: "bind", errno: Glibc.errno) }
        var length = socklen_t(MemoryLayout<NetlinkSocketAddress>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw .systemCall(name: "getsockname", errno: Glibc.errno) }

        self.descriptor = descriptor
        self.portID = address.portID
        succeeded = true
    }

    private static func setOption(_ descriptor: Int32, _ option: Int32, _ value: Int32) {
        var value = value
        _ = setsockopt(descriptor, NetlinkSocketOption.level, option, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    mutating func send(_ datagram: [UInt8]) throws(NetlinkError) {
        guard descriptor >= 0 else { throw .systemCall(name: "sendto", errno: EBADF) }
        var kernel = NetlinkSocketAddress(family: UInt16(AF_NETLINK), portID: 0)
        while true {
            let sent = datagram.withUnsafeBytes { bytes in
                withUnsafePointer(to: &kernel) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(descriptor, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<NetlinkSocketAddress>.size))
                    }
                }
            }
            if sent == datagram.count { return }
            if sent < 0 && Glibc.errno == EINTR { continue }
            throw .systemCall(name: "sendto", errno: sent < 0 ? Glibc.errno : EMSGSIZE)
        }
    }

    mutating func receive() throws(NetlinkError) -> [UInt8] {
        guard descriptor >= 0 else { throw .systemCall(name: "recvfrom", errno: EBADF) }
        while true {
            // Peek with MSG_TRUNC for the datagram's full size, so nothing is ever cut
            // off: dumps size their datagrams by the largest buffer we ever offered.
            var probe: UInt8 = 0
            let size = recv(descriptor, &probe, 0, Int32(MSG_PEEK | MSG_TRUNC))
            if size < 0 {
                if Glibc.errno == EINTR { continue }
                throw .systemCall(name: "recv", errno: Glibc.errno)
            }
            var buffer = [UInt8](repeating: 0, count: max(size, 1))
            var sender = NetlinkSocketAddress(family: 0, portID: 0)
            var senderLength = socklen_t(MemoryLayout<NetlinkSocketAddress>.size)
            let received = buffer.withUnsafeMutableBytes { bytes in
                withUnsafeMutablePointer(to: &sender) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(descriptor, bytes.baseAddress, bytes.count, 0, $0, &senderLength)
                    }
                }
            }
            if received < 0 {
                if Glibc.errno == EINTR { continue }
                throw .systemCall(name: "recvfrom", errno: Glibc.errno)
            }
            // Only the kernel (port 0) answers requests; anything else is another
            // process writing to our port, and is dropped.
            guard sender.portID == 0 else { continue }
            return Array(buffer[..<min(received, buffer.count)])
        }
    }

    mutating func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }
}
