/// Outgoing-Call-Reply (RFC 2637 §2.8).
public struct PPTPOutgoingCallReply: Sendable, Hashable {
    /// The answering side's own call ID: the key of the GRE packets sent to it.
    public var callID: UInt16
    /// Echoes the request's call ID.
    public var peerCallID: UInt16
    /// 1: connected.
    public var resultCode: UInt8
    public var errorCode: UInt8 = 0
    public var causeCode: UInt16 = 0
    public var connectSpeed: UInt32 = 100_000_000
    public var receiveWindow: UInt16 = 64
    public var processingDelay: UInt16 = 0
    public var physicalChannelID: UInt32 = 0

    public init(callID: UInt16, peerCallID: UInt16, resultCode: UInt8) {
        self.callID = callID
        self.peerCallID = peerCallID
        self.resultCode = resultCode
    }

    public var connected: Bool { resultCode == 1 }

    func write(to writer: inout PacketWriter) {
        writer.u16(callID)
        writer.u16(peerCallID)
        writer.u8(resultCode)
        writer.u8(errorCode)
        writer.u16(causeCode)
        writer.u32(connectSpeed)
        writer.u16(receiveWindow)
        writer.u16(processingDelay)
        writer.u32(physicalChannelID)
    }

    init(reader: inout PacketReader) throws(PacketError) {
        self.init(callID: try reader.u16("call ID"), peerCallID: try reader.u16("peer's call ID"), resultCode: try reader.u8("result code"))
        errorCode = try reader.u8("error code")
        causeCode = try reader.u16("cause code")
        connectSpeed = try reader.u32("connect speed")
        receiveWindow = try reader.u16("packet receive window size")
        processingDelay = try reader.u16("packet processing delay")
        physicalChannelID = try reader.u32("physical channel ID")
    }
}
