/// Echo-Request and Echo-Reply (RFC 2637 §2.4, §2.5): the keep-alive of a PPTP control
/// connection. The request carries an identifier the reply repeats.
public struct PPTPEchoMessage: Sendable, Hashable {
    public static let requestType: UInt16 = 5
    public static let replyType: UInt16 = 6

    public var identifier: UInt32
    /// Reply only: 1 means OK.
    public var resultCode: UInt8?
    public var errorCode: UInt8

    public static func request(identifier: UInt32) -> Self {
        Self(identifier: identifier, resultCode: nil, errorCode: 0)
    }

    /// The answer to `request`: same identifier, result 1 (OK).
    public static func reply(to request: Self) -> Self {
        Self(identifier: request.identifier, resultCode: 1, errorCode: 0)
    }

    public var isReply: Bool { resultCode != nil }

    public func encoded() -> [UInt8] {
        var writer = PacketWriter()
        writer.u16(0) // length, set below
        writer.u16(1) // PPTP message type: control
        writer.u32(PPTP.magicCookie)
        writer.u16(isReply ? Self.replyType : Self.requestType)
        writer.u16(0)
        writer.u32(identifier)
        if let resultCode {
            writer.u8(resultCode)
            writer.u8(errorCode)
            writer.u16(0)
        }
        writer.set16(UInt16(writer.count), at: 0)
        return writer.bytes
    }

    /// Parses one whole message (as `PPTPControlMessage.parse` delimited it) of control type 5 or 6.
    public init(parsing bytes: [UInt8]) throws(PacketError) {
        var reader = PacketReader(bytes, kind: .pptp)
        try reader.skip(2, "length")
        let messageType = try reader.u16("PPTP message type")
        guard messageType == 1 else {
            throw .invalidValue(.pptp, field: "PPTP message type", found: "\(messageType)", expected: "1 (control)")
        }
        let cookie = try reader.u32("magic cookie")
        guard cookie == PPTP.magicCookie else {
            throw .invalidValue(.pptp, field: "magic cookie", found: "0x" + String(cookie, radix: 16), expected: "0x1a2b3c4d")
        }
        let controlType = try reader.u16("control message type")
        try reader.skip(2, "reserved")
        identifier = try reader.u32("identifier")
        switch controlType {
        case Self.requestType:
            resultCode = nil
            errorCode = 0
        case Self.replyType:
            resultCode = try reader.u8("result code")
            errorCode = try reader.u8("error code")
            try reader.skip(2, "reserved")
        default:
            throw .invalidValue(.pptp, field: "control message type", found: "\(controlType)", expected: "5 or 6 (Echo-Request or -Reply)")
        }
    }

    private init(identifier: UInt32, resultCode: UInt8?, errorCode: UInt8) {
        self.identifier = identifier
        self.resultCode = resultCode
        self.errorCode = errorCode
    }
}
