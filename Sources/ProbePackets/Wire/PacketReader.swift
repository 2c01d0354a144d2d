import Netlink

/// Reads network-order (big-endian) fields from a received packet: Netlink's
/// `ByteReader` (the one bounds-checked cursor), with the probe's errors.
///
/// Every read is bounds-checked and throws `PacketError.truncated` naming the
/// field, so no input, however short or lying, can make a parser trap.
struct PacketReader {
    let kind: PacketKind
    private var reader: ByteReader

    init(_ bytes: [UInt8], kind: PacketKind, offset: Int = 0) {
        self.kind = kind
        reader = ByteReader(bytes)
        try? reader.skip(min(max(offset, 0), bytes.count), "start")
    }

    var offset: Int { reader.offset }
    var remaining: Int { reader.remaining }
    var isAtEnd: Bool { reader.isAtEnd }

    mutating func u8(_ field: String) throws(PacketError) -> UInt8 { try integer(UInt8.self, field) }
    mutating func u16(_ field: String) throws(PacketError) -> UInt16 { try integer(UInt16.self, field) }
    mutating func u32(_ field: String) throws(PacketError) -> UInt32 { try integer(UInt32.self, field) }
    mutating func u64(_ field: String) throws(PacketError) -> UInt64 { try integer(UInt64.self, field) }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type, _ field: String) throws(PacketError) -> T {
        let available = remaining
        do throws(WireFormatError) {
            return try reader.readBigEndian(type, "field")
        } catch {
            throw .truncated(kind, field: field, needed: MemoryLayout<T>.size, available: available)
        }
    }

    mutating func bytes(_ count: Int, _ field: String) throws(PacketError) -> [UInt8] {
        let available = remaining
        do throws(WireFormatError) {
            return Array(try reader.readBytes(count, "field"))
        } catch {
            throw .truncated(kind, field: field, needed: count, available: available)
        }
    }

    mutating func skip(_ count: Int, _ field: String) throws(PacketError) {
        _ = try bytes(count, field)
    }

    mutating func rest() -> [UInt8] {
        Array(reader.readRest())
    }

    /// A reader over the next `count` bytes, which this reader then skips.
    mutating func subreader(_ count: Int, _ field: String) throws(PacketError) -> PacketReader {
        PacketReader(try bytes(count, field), kind: kind)
    }
}
