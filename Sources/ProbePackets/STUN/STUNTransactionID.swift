/// The 96-bit transaction ID that pairs a STUN response with its request (RFC 8489 §5).
public struct STUNTransactionID: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Exactly 12 bytes, or nil.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 12 else { return nil }
        self.bytes = bytes
    }

    /// A fresh random ID; tests pass a seeded generator to get a known one.
    public static func random(using generator: inout some RandomNumberGenerator) -> Self {
        Self(bytes: generator.bytes(12))!
    }

    public static func random() -> Self {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    public var description: String { bytes.map { String($0, radix: 16).leftPadded(2) }.joined() }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(width - count, 0)) + self }
}
