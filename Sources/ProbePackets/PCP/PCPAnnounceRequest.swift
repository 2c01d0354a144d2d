import Addressing

/// A PCP ANNOUNCE request (RFC 6887 §7.1, §14.1): version 2, opcode 0, lifetime 0,
/// the client's address as an IPv4-mapped IPv6 address, no opcode data.
/// A PCP server answers with its epoch; a NAT-PMP-only gateway with "unsupported version".
public struct PCPAnnounceRequest: Sendable, Hashable {
    public var clientAddress: IPAddress

    public init(clientAddress: IPAddress) {
        self.clientAddress = clientAddress
    }

    public func encoded() -> [UInt8] {
        var writer = PacketWriter()
        writer.u8(PCP.version)
        writer.u8(PCPOpcode.announce.rawValue)
        writer.u16(0)
        writer.u32(0)
        writer.append(PCP.wireAddress(clientAddress))
        return writer.bytes
    }
}

enum PCP {
    static let version: UInt8 = 2
    static let headerLength = 24
    static let maximumLength = 1100

    /// PCP carries every address in 16 bytes; IPv4 as ::ffff:a.b.c.d (RFC 6887 §5).
    static func wireAddress(_ address: IPAddress) -> [UInt8] {
        address.family == .ipv4 ? [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF] + address.bytes : address.bytes
    }
}

/// PCP opcodes (RFC 6887 §19.2).
public enum PCPOpcode: UInt8, Sendable, Hashable {
    case announce = 0
    case map = 1
    case peer = 2
}
