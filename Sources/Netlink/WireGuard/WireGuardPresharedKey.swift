/// A symmetric preshared key, mixed into the handshake for post-quantum resistance.
/// Secret like a private key, and redacted the same way.
public struct WireGuardPresharedKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let secret: SecretKeyBytes

    public init?(bytes: some Collection<UInt8>) {
        guard let secret = SecretKeyBytes(bytes) else { return nil }
        self.secret = secret
    }

    public init?(base64: String) {
        guard let secret = SecretKeyBytes(base64: base64) else { return nil }
        self.secret = secret
    }

    public var secretBytes: [UInt8] { secret.bytes }
    public var secretBase64: String { Base64.encode(secret.bytes) }

    /// The kernel reports "no preshared key" as 32 zero bytes.
    var isZero: Bool { secret.isZero }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.secret == rhs.secret }

    public var description: String { "WireGuardPresharedKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
