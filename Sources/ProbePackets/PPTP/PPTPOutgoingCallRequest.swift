/// Outgoing-Call-Request (RFC 2637 §2.7): asks for a call, whose GRE packets then
/// carry the peer's call ID in their key field.
public struct PPTPOutgoingCallRequest: Sendable, Hashable {
    public var callID: UInt16
    public var callSerialNumber: UInt16
    public var minimumBPS: UInt32 = 300
    public var maximumBPS: UInt32 = 100_000_000
    /// 3: any bearer type.
    public var bearerType: UInt32 = 3
    /// 3: any framing type.
    public var framingType: UInt32 = 3
    public var receiveWindow: UInt16 = 64
    public var processingDelay: UInt16 = 0
    public var phoneNumber: String = ""
    public var subaddress: String = ""

    public init(callID: UInt16, callSerialNumber: UInt16) {
        self.callID = callID
        self.callSerialNumber = callSerialNumber
    }

    func write(to writer: inout PacketWriter) {
        writer.u16(callID)
        writer.u16(callSerialNumber)
        writer.u32(minimumBPS)
        writer.u32(maximumBPS)
        writer.u32(bearerType)
        writer.u32(framingType)
        writer.u16(receiveWindow)
        writer.u16(processingDelay)
        writer.u16(UInt16(min(phoneNumber.utf8.count, 64)))
        writer.u16(0)
        writer.fixedText(phoneNumber, width: 64)
        writer.fixedText(subaddress, width: 64)
    }

    init(reader: inout PacketReader) throws(PacketError) {
        self.init(callID: try reader.u16("call ID"), callSerialNumber: try reader.u16("call serial number"))
        minimumBPS = try reader.u32("minimum BPS")
        maximumBPS = try reader.u32("maximum BPS")
        bearerType = try reader.u32("bearer type")
        framingType = try reader.u32("framing type")
        receiveWindow = try reader.u16("packet receive window size")
        processingDelay = try reader.u16("packet processing delay")
        let phoneLength = Int(try reader.u16("phone number length"))
        try reader.skip(2, "reserved")
        phoneNumber = PPTPText.read(Array(try reader.bytes(64, "phone number").prefix(phoneLength)))
        subaddress = PPTPText.read(try reader.bytes(64, "subaddress"))
    }
}
