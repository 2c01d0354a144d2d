/// Reads network-order (big-endian) fields from a received packet.
///
/// Every read checks the bounds first and throws `PacketError.truncated` naming the
/// field, so no input, however short or lying, can make a parser trap.
struct PacketReader {
    let kind: PacketKind
    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], kind: PacketKind, offset: Int = 0) {
        self.bytes = bytes
        self.kind = kind
        self.offset = min(max(offset, 0), bytes.count)
    }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { remaining == 0 }

    private func require(_ count: Int, _ field: String) throws(PacketError) {
        guard count >= 0, count <= remaining else {
            throw .truncated(kind, field: field, needed: count, available: remaining)
        }
    }

    mutating func u8(_ field: String) throws(PacketError) -> UInt8 {
        try require(1, field)
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16(_ field: String) throws(PacketError) -> UInt16 {
        UInt16(try integer(2, field))
    }

    mutating func u32(_ field: String) throws(PacketError) -> UInt32 {
        UInt32(try integer(4, field))
    }

    mutating func u64(_ field: String) throws(PacketError) -> UInt64 {
        try integer(8, field)
    }

    private mutating func integer(_ width: Int, _ field: String) throws(PacketError) -> UInt64 {
        try require(width, field)
        var value: UInt64 = 0
        for index in offset..<(offset + width) { value = value << 8 | UInt64(bytes[index]) }
        offset += width
        return value
    }

    mutating func bytes(_ count: Int, _ field: String) throws(PacketError) -> [UInt8] {
        try require(count, field)
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func skip(_ count: Int, _ field: String) throws(PacketError) {
        try require(count, field)
        offset += count
    }

    mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }

    /// A reader over the next `count` bytes, which this reader then skips.
    mutating func subreader(_ count: Int, _ field: String) throws(PacketError) -> PacketReader {
        PacketReader(try bytes(count, field), kind: kind)
    }
}
