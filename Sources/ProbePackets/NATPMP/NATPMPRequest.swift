/// A NAT-PMP request to the gateway's UDP port 5351 (RFC 6886 §3.2, §3.3).
public enum NATPMPRequest: Sendable, Hashable {
    /// "What is your external address?": version 0, opcode 0.
    case externalAddress
    /// Map `internalPort` (UDP or TCP) for `lifetime` seconds; lifetime 0 deletes the mapping.
    case mapping(NATPMPTransport, internalPort: UInt16, suggestedExternalPort: UInt16, lifetime: UInt32)

    public func encoded() -> [UInt8] {
        var writer = PacketWriter()
        writer.u8(0)
        switch self {
        case .externalAddress:
            writer.u8(0)
        case let .mapping(transport, internalPort, suggestedExternalPort, lifetime):
            writer.u8(transport.rawValue)
            writer.u16(0)
            writer.u16(internalPort)
            writer.u16(suggestedExternalPort)
            writer.u32(lifetime)
        }
        return writer.bytes
    }
}

/// The protocol of a NAT-PMP mapping; the value is the request opcode.
public enum NATPMPTransport: UInt8, Sendable, Hashable {
    case udp = 1
    case tcp = 2
}
