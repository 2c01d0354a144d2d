/// A GRE packet as PPTP uses it (RFC 2637 §4.1, "enhanced GRE", version 1: key = payload
/// length and call ID, sequence and acknowledgement numbers), or plain GRE
/// (RFC 2784 with RFC 2890 key and sequence, version 0), for the GRE echo probe.
public struct GREPacket: Sendable, Hashable {
    public var version: Version
    public var protocolType: UInt16
    public var sequence: UInt32?
    /// Enhanced GRE only: the highest sequence number the sender has received.
    public var acknowledgement: UInt32?
    public var payload: [UInt8]

    public enum Version: Sendable, Hashable {
        /// RFC 2784/2890; `key` optional.
        case plain(key: UInt32?)
        /// RFC 2637: the key's low half is the peer's call ID (the high half is the payload length).
        case enhanced(callID: UInt16)
    }

    /// PPP, the only protocol enhanced GRE carries.
    public static let protocolPPP: UInt16 = 0x880B
    /// IEEE local experimental EtherType, for the plain-GRE echo payload.
    public static let protocolExperimental: UInt16 = 0x88B5

    public init(version: Version, protocolType: UInt16, sequence: UInt32? = nil, acknowledgement: UInt32? = nil, payload: [UInt8]) {
        self.version = version
        self.protocolType = protocolType
        self.sequence = sequence
        self.acknowledgement = acknowledgement
        self.payload = payload
    }

    /// An enhanced-GRE echo for a PPTP call: what a PPTP passthrough must let through.
    public static func pptpEcho(callID: UInt16, sequence: UInt32, echo: ProbeEchoPayload) -> Self {
        Self(version: .enhanced(callID: callID), protocolType: protocolPPP, sequence: sequence, payload: echo.encoded())
    }

    public func encoded() -> [UInt8] {
        var writer = PacketWriter()
        var flags: UInt8 = sequence != nil ? 0x10 : 0
        var second: UInt8 = 0
        switch version {
        case let .plain(key):
            if key != nil { flags |= 0x20 }
        case .enhanced:
            flags |= 0x20
            second = 0x01 | (acknowledgement != nil ? 0x80 : 0)
        }
        writer.u8(flags)
        writer.u8(second)
        writer.u16(protocolType)
        switch version {
        case let .plain(key): if let key { writer.u32(key) }
        case let .enhanced(callID):
            writer.u16(UInt16(truncatingIfNeeded: payload.count))
            writer.u16(callID)
        }
        if let sequence { writer.u32(sequence) }
        if case .enhanced = version, let acknowledgement { writer.u32(acknowledgement) }
        writer.append(payload)
        return writer.bytes
    }

    /// Parses from the GRE header on (the IP header already removed).
    public init(parsing bytes: [UInt8]) throws(PacketError) {
        var reader = PacketReader(bytes, kind: .gre)
        let flags = try reader.u8("flags")
        let second = try reader.u8("flags and version")
        protocolType = try reader.u16("protocol type")
        let hasChecksum = flags & 0x80 != 0, hasKey = flags & 0x20 != 0, hasSequence = flags & 0x10 != 0
        switch second & 0x07 {
        case 0:
            if hasChecksum { try reader.skip(4, "checksum and reserved") }
            version = .plain(key: hasKey ? try reader.u32("key") : nil)
            sequence = hasSequence ? try reader.u32("sequence number") : nil
            acknowledgement = nil
            payload = reader.rest()
        case 1:
            guard hasKey, !hasChecksum else {
                throw .invalidValue(.gre, field: "enhanced GRE flags", found: "0x" + String(flags, radix: 16), expected: "K set, C clear")
            }
            let length = Int(try reader.u16("payload length"))
            version = .enhanced(callID: try reader.u16("call ID"))
            sequence = hasSequence ? try reader.u32("sequence number") : nil
            acknowledgement = second & 0x80 != 0 ? try reader.u32("acknowledgement number") : nil
            payload = try reader.bytes(length, "payload")
        default:
            throw .invalidValue(.gre, field: "version", found: "\(second & 0x07)", expected: "0 or 1")
        }
    }
}
