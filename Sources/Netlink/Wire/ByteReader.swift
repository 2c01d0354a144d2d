/// A cursor over received bytes that throws instead of trapping.
///
/// The kernel is trusted to be right, but a truncated datagram, a bug, or a test's
/// random bytes must not bring the daemon down: every read checks what is left first.
public struct ByteReader: Sendable {
    private let bytes: ArraySlice<UInt8>
    /// Position relative to the first byte this reader was given.
    public private(set) var offset: Int = 0

    public init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    public init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    public var remaining: Int { bytes.count - offset }
    public var isAtEnd: Bool { remaining == 0 }

    /// Reads an integer stored in host byte order.
    public mutating func read<T: FixedWidthInteger>(_: T.Type, _ field: StaticString) throws(WireFormatError) -> T {
        let slice = try readBytes(MemoryLayout<T>.size, field)
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { target in
            slice.withUnsafeBytes { target.copyMemory(from: $0) }
        }
        return value
    }

    /// Reads an integer stored in network byte order.
    public mutating func readBigEndian<T: FixedWidthInteger>(_ type: T.Type, _ field: StaticString) throws(WireFormatError) -> T {
        T(bigEndian: try read(type, field))
    }

    public mutating func readBytes(_ count: Int, _ field: StaticString) throws(WireFormatError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw .truncated(field: "\(field)", offset: offset, needed: count, available: remaining)
        }
        let start = bytes.startIndex + offset
        offset += count
        return bytes[start ..< start + count]
    }

    public mutating func skip(_ count: Int, _ field: StaticString) throws(WireFormatError) {
        _ = try readBytes(count, field)
    }

    /// Skips padding up to the next 4-byte boundary, tolerating a missing pad at the very end.
    public mutating func skipAlignment() {
        offset = min(Netlink.alignedLength(offset), bytes.count)
    }

    public mutating func readRest() -> ArraySlice<UInt8> {
        let rest = bytes[(bytes.startIndex + offset)...]
        offset = bytes.count
        return rest
    }
}
