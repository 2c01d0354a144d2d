/// A Curve25519 private key. It never shows its bytes when printed, interpolated,
/// dumped or reflected: logs and error messages cannot leak it by accident.
public struct WireGuardPrivateKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let secret: SecretKeyBytes

    public init?(bytes: some Collection<UInt8>) {
        guard let secret = SecretKeyBytes(bytes) else { return nil }
        self.secret = secret
    }

    public init?(base64: String) {
        guard let secret = SecretKeyBytes(base64: base64) else { return nil }
        self.secret = secret
    }

    /// The raw key, for the places that must hand it on (a netlink message, wireguard-go's UAPI).
    public var secretBytes: [UInt8] { secret.bytes }

    /// The key in base64, for writing a configuration file; never for logs.
    public var secretBase64: String { Base64.encode(secret.bytes) }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.secret == rhs.secret }

    public var description: String { "WireGuardPrivateKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
