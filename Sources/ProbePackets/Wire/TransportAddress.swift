import Addressing

/// An IP address and a UDP/TCP port, as STUN, NAT-PMP and PCP report them.
public struct TransportAddress: Sendable, Hashable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    public var description: String {
        address.family == .ipv4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }
}
