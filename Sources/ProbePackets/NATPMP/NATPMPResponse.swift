import Addressing

/// A NAT-PMP response (RFC 6886 §3.2, §3.3, §3.5).
///
/// A failed request may come back as just the 8-byte header (version, opcode,
/// result, epoch), which is how a NAT-PMP gateway answers a PCP request; the body
/// is required only when the result is success.
public struct NATPMPResponse: Sendable, Hashable {
    /// The request's opcode (the response carries it plus 128).
    public var opcode: UInt8
    public var result: NATPMPResultCode
    /// Seconds since the gateway's mappings were (re)initialised.
    public var epoch: UInt32
    public var body: Body?

    public enum Body: Sendable, Hashable {
        case externalAddress(IPAddress)
        case mapping(internalPort: UInt16, externalPort: UInt16, lifetime: UInt32)
    }

    public init(opcode: UInt8, result: NATPMPResultCode, epoch: UInt32, body: Body?) {
        self.opcode = opcode
        self.result = result
        self.epoch = epoch
        self.body = body
    }

    public var externalAddress: IPAddress? {
        if case let .externalAddress(address) = body { address } else { nil }
    }

    public init(parsing bytes: [UInt8]) throws(PacketError) {
        var reader = PacketReader(bytes, kind: .natPMP)
        let version = try reader.u8("version")
        guard version == 0 else {
            throw .invalidValue(.natPMP, field: "version", found: "\(version)", expected: "0")
        }
        let opcode = try reader.u8("opcode")
        guard opcode >= 128 else {
            throw .invalidValue(.natPMP, field: "opcode", found: "\(opcode)", expected: "128 or more (a response)")
        }
        let result = NATPMPResultCode(try reader.u16("result code"))
        let epoch = try reader.u32("epoch")
        self.init(opcode: opcode - 128, result: result, epoch: epoch, body: nil)
        if result != .success, reader.isAtEnd { return }
        switch opcode - 128 {
        case 0:
            body = .externalAddress(IPAddress(bytes: try reader.bytes(4, "external IPv4 address"))!)
        case 1, 2:
            body = .mapping(
                internalPort: try reader.u16("internal port"), externalPort: try reader.u16("mapped external port"),
                lifetime: try reader.u32("mapping lifetime")
            )
        default:
            throw .invalidValue(.natPMP, field: "opcode", found: "\(opcode)", expected: "128, 129 or 130")
        }
    }

    /// The gateway's side, for tests and a future responder.
    public func encoded() -> [UInt8] {
        var writer = PacketWriter()
        writer.u8(0)
        writer.u8(opcode &+ 128)
        writer.u16(result.code)
        writer.u32(epoch)
        switch body {
        case let .externalAddress(address): writer.append(address.bytes.prefix(4))
        case let .mapping(internalPort, externalPort, lifetime):
            writer.u16(internalPort)
            writer.u16(externalPort)
            writer.u32(lifetime)
        case nil: break
        }
        return writer.bytes
    }
}
