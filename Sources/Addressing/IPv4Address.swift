/// An IPv4 address in dotted-quad form, nothing else (no octal, no shorthand).
public struct IPv4Address: Sendable, Hashable, Comparable, TextCodable {
    public let value: UInt32

    public init(_ value: UInt32) { self.value = value }

    public init?(_ text: String) {
        let parts = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  part.count == 1 || part.first != UInt8(ascii: "0")
            else { return nil }
            let octet = part.reduce(0) { $0 * 10 + UInt32($1 - 0x30) }
            guard octet <= 255 else { return nil }
            value = value << 8 | octet
        }
        self.value = value
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Exactly 4 bytes in network order.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        value = bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The 4 bytes in network order, as the kernel and the wire carry them.
    public var bytes: [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}
