/// A VPN protocol as named in the CLI, the JSON output and plugin descriptors
/// (`wireguard`, `openvpn-udp`, ...). A string, not an enum: the core knows no
/// protocol's details, and a new protocol is a new plugin, not a new case here.
public struct ProtocolName: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Lower-case letters, digits and inner dashes, at most 32 characters.
    public init?(rawValue: String) {
        let bytes = Array(rawValue.utf8)
        guard (1...32).contains(bytes.count),
              bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-"),
              bytes.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") })
        else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: ProtocolName, rhs: ProtocolName) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let name = ProtocolName(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid protocol name \(raw)"))
        }
        self = name
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension ProtocolName {
    // The names the contract reserves. They are constants for convenience; the
    // core treats them like any other name.
    public static let wireguard = ProtocolName(rawValue: "wireguard")!
    public static let openvpnUDP = ProtocolName(rawValue: "openvpn-udp")!
    public static let openvpnTCP = ProtocolName(rawValue: "openvpn-tcp")!
    public static let l2tpIPsec = ProtocolName(rawValue: "l2tp-ipsec")!
    public static let pptp = ProtocolName(rawValue: "pptp")!
}
