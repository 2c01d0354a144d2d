#if canImport(Glibc)
import Glibc
#endif
import Addressing
import ProbePackets

/// IPv4 transport addresses to and from the kernel's sockaddr_in.
enum SocketAddress {
    static func make(_ endpoint: TransportAddress) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = endpoint.port.bigEndian
        let bytes = endpoint.address.bytes
        address.sin_addr.s_addr = (UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])).bigEndian
        return address
    }

    static func endpoint(_ address: sockaddr_in) -> TransportAddress {
        let value = UInt32(bigEndian: address.sin_addr.s_addr)
        return TransportAddress(
            address: .ipv4(UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)),
            port: UInt16(bigEndian: address.sin_port)
        )
    }

    /// Runs `body` with `address` seen as the generic sockaddr the calls take.
    static func withGeneric<T>(_ address: inout sockaddr_in, _ body: (UnsafeMutablePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}
