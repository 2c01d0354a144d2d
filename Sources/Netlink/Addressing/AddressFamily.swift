#if canImport(Glibc)
import Glibc
#endif

/// The IP families netlink objects belong to; the raw values are AF_INET and AF_INET6.
public enum AddressFamily: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case ipv4 = 2
    case ipv6 = 10

    /// Bytes in an address of this family.
    public var addressLength: Int { self == .ipv4 ? 4 : 16 }
    /// Longest prefix length of this family.
    public var maximumPrefixLength: UInt8 { self == .ipv4 ? 32 : 128 }

    public var description: String { self == .ipv4 ? "IPv4" : "IPv6" }

    static func decode(_ raw: UInt8, _ field: StaticString) throws(WireFormatError) -> Self {
        guard let family = Self(rawValue: raw) else {
            throw .invalidValue(field: "\(field)", reason: "address family \(raw) is neither AF_INET nor AF_INET6")
        }
        return family
    }
}
