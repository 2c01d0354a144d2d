/// The two IP families; the raw values are Linux's AF_INET and AF_INET6, so
/// the kernel's byte is the family itself.
public enum AddressFamily: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case ipv4 = 2
    case ipv6 = 10

    /// Bytes in an address of this family.
    public var addressLength: Int { self == .ipv4 ? 4 : 16 }
    /// Longest prefix length of this family.
    public var maximumPrefixLength: UInt8 { self == .ipv4 ? 32 : 128 }

    public var description: String { self == .ipv4 ? "IPv4" : "IPv6" }
}
