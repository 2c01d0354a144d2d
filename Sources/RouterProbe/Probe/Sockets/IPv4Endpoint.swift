#if canImport(Glibc)
import Glibc
#endif
import Addressing
import ProbePackets
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

    var transportAddress: TransportAddress { TransportAddress(address: .v4(address), port: port) }

    /// The IPv4 form of what STUN, NAT-PMP or PCP reported; nil for IPv6.
    init?(_ transport: TransportAddress) {
        guard case let .v4(address) = transport.address else { return nil }
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
