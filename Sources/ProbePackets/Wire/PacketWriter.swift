/// Appends network-order (big-endian) fields to a packet under construction.
struct PacketWriter {
    private(set) var bytes: [UInt8] = []

    var count: Int { bytes.count }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { integer(UInt64(value), 2) }
    mutating func u32(_ value: UInt32) { integer(UInt64(value), 4) }
    mutating func u64(_ value: UInt64) { integer(value, 8) }

    private mutating func integer(_ value: UInt64, _ width: Int) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    mutating func append(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }
    mutating func zeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: max(count, 0))) }

    /// Writes `text` into a fixed-size field, cut or zero-filled to exactly `width` bytes.
    mutating func fixedText(_ text: String, width: Int) {
        let utf8 = Array(text.utf8.prefix(width))
        append(utf8)
        zeros(width - utf8.count)
    }

    /// Overwrites a 16-bit field written earlier (a length known only at the end).
    mutating func set16(_ value: UInt16, at offset: Int) {
        bytes[offset] = UInt8(value >> 8)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value)
    }

    mutating func set32(_ value: UInt32, at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt32(24 - 8 * index)) }
    }
}
