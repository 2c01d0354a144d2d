#if canImport(Glibc)
import Glibc
#endif
import Addressing
import ProbePackets
import VPNCore

/// A UDP socket, or a raw IPv4 socket for one IP protocol (GRE, ESP), with
/// receive by poll() and a timeout. Used by one probe thread at a time;
/// carries that thread's socket mark, if any; closed on deinit.
final class DatagramSocket {
    enum Kind {
        case udp
        /// A raw socket for IP protocol `number`; received packets carry their IPv4 header, which `receive` strips.
        case raw(number: Int32, name: String)
    }

    let descriptor: Int32
    let kind: Kind

    init(_ kind: Kind) throws(ProbeSocketError) {
        self.kind = kind
        switch kind {
        case .udp:
            descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(IPPROTO_UDP))
        case let .raw(number, name):
            descriptor = socket(AF_INET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), number)
            if descriptor < 0, errno == EPERM || errno == EACCES { throw .rawSocketNotPermitted(protocolName: name) }
        }
        guard descriptor >= 0 else { throw .last("socket") }
        try ProbeSocketMark.apply(to: descriptor)
    }

    // The only close (also after a throwing init): see StreamConnection.
    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Binds to an ephemeral port (UDP), so `localEndpoint` is known before the first send.
    func bindAnyPort() throws(ProbeSocketError) {
        var address = IPv4Endpoint(IPv4Address(0), 0).socketAddress
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw .last("bind") }
    }

    var localEndpoint: IPv4Endpoint? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return result == 0 ? IPv4Endpoint(address) : nil
    }

    /// Sets the Don't Fragment bit on every packet, and makes a datagram
    /// larger than the interface's MTU fail at send instead of being cut
    /// (IP_PMTUDISC_PROBE: the kernel's cached path MTU is ignored, so each
    /// probe size is really tried).
    func setDontFragment() throws(ProbeSocketError) {
        var value: Int32 = 3 // IP_PMTUDISC_PROBE
        guard setsockopt(descriptor, Int32(IPPROTO_IP), 10 /* IP_MTU_DISCOVER */, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw .last("setsockopt(IP_MTU_DISCOVER)")
        }
    }

    func send(_ bytes: [UInt8], to endpoint: IPv4Endpoint) throws(ProbeSocketError) {
        var address = endpoint.socketAddress
        let sent = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard sent == bytes.count else { throw .last("sendto \(endpoint)") }
    }

    /// Waits up to `milliseconds` for something to read.
    func waitReadable(milliseconds: Int) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&entry, 1, Int32(clamping: milliseconds))
        return ready > 0
    }

    /// One waiting datagram without blocking (for raw sockets, the payload
    /// after the IPv4 header), or nil when none is queued.
    func receiveNow() -> (bytes: [UInt8], from: IPv4Endpoint)? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let received = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(descriptor, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT), $0, &length)
                }
            }
        }
        guard received >= 0 else { return nil }
        var bytes = Array(buffer[0..<received])
        if case .raw = kind {
            guard let first = bytes.first, first >> 4 == 4, Int(first & 0x0F) * 4 <= bytes.count else { return ([], IPv4Endpoint(address)) }
            bytes.removeFirst(Int(first & 0x0F) * 4)
        }
        return (bytes, IPv4Endpoint(address))
    }
}
