/// Little-endian binary writing and bounds-checked reading for the listing
/// index. The reader never traps: a damaged cache is an error, not a crash.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(value >> UInt32(shift) & 0xFF)) }
    }

    mutating func f64(_ value: Double) {
        let bits = value.bitPattern
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(bits >> UInt64(shift) & 0xFF)) }
    }

    mutating func string(_ value: String) {
        let utf8 = value.utf8
        u16(UInt16(clamping: utf8.count))
        bytes.append(contentsOf: utf8.prefix(Int(UInt16.max)))
    }
}

struct BinaryReader {
    struct Truncated: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { position == bytes.count }

    mutating func skip(_ count: Int) throws(Truncated) -> Int {
        try take(count)
    }

    private mutating func take(_ count: Int) throws(Truncated) -> Int {
        guard count <= bytes.count - position else { throw Truncated() }
        defer { position += count }
        return position
    }

    mutating func u8() throws(Truncated) -> UInt8 {
        bytes[try take(1)]
    }

    mutating func u16() throws(Truncated) -> UInt16 {
        let at = try take(2)
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    mutating func u32() throws(Truncated) -> UInt32 {
        let at = try take(4)
        return (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << UInt32($1 * 8) }
    }

    mutating func f64() throws(Truncated) -> Double {
        let at = try take(8)
        return Double(bitPattern: (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << UInt64($1 * 8) })
    }

    mutating func string() throws(Truncated) -> String {
        let count = Int(try u16())
        let at = try take(count)
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[at..<(at + count)]), as: UTF8.self)
    }
}
