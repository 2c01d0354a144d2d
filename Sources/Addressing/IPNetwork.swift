/// An address and a prefix length, kept as written: an interface address
/// (`198.18.0.2/24`, the network 198.18.0.0/24 seen from one of its hosts), a
/// route's destination, a firewall's local network. `network` gives the
/// masked form.
public struct IPNetwork: Sendable, Hashable, TextCodable {
    public let address: IPAddress
    public let prefixLength: UInt8

    public init?(address: IPAddress, prefixLength: UInt8) {
        guard prefixLength <= address.family.maximumPrefixLength else { return nil }
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
            length = address.family.maximumPrefixLength
        }
        self.init(address: address, prefixLength: length)
    }

    /// 0.0.0.0/0 or ::/0.
    public static func defaultRoute(_ family: AddressFamily) -> Self {
        Self(address: .any(family), prefixLength: 0)!
    }

    public var family: AddressFamily { address.family }
    public var isIPv6: Bool { address.isIPv6 }
    public var isDefaultRoute: Bool { prefixLength == 0 }

    /// The network itself: host bits cleared (the kernel rejects IPv4 routes
    /// with host bits set).
    public var network: IPNetwork {
        var bytes = address.bytes
        for index in bytes.indices {
            let kept = max(0, min(8, Int(prefixLength) - index * 8))
            bytes[index] &= kept == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - kept))
        }
        return IPNetwork(address: IPAddress(bytes: bytes)!, prefixLength: prefixLength)!
    }

    /// Whether `other` lies inside this network (same family).
    public func contains(_ other: IPNetwork) -> Bool {
        guard other.family == family, other.prefixLength >= prefixLength else { return false }
        let widened = IPNetwork(address: other.address, prefixLength: prefixLength)!
        return widened.network == network
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
