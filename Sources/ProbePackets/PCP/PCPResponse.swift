/// A PCP response header (RFC 6887 §7.2) and whatever opcode data and options follow.
public struct PCPResponse: Sendable, Hashable {
    public var opcode: UInt8
    public var result: PCPResultCode
    public var lifetime: UInt32
    /// The server's epoch time: a jump backwards means it lost its mappings.
    public var epoch: UInt32
    /// Opcode-specific data and options, undecoded (ANNOUNCE has none).
    public var payload: [UInt8]

    public init(opcode: UInt8, result: PCPResultCode, lifetime: UInt32, epoch: UInt32, payload: [UInt8] = []) {
        self.opcode = opcode
        self.result = result
        self.lifetime = lifetime
        self.epoch = epoch
        self.payload = payload
    }

    init(reader: inout PacketReader, total: Int) throws(PacketError) {
        guard total >= PCP.headerLength, total <= PCP.maximumLength, total % 4 == 0 else {
            throw total < PCP.headerLength
                ? .truncated(.pcp, field: "response header", needed: PCP.headerLength, available: total)
                : .invalidValue(.pcp, field: "length", found: "\(total) bytes", expected: "a multiple of 4, at most 1100")
        }
        let version = try reader.u8("version")
        guard version == PCP.version else {
            throw .invalidValue(.pcp, field: "version", found: "\(version)", expected: "2")
        }
        let opcodeByte = try reader.u8("opcode")
        guard opcodeByte & 0x80 != 0 else {
            throw .invalidValue(.pcp, field: "R bit", found: "0 (a request)", expected: "1 (a response)")
        }
        try reader.skip(1, "reserved")
        let result = PCPResultCode(rawValue: try reader.u8("result code"))
        let lifetime = try reader.u32("lifetime")
        let epoch = try reader.u32("epoch time")
        try reader.skip(12, "reserved")
        self.init(opcode: opcodeByte & 0x7F, result: result, lifetime: lifetime, epoch: epoch, payload: reader.rest())
    }

    /// The server's side, for tests and a future responder.
    public func encoded() -> [UInt8] {
        var writer = PacketWriter()
        writer.u8(PCP.version)
        writer.u8(opcode | 0x80)
        writer.u8(0)
        writer.u8(result.rawValue)
        writer.u32(lifetime)
        writer.u32(epoch)
        writer.zeros(12)
        writer.append(payload)
        return writer.bytes
    }
}
