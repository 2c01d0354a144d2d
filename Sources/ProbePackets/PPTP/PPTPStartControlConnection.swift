/// The body of Start-Control-Connection-Request and -Reply (RFC 2637 §2.1, §2.2): the
/// same layout, the reply using the request's reserved bytes for result and error codes.
public struct PPTPStartControlConnection: Sendable, Hashable {
    /// 0x0100 is version 1.0.
    public var protocolVersion: UInt16
    /// Reply only: 1 means the control connection was established.
    public var resultCode: UInt8
    public var errorCode: UInt8
    /// Bit 0 asynchronous, bit 1 synchronous framing.
    public var framingCapabilities: UInt32
    /// Bit 0 analog, bit 1 digital access.
    public var bearerCapabilities: UInt32
    public var maximumChannels: UInt16
    public var firmwareRevision: UInt16
    public var hostName: String
    public var vendor: String

    public init(
        protocolVersion: UInt16 = 0x0100, resultCode: UInt8 = 0, errorCode: UInt8 = 0, framingCapabilities: UInt32 = 0x3,
        bearerCapabilities: UInt32 = 0x3, maximumChannels: UInt16 = 0, firmwareRevision: UInt16 = 1, hostName: String, vendor: String
    ) {
        self.protocolVersion = protocolVersion
        self.resultCode = resultCode
        self.errorCode = errorCode
        self.framingCapabilities = framingCapabilities
        self.bearerCapabilities = bearerCapabilities
        self.maximumChannels = maximumChannels
        self.firmwareRevision = firmwareRevision
        self.hostName = hostName
        self.vendor = vendor
    }

    /// Result code 1: "Successful channel establishment".
    public var succeeded: Bool { resultCode == 1 }

    func write(to writer: inout PacketWriter) {
        writer.u16(protocolVersion)
        writer.u8(resultCode)
        writer.u8(errorCode)
        writer.u32(framingCapabilities)
        writer.u32(bearerCapabilities)
        writer.u16(maximumChannels)
        writer.u16(firmwareRevision)
        writer.fixedText(hostName, width: 64)
        writer.fixedText(vendor, width: 64)
    }

    init(reader: inout PacketReader, isReply: Bool) throws(PacketError) {
        protocolVersion = try reader.u16("protocol version")
        resultCode = try reader.u8(isReply ? "result code" : "reserved")
        errorCode = try reader.u8(isReply ? "error code" : "reserved")
        framingCapabilities = try reader.u32("framing capabilities")
        bearerCapabilities = try reader.u32("bearer capabilities")
        maximumChannels = try reader.u16("maximum channels")
        firmwareRevision = try reader.u16("firmware revision")
        hostName = PPTPText.read(try reader.bytes(64, "host name"))
        vendor = PPTPText.read(try reader.bytes(64, "vendor string"))
    }
}

enum PPTPText {
    /// Fixed 64-byte fields are NUL-padded.
    static func read(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}
