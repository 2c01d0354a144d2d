#if canImport(Glibc)
import Glibc
#endif
import ProbePackets
import Netlink
import VPNCore

/// An IPv4 address and port, convertible to and from `sockaddr_in`.
public struct IPv4Endpoint: Sendable, Hashable, CustomStringConvertible {
    public var address: IPv4Address
    public var port: UInt16

    public init(_ address: IPv4Address, _ port: UInt16) {
        self.address = address
        self.port = port
    }

    public var description: String { "\(address):\(port)" }

    var inetAddress: InetAddress {
        let value = address.value
        return .ipv4(UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
    }

    var transportAddress: TransportAddress { TransportAddress(address: inetAddress, port: port) }

    /// The IPv4 form of what STUN, NAT-PMP or PCP reported; nil for IPv6.
    init?(_ transport: TransportAddress) {
        guard let address = IPv4Address(inet: transport.address) else { return nil }
        self.init(address, transport.port)
    }

    var socketAddress: sockaddr_in {
        var storage = sockaddr_in()
        storage.sin_family = sa_family_t(AF_INET)
        storage.sin_port = port.bigEndian
        storage.sin_addr.s_addr = address.value.bigEndian
        return storage
    }

    init(_ storage: sockaddr_in) {
        self.init(IPv4Address(UInt32(bigEndian: storage.sin_addr.s_addr)), UInt16(bigEndian: storage.sin_port))
    }
}

extension IPv4Address {
    /// Nil unless `inet` is an IPv4 address.
    init?(inet: InetAddress) {
        guard inet.family == .ipv4, inet.bytes.count == 4 else { return nil }
        self.init(inet.bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }
}
