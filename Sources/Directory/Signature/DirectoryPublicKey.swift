import Crypto
import Foundation

/// The pinned Ed25519 key that signs the provider's server list.
public struct DirectoryPublicKey: Sendable, Hashable {
    // Raw bytes rather than the CryptoKit type, which is not Sendable.
    let raw: Data

    public init(base64: String) throws(SignatureError) {
        let trimmed = base64.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: trimmed), raw.count == 32,
              (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil
        else { throw .malformedPublicKey }
        self.raw = raw
    }

    init(_ key: Curve25519.Signing.PublicKey) {
        raw = key.rawRepresentation
    }

    public var base64: String { raw.base64EncodedString() }

    /// Checks `signature` (the base64 text of `servers.json.sig`) over the
    /// exact bytes of the document.
    public func verify(_ document: [UInt8], signature: [UInt8]) throws(SignatureError) -> VerifiedDocument {
        let text = String(decoding: signature, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .missingSignature }
        guard text.utf8.count <= 128, let raw = Data(base64Encoded: text) else {
            throw .malformedSignature("not base64")
        }
        guard raw.count == 64 else { throw .malformedSignature("\(raw.count) bytes instead of 64") }
        let key = try! Curve25519.Signing.PublicKey(rawRepresentation: self.raw)
        guard key.isValidSignature(raw, for: document) else { throw .signatureMismatch }
        return VerifiedDocument(bytes: document, signature: Array(text.utf8))
    }
}

/// Bytes whose signature has been checked. Only `DirectoryPublicKey.verify`
/// makes one, so holding one is proof the check happened.
public struct VerifiedDocument: Sendable {
    public let bytes: [UInt8]
    /// The signature as base64 text, kept to re-check a cached copy.
    public let signature: [UInt8]
}
