#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address as the kernel carries it: 4 or 16 bytes in network order.
public struct InetAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Accepts exactly 4 (IPv4) or 16 (IPv6) bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = Array(bytes)
    }

    /// Parses dotted-quad IPv4 or any RFC 4291 IPv6 text (inet_pton's grammar).
    public init?(_ text: String) {
        var buffer = [UInt8](repeating: 0, count: 16)
        if text.contains(":") {
            guard inet_pton(AF_INET6, text, &buffer) == 1 else { return nil }
            bytes = buffer
        } else {
            guard inet_pton(AF_INET, text, &buffer) == 1 else { return nil }
            bytes = Array(buffer[..<4])
        }
    }

    public static func ipv4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Self {
        Self(bytes: [a, b, c, d])!
    }

    /// The unspecified address of a family (0.0.0.0 or ::).
    public static func any(_ family: AddressFamily) -> Self {
        Self(bytes: [UInt8](repeating: 0, count: family.addressLength))!
    }

    public var family: AddressFamily { bytes.count == 4 ? .ipv4 : .ipv6 }

    public var description: String {
        var text = [CChar](repeating: 0, count: 64)
        let family = self.family == .ipv4 ? AF_INET : AF_INET6
        guard inet_ntop(family, bytes, &text, socklen_t(text.count)) != nil else { return "?" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func decode(_ attribute: NetlinkAttribute, family: AddressFamily, _ field: StaticString) throws(WireFormatError) -> Self {
        Self(bytes: try attribute.bytes(count: family.addressLength, field))!
    }
}
