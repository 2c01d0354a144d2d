/// A UDP payload of a chosen size for path-MTU probing: a header carrying the probe
/// ID and the intended size, then a byte pattern. The echo must come back whole:
/// same size, pattern intact; fragmentation loss or truncation shows as a mismatch.
public struct MTUProbePayload: Sendable, Hashable {
    /// "VPNM".
    public static let magic: UInt32 = 0x5650_4E4D
    public static let headerLength = 12
    /// The largest UDP payload an IPv4 datagram can carry.
    public static let maximumSize = 65_507

    public var probeID: UInt32
    /// Total payload size in bytes, header included.
    public var size: Int

    public init(probeID: UInt32, size: Int) throws(PacketError) {
        guard size >= Self.headerLength, size <= Self.maximumSize else {
            throw .invalidValue(.mtuProbe, field: "size", found: "\(size)", expected: "\(Self.headerLength) to \(Self.maximumSize) bytes")
        }
        self.probeID = probeID
        self.size = size
    }

    /// The UDP payload that fills a packet of `mtu` bytes: minus the IP header
    /// (20 for IPv4, 40 for IPv6) and the 8-byte UDP header.
    public static func payloadSize(forPathMTU mtu: Int, ipv6: Bool) -> Int {
        mtu - (ipv6 ? 40 : 20) - 8
    }

    private static func patternByte(_ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: index &* 7 &+ 3) }

    public func encoded() -> [UInt8] {
        var writer = PacketWriter()
        writer.u32(Self.magic)
        writer.u32(probeID)
        writer.u32(UInt32(size))
        writer.append((Self.headerLength..<size).lazy.map(Self.patternByte))
        return writer.bytes
    }

    public init(parsing bytes: [UInt8]) throws(PacketError) {
        var reader = PacketReader(bytes, kind: .mtuProbe)
        let magic = try reader.u32("magic")
        guard magic == Self.magic else {
            throw .invalidValue(.mtuProbe, field: "magic", found: "0x" + String(magic, radix: 16), expected: "0x56504e4d")
        }
        let probeID = try reader.u32("probe ID")
        let size = Int(try reader.u32("size"))
        guard size == bytes.count else {
            throw size > bytes.count
                ? .truncated(.mtuProbe, field: "payload", needed: size, available: bytes.count)
                : .invalidValue(.mtuProbe, field: "size", found: "\(size)", expected: "\(bytes.count), the bytes received")
        }
        for index in Self.headerLength..<size where bytes[index] != Self.patternByte(index) {
            throw .invalidValue(.mtuProbe, field: "pattern byte \(index)", found: "\(bytes[index])", expected: "\(Self.patternByte(index))")
        }
        try self.init(probeID: probeID, size: size)
    }
}
