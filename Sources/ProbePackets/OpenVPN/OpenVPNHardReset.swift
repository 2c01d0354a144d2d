/// P_CONTROL_HARD_RESET_CLIENT_V2, the first packet of an OpenVPN session, without
/// tls-auth/tls-crypt wrapping: opcode 7 and key ID 0, an 8-byte session ID, an empty
/// ACK array and message packet-ID 0.
///
/// A server configured with tls-auth or tls-crypt silently drops this packet, since it
/// lacks the HMAC (or encryption) those add; silence from such a server does not mean
/// the path is blocked. A server without them answers P_CONTROL_HARD_RESET_SERVER_V2.
public struct OpenVPNHardReset: Sendable, Hashable {
    public var sessionID: [UInt8]

    public init(sessionID: [UInt8]) throws(PacketError) {
        guard sessionID.count == 8 else {
            throw .invalidValue(.openVPN, field: "session ID", found: "\(sessionID.count) bytes", expected: "8 bytes")
        }
        self.sessionID = sessionID
    }

    public init(using generator: inout some RandomNumberGenerator) {
        sessionID = generator.bytes(8)
    }

    public init() {
        var generator = SystemRandomNumberGenerator()
        self.init(using: &generator)
    }

    /// The UDP datagram, or with `tcpFraming` the stream form: a 2-byte length first.
    public func encoded(tcpFraming: Bool = false) -> [UInt8] {
        var packet = PacketWriter()
        packet.u8(OpenVPNOpcode.controlHardResetClientV2.rawValue << 3)
        packet.append(sessionID)
        packet.u8(0) // ACK array length
        packet.u32(0) // message packet-ID
        return tcpFraming ? OpenVPNFraming.frame(packet.bytes) : packet.bytes
    }
}

enum OpenVPNFraming {
    static func frame(_ packet: [UInt8]) -> [UInt8] {
        [UInt8(packet.count >> 8), UInt8(truncatingIfNeeded: packet.count)] + packet
    }
}
