/// An address of either family: a server's endpoints, a tunnel's resolvers,
/// the local networks, and every address the kernel or a probe packet carries.
/// The one address type of the project.
public enum IPAddress: Sendable, Hashable, TextCodable {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Dotted-quad IPv4 or any RFC 4291 IPv6 text; nothing else (no octal, no
    /// shorthand, no zone).
    public init?(_ text: String) {
        if let v4 = IPv4Address(text) {
            self = .v4(v4)
        } else if let v6 = IPv6Address(text) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    /// Exactly 4 (IPv4) or 16 (IPv6) bytes in network order.
    public init?(bytes: some Collection<UInt8>) {
        switch bytes.count {
        case 4: self = .v4(IPv4Address(bytes: bytes)!)
        case 16: self = .v6(IPv6Address(bytes: bytes)!)
        default: return nil
        }
    }

    public static func ipv4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Self {
        .v4(IPv4Address(a, b, c, d))
    }

    /// The unspecified address of a family (0.0.0.0 or ::).
    public static func any(_ family: AddressFamily) -> Self {
        Self(bytes: [UInt8](repeating: 0, count: family.addressLength))!
    }

    public var family: AddressFamily {
        if case .v4 = self { .ipv4 } else { .ipv6 }
    }

    public var isIPv6: Bool { family == .ipv6 }

    /// The IPv4 address, or nil for an IPv6 one.
    public var asIPv4: IPv4Address? {
        if case let .v4(address) = self { address } else { nil }
    }

    /// 4 or 16 bytes in network order.
    public var bytes: [UInt8] {
        switch self {
        case let .v4(address): address.bytes
        case let .v6(address): address.bytes
        }
    }

    public var description: String {
        switch self {
        case let .v4(address): address.description
        case let .v6(address): address.description
        }
    }
}
