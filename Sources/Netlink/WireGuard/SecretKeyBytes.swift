/// 32 secret bytes that compare in constant time and never print themselves.
struct SecretKeyBytes: Sendable {
    let bytes: [UInt8]

    init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == WireGuardPublicKey.length else { return nil }
        self.bytes = Array(bytes)
    }

    init?(base64: String) {
        guard let bytes = Base64.decode(base64) else { return nil }
        self.init(bytes)
    }

    /// Constant time, so comparing keys leaks nothing through timing.
    static func == (lhs: Self, rhs: Self) -> Bool {
        guard lhs.bytes.count == rhs.bytes.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.bytes.indices { difference |= lhs.bytes[index] ^ rhs.bytes[index] }
        return difference == 0
    }

    var isZero: Bool { bytes.reduce(0, |) == 0 }
}
