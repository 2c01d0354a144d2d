/// Builds netlink messages: integers in host byte order (netlink's order), big-endian
/// where a kernel struct says so (ports, addresses), and 4-byte alignment.
///
/// Lengths are patched in afterwards (`set(_:at:)`), and `truncate(to:)` rolls back a
/// partly written element, which is how oversized WireGuard updates are split.
public struct ByteWriter: Sendable, Hashable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public var count: Int { bytes.count }

    /// Appends an integer in host byte order, as netlink headers and attributes carry them.
    public mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }

    /// Appends an integer in network byte order (`sin_port`, `sin6_flowinfo`).
    public mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        append(value.bigEndian)
    }

    public mutating func append(contentsOf data: some Sequence<UInt8>) {
        bytes.append(contentsOf: data)
    }

    public mutating func appendZeros(_ count: Int) {
        bytes.append(contentsOf: repeatElement(0, count: count))
    }

    /// Pads with zeros up to the next multiple of 4 (NLMSG_ALIGN / NLA_ALIGN).
    public mutating func alignToFour() {
        appendZeros(Netlink.alignedLength(bytes.count) - bytes.count)
    }

    /// Overwrites an already written integer, in host byte order.
    public mutating func set<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= bytes.count, "patch outside written bytes")
        withUnsafeBytes(of: value) { source in
            for (index, byte) in source.enumerated() { bytes[offset + index] = byte }
        }
    }

    /// Drops everything written after `count` bytes.
    public mutating func truncate(to count: Int) {
        precondition(count >= 0 && count <= bytes.count, "truncate beyond written bytes")
        bytes.removeSubrange(count...)
    }
}

/// Namespace for netlink-wide helpers.
public enum Netlink {
    /// NLMSG_ALIGN / NLA_ALIGN: everything in netlink starts on a 4-byte boundary.
    public static func alignedLength(_ length: Int) -> Int { (length + 3) & ~3 }
}
