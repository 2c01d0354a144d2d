/// The small payload the probe sends inside UDP, TCP, GRE and ESP-looking packets and
/// the probe responder reflects unchanged: a magic, the probe's ID and the send time,
/// so a reflected copy is recognised, matched to its probe and timed.
public struct ProbeEchoPayload: Sendable, Hashable {
    /// "VPNE": not a value any real protocol puts first in these payloads.
    public static let magic: UInt32 = 0x5650_4E45
    public static let length = 16

    public var probeID: UInt32
    /// Sender's clock in nanoseconds (any monotonic clock; only differences matter).
    public var timestamp: UInt64

    public init(probeID: UInt32, timestamp: UInt64) {
        self.probeID = probeID
        self.timestamp = timestamp
    }

    public func encoded() -> [UInt8] {
        var writer = PacketWriter()
        writer.u32(Self.magic)
        writer.u32(probeID)
        writer.u64(timestamp)
        return writer.bytes
    }

    /// Parses a reflected payload; `kind` names the carrier in errors.
    public init(parsing bytes: [UInt8], kind: PacketKind = .echo) throws(PacketError) {
        var reader = PacketReader(bytes, kind: kind)
        let magic = try reader.u32("echo magic")
        guard magic == Self.magic else {
            throw .invalidValue(kind, field: "echo magic", found: "0x" + String(magic, radix: 16), expected: "0x56504e45")
        }
        probeID = try reader.u32("probe ID")
        timestamp = try reader.u64("timestamp")
        guard reader.isAtEnd else {
            throw .invalidValue(kind, field: "echo length", found: "\(bytes.count) bytes", expected: "\(Self.length)")
        }
    }
}
