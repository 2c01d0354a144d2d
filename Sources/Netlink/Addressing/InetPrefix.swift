/// An address with a prefix length: an interface address (192.0.2.1/24, host bits
/// kept) or a route destination (192.0.2.0/24).
public struct InetPrefix: Sendable, Hashable, CustomStringConvertible {
    public let address: InetAddress
    public let length: UInt8

    public init?(address: InetAddress, length: UInt8) {
        guard length <= address.family.maximumPrefixLength else { return nil }
        self.address = address
        self.length = length
    }

    /// Parses "address/length"; a bare address means a host prefix (/32 or /128).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = InetAddress(String(parts[0])) else { return nil }
        if parts.count == 1 {
            self.init(address: address, length: address.family.maximumPrefixLength)
            return
        }
        guard let digits = UInt8(parts[1]), parts[1].allSatisfy(\.isASCII) else { return nil }
        self.init(address: address, length: digits)
    }

    /// 0.0.0.0/0 or ::/0.
    public static func defaultRoute(_ family: AddressFamily) -> Self {
        Self(address: .any(family), length: 0)!
    }

    public var family: AddressFamily { address.family }
    public var isDefaultRoute: Bool { length == 0 }

    /// The network itself: host bits cleared (the kernel rejects IPv4 routes with host bits set).
    public var masked: Self {
        var bytes = address.bytes
        for index in bytes.indices {
            let bitsBefore = index * 8
            if bitsBefore >= Int(length) {
                bytes[index] = 0
            } else if bitsBefore + 8 > Int(length) {
                bytes[index] &= UInt8(truncatingIfNeeded: 0xFF << (8 - (Int(length) - bitsBefore)))
            }
        }
        return Self(address: InetAddress(bytes: bytes)!, length: length)!
    }

    public var description: String { "\(address)/\(length)" }
}
