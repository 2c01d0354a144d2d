/// PPTP control messages on TCP 1723 (RFC 2637 §2): the four the probe and the
/// probe responder exchange, and a catch-all for the rest.
public enum PPTPControlMessage: Sendable, Hashable {
    case startControlConnectionRequest(PPTPStartControlConnection)
    case startControlConnectionReply(PPTPStartControlConnection)
    case outgoingCallRequest(PPTPOutgoingCallRequest)
    case outgoingCallReply(PPTPOutgoingCallReply)
    case other(type: UInt16)

    var controlType: UInt16 {
        switch self {
        case .startControlConnectionRequest: 1
        case .startControlConnectionReply: 2
        case .outgoingCallRequest: 7
        case .outgoingCallReply: 8
        case let .other(type): type
        }
    }

    public func encoded() -> [UInt8] {
        var writer = PacketWriter()
        writer.u16(0) // length, set below
        writer.u16(1) // PPTP message type: control
        writer.u32(PPTP.magicCookie)
        writer.u16(controlType)
        writer.u16(0)
        switch self {
        case let .startControlConnectionRequest(body), let .startControlConnectionReply(body): body.write(to: &writer)
        case let .outgoingCallRequest(body): body.write(to: &writer)
        case let .outgoingCallReply(body): body.write(to: &writer)
        case .other: break
        }
        writer.set16(UInt16(writer.count), at: 0)
        return writer.bytes
    }

    /// Parses the first message of a TCP stream; `consumed` is its length, so the caller
    /// can continue with the next one.
    public static func parse(_ bytes: [UInt8]) throws(PacketError) -> (message: Self, consumed: Int) {
        var reader = PacketReader(bytes, kind: .pptp)
        let length = Int(try reader.u16("length"))
        guard length >= 12 else {
            throw .invalidValue(.pptp, field: "length", found: "\(length)", expected: "at least 12")
        }
        guard length <= bytes.count else { throw .truncated(.pptp, field: "message", needed: length, available: bytes.count) }
        var body = PacketReader(Array(bytes[2..<length]), kind: .pptp)
        let messageType = try body.u16("PPTP message type")
        guard messageType == 1 else {
            throw .invalidValue(.pptp, field: "PPTP message type", found: "\(messageType)", expected: "1 (control)")
        }
        let cookie = try body.u32("magic cookie")
        guard cookie == PPTP.magicCookie else {
            throw .invalidValue(.pptp, field: "magic cookie", found: "0x" + String(cookie, radix: 16), expected: "0x1a2b3c4d")
        }
        let controlType = try body.u16("control message type")
        try body.skip(2, "reserved")
        let message: Self = switch controlType {
        case 1: .startControlConnectionRequest(try PPTPStartControlConnection(reader: &body, isReply: false))
        case 2: .startControlConnectionReply(try PPTPStartControlConnection(reader: &body, isReply: true))
        case 7: .outgoingCallRequest(try PPTPOutgoingCallRequest(reader: &body))
        case 8: .outgoingCallReply(try PPTPOutgoingCallReply(reader: &body))
        default: .other(type: controlType)
        }
        return (message, length)
    }
}

enum PPTP {
    static let magicCookie: UInt32 = 0x1A2B_3C4D
}
