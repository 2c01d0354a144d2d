/// An ESP-looking packet (RFC 4303 §2: SPI, sequence number, then payload) for the ESP
/// passthrough probe. Nothing is encrypted: the probe only needs IP protocol 50 to
/// travel and the responder to send the payload back under the same SPI.
public struct ESPEchoPacket: Sendable, Hashable {
    public var spi: UInt32
    public var sequence: UInt32
    public var payload: [UInt8]

    public init(spi: UInt32, sequence: UInt32, payload: [UInt8]) throws(PacketError) {
        guard spi >= 256 else {
            throw .invalidValue(.esp, field: "SPI", found: "\(spi)", expected: "256 or more (0-255 are reserved)")
        }
        self.spi = spi
        self.sequence = sequence
        self.payload = payload
    }

    public func encoded() -> [UInt8] {
        var writer = PacketWriter()
        writer.u32(spi)
        writer.u32(sequence)
        writer.append(payload)
        return writer.bytes
    }

    /// Parses from the ESP header on (the IP header already removed).
    public init(parsing bytes: [UInt8]) throws(PacketError) {
        var reader = PacketReader(bytes, kind: .esp)
        let spi = try reader.u32("SPI")
        let sequence = try reader.u32("sequence number")
        try self.init(spi: spi, sequence: sequence, payload: reader.rest())
    }

    /// The echo payload inside, when it is one.
    public var echo: ProbeEchoPayload? { try? ProbeEchoPayload(parsing: payload, kind: .esp) }
}
