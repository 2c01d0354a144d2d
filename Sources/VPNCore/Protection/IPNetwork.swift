/// An address and a prefix length, kept as written: `198.18.0.2/24` is the
/// network 198.18.0.0/24 seen from one of its hosts. `network` gives the
/// masked form.
public struct IPNetwork: Sendable, Hashable, TextCodable {
    public let address: IPAddress
    public let prefixLength: UInt8

    public init?(address: IPAddress, prefixLength: UInt8) {
        guard prefixLength <= (address.isIPv6 ? 128 : 32) else { return nil }
        self.address = address
        self.prefixLength = prefixLength
    }

    /// `ADDRESS/LENGTH`, or a bare address as a host network.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(String(parts[0])) else { return nil }
        let length: UInt8
        if parts.count == 2 {
            guard (1...3).contains(parts[1].count), parts[1].allSatisfy({ $0 >= "0" && $0 <= "9" }), let parsed = UInt8(parts[1]) else { return nil }
            length = parsed
        } else {
            length = address.isIPv6 ? 128 : 32
        }
        self.init(address: address, prefixLength: length)
    }

    public var isIPv6: Bool { address.isIPv6 }

    /// The network itself: host bits cleared.
    public var network: IPNetwork {
        switch address {
        case let .v4(v4):
            let mask: UInt32 = prefixLength == 0 ? 0 : ~UInt32(0) << (32 - UInt32(prefixLength))
            return IPNetwork(address: .v4(IPv4Address(v4.value & mask)), prefixLength: prefixLength)!
        case let .v6(v6):
            var groups = v6.groups
            for index in groups.indices {
                let kept = max(0, min(16, Int(prefixLength) - index * 16))
                groups[index] &= kept == 0 ? 0 : ~UInt16(0) << (16 - UInt16(kept))
            }
            let text = groups.map { String($0, radix: 16) }.joined(separator: ":")
            return IPNetwork(address: .v6(IPv6Address(text)!), prefixLength: prefixLength)!
        }
    }

    /// Whether `other` lies inside this network (same family).
    public func contains(_ other: IPNetwork) -> Bool {
        guard other.isIPv6 == isIPv6, other.prefixLength >= prefixLength else { return false }
        let widened = IPNetwork(address: other.address, prefixLength: prefixLength)!
        return widened.network == network
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
