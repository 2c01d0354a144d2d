import Addressing
/// A peer's UDP endpoint. On the wire (WGPEER_A_ENDPOINT) it is a raw `struct
/// sockaddr_in` (16 bytes) or `struct sockaddr_in6` (28 bytes): family in host order,
/// port and flow info in network order, scope id in host order.
public struct WireGuardEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16
    /// IPv6 only: sin6_flowinfo.
    public var flowInfo: UInt32
    /// IPv6 only: the interface index of a link-local address (sin6_scope_id).
    public var scopeID: UInt32

    public init(address: IPAddress, port: UInt16, flowInfo: UInt32 = 0, scopeID: UInt32 = 0) {
        self.address = address
        self.port = port
        self.flowInfo = flowInfo
        self.scopeID = scopeID
    }

    public var description: String {
        address.family == .ipv4 ? "\(address):\(port)" : "[\(address)\(scopeID == 0 ? "" : "%\(scopeID)")]:\(port)"
    }

    static let ipv4Length = 16
    static let ipv6Length = 28

    var socketAddressBytes: [UInt8] {
        var writer = ByteWriter(capacity: Self.ipv6Length)
        writer.append(UInt16(address.family.rawValue))
        writer.appendBigEndian(port)
        if address.family == .ipv4 {
            writer.append(contentsOf: address.bytes)
            writer.appendZeros(8) // sin_zero
        } else {
            writer.appendBigEndian(flowInfo)
            writer.append(contentsOf: address.bytes)
            writer.append(scopeID)
        }
        return writer.bytes
    }

    static func decode(socketAddress bytes: ArraySlice<UInt8>) throws(WireFormatError) -> Self {
        var reader = ByteReader(bytes)
        let family = try reader.read(UInt16.self, "WGPEER_A_ENDPOINT sa_family")
        let port = try reader.readBigEndian(UInt16.self, "WGPEER_A_ENDPOINT port")
        switch (family, bytes.count) {
        case (UInt16(AddressFamily.ipv4.rawValue), ipv4Length):
            let address = IPAddress(bytes: try reader.readBytes(4, "sin_addr"))!
            return Self(address: address, port: port)
        case (UInt16(AddressFamily.ipv6.rawValue), ipv6Length):
            let flowInfo = try reader.readBigEndian(UInt32.self, "sin6_flowinfo")
            let address = IPAddress(bytes: try reader.readBytes(16, "sin6_addr"))!
            let scopeID = try reader.read(UInt32.self, "sin6_scope_id")
            return Self(address: address, port: port, flowInfo: flowInfo, scopeID: scopeID)
        default:
            throw .invalidValue(field: "WGPEER_A_ENDPOINT", reason: "\(bytes.count) bytes of address family \(family) is neither sockaddr_in nor sockaddr_in6")
        }
    }
}
