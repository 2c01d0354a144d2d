import Netlink

/// Appends network-order (big-endian) fields to a packet under construction:
/// Netlink's `ByteWriter` (the one byte builder), in the probe's words.
struct PacketWriter {
    private var writer = ByteWriter()

    var bytes: [UInt8] { writer.bytes }
    var count: Int { writer.count }

    mutating func u8(_ value: UInt8) { writer.append(value) }
    mutating func u16(_ value: UInt16) { writer.appendBigEndian(value) }
    mutating func u32(_ value: UInt32) { writer.appendBigEndian(value) }
    mutating func u64(_ value: UInt64) { writer.appendBigEndian(value) }

    mutating func append(_ data: some Sequence<UInt8>) { writer.append(contentsOf: data) }
    mutating func zeros(_ count: Int) { writer.appendZeros(max(count, 0)) }

    /// Writes `text` into a fixed-size field, cut or zero-filled to exactly `width` bytes.
    mutating func fixedText(_ text: String, width: Int) {
        let utf8 = Array(text.utf8.prefix(width))
        append(utf8)
        zeros(width - utf8.count)
    }

    /// Overwrites a 16-bit field written earlier (a length known only at the end).
    mutating func set16(_ value: UInt16, at offset: Int) { writer.set(value.bigEndian, at: offset) }

    mutating func set32(_ value: UInt32, at offset: Int) { writer.set(value.bigEndian, at: offset) }
}
