/// Why a signed document was not accepted.
public enum SignatureError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformedPublicKey
    case malformedPrivateKey
    case missingSignature
    case malformedSignature(String)
    case signatureMismatch

    public var description: String {
        switch self {
        case .malformedPublicKey:
            "directory_public_key is not a base64 Ed25519 public key (32 bytes); copy it again from your provider"
        case .malformedPrivateKey:
            "the signing key is not a base64 Ed25519 private key (32 bytes)"
        case .missingSignature:
            "the server list came without a signature (servers.json.sig is empty); it was not used"
        case let .malformedSignature(detail):
            "the server list's signature is malformed (\(detail)); the list was not used"
        case .signatureMismatch:
            "the server list's signature does not match directory_public_key: it was altered or signed by someone else, and was not used"
        }
    }
}
