import Crypto

/// SHA-1 and HMAC-SHA1, which IKEv2's NAT detection hashes and STUN's
/// MESSAGE-INTEGRITY use: swift-crypto's, as bytes. Not used for anything
/// secret: the probe only produces and checks the values peers expect.
enum SHA1 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        Array(Insecure.SHA1.hash(data: message))
    }

    static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}
