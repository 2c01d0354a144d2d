/// The parts of an OpenVPN packet that do not depend on tls-auth/tls-crypt: opcode,
/// key ID and (for control packets) the sender's session ID. The rest is kept raw,
/// with a best-effort reading of the unwrapped layout for servers without them.
public struct OpenVPNPacket: Sendable, Hashable {
    public var opcode: UInt8
    public var keyID: UInt8
    public var sessionID: [UInt8]
    public var rest: [UInt8]

    public var knownOpcode: OpenVPNOpcode? { OpenVPNOpcode(rawValue: opcode) }
    public var isServerHardReset: Bool { knownOpcode == .controlHardResetServerV2 }

    /// `tcpFraming`: the bytes start with the stream's 2-byte length, which must fit.
    public init(parsing bytes: [UInt8], tcpFraming: Bool = false) throws(PacketError) {
        var reader = PacketReader(bytes, kind: .openVPN)
        if tcpFraming {
            let length = Int(try reader.u16("TCP frame length"))
            reader = try reader.subreader(length, "TCP frame")
        }
        let first = try reader.u8("opcode and key ID")
        opcode = first >> 3
        keyID = first & 0x07
        guard let known = OpenVPNOpcode(rawValue: opcode) else {
            throw .invalidValue(.openVPN, field: "opcode", found: "\(opcode)", expected: "3 to 11")
        }
        if known == .dataV1 || known == .dataV2 {
            sessionID = []
        } else {
            sessionID = try reader.bytes(8, "session ID")
        }
        rest = reader.rest()
    }

    /// Whether this packet, read as an unwrapped control packet, acknowledges
    /// `clientSessionID` (the ACK array's remote session ID). Nil when the layout does
    /// not fit, as with tls-auth's HMAC in the way.
    public func acknowledges(clientSessionID: [UInt8]) -> Bool? {
        var reader = PacketReader(rest, kind: .openVPN)
        guard let count = try? reader.u8("ACK array length"), count <= 8,
              (try? reader.skip(Int(count) * 4, "ACK packet-IDs")) != nil else { return nil }
        guard count > 0 else { return false }
        guard let remote = try? reader.bytes(8, "remote session ID") else { return nil }
        return remote == clientSessionID
    }
}
