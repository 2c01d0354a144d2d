/// Where a nest's header was written, so its length can be patched once the nest is complete.
public struct NestedAttributeMark: Sendable, Hashable {
    public let offset: Int
}

extension ByteWriter {
    /// Appends one attribute, padded to 4 bytes. Payloads come from this library's own
    /// encoders, which bound them far below the 16-bit `nla_len` limit.
    public mutating func appendAttribute(type: UInt16, payload: some Collection<UInt8>) {
        let length = NetlinkAttribute.headerSize + payload.count
        precondition(length <= Int(UInt16.max), "netlink attribute of \(length) bytes exceeds nla_len")
        append(UInt16(length))
        append(type)
        append(contentsOf: payload)
        alignToFour()
    }

    public mutating func appendAttribute<T: FixedWidthInteger>(type: UInt16, integer value: T) {
        appendAttribute(type: type, payload: withUnsafeBytes(of: value) { Array($0) })
    }

    public mutating func appendAttribute(type: UInt16, u8 value: UInt8) { appendAttribute(type: type, integer: value) }
    public mutating func appendAttribute(type: UInt16, u16 value: UInt16) { appendAttribute(type: type, integer: value) }
    public mutating func appendAttribute(type: UInt16, u32 value: UInt32) { appendAttribute(type: type, integer: value) }
    public mutating func appendAttribute(type: UInt16, u64 value: UInt64) { appendAttribute(type: type, integer: value) }

    /// A NUL-terminated string (NLA_NUL_STRING, which NLA_STRING policies accept as well).
    public mutating func appendAttribute(type: UInt16, string: String) {
        appendAttribute(type: type, payload: Array(string.utf8) + [0])
    }

    /// Opens a nest: writes its header with NLA_F_NESTED, length patched by `endNested`.
    public mutating func beginNested(type: UInt16) -> NestedAttributeMark {
        let mark = NestedAttributeMark(offset: count)
        append(UInt16(NetlinkAttribute.headerSize))
        append(type | NetlinkAttribute.nestedFlag)
        return mark
    }

    public mutating func endNested(_ mark: NestedAttributeMark) {
        let length = count - mark.offset
        precondition(length <= Int(UInt16.max), "netlink nest of \(length) bytes exceeds nla_len")
        set(UInt16(length), at: mark.offset)
    }

    /// True when nothing was written into the nest since `beginNested`.
    public func isEmptyNest(_ mark: NestedAttributeMark) -> Bool {
        count == mark.offset + NetlinkAttribute.headerSize
    }
}
