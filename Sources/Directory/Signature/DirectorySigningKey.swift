import Crypto
import Foundation

/// The provider's side: makes the signature a client checks. Used by the
/// `vpnctl-provider` tool, the lab and the tests.
public struct DirectorySigningKey: Sendable {
    // Raw bytes rather than the CryptoKit type, which is not Sendable.
    let raw: Data

    public init() {
        raw = Curve25519.Signing.PrivateKey().rawRepresentation
    }

    private var key: Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    public init(base64: String) throws(SignatureError) {
        let trimmed = base64.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: trimmed), raw.count == 32,
              (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) != nil
        else { throw .malformedPrivateKey }
        self.raw = raw
    }

    /// The private key as base64, for a 0600 key file.
    public var base64: String { raw.base64EncodedString() }

    public var publicKey: DirectoryPublicKey { DirectoryPublicKey(key.publicKey) }

    /// The base64 signature text to publish as `servers.json.sig`.
    public func sign(_ document: [UInt8]) -> String {
        // Ed25519 signing only fails on a broken key, which init rules out.
        (try! key.signature(for: document)).base64EncodedString()
    }
}
