import Foundation
import Testing
@testable import Directory

@Suite struct SignatureTests {
    let signingKey = DirectorySigningKey()
    let document = SampleList.bytes

    @Test func acceptsTheRightSignature() throws {
        let signature = Array(signingKey.sign(document).utf8)
        let verified = try signingKey.publicKey.verify(document, signature: signature + [0x0A])
        #expect(verified.bytes == document)
    }

    @Test func rejectsOneChangedByte() {
        let signature = Array(signingKey.sign(document).utf8)
        var altered = document
        altered[altered.count / 2] ^= 0x01
        #expect(throws: SignatureError.signatureMismatch) { try signingKey.publicKey.verify(altered, signature: signature) }
    }

    @Test func rejectsAnotherKeysSignature() {
        let signature = Array(DirectorySigningKey().sign(document).utf8)
        #expect(throws: SignatureError.signatureMismatch) { try signingKey.publicKey.verify(document, signature: signature) }
    }

    @Test func rejectsAnEmptySignature() {
        #expect(throws: SignatureError.missingSignature) { try signingKey.publicKey.verify(document, signature: Array(" \n".utf8)) }
    }

    @Test(arguments: ["not base64 at all!", "c2hvcnQ=", String(repeating: "A", count: 400)])
    func rejectsAMalformedSignature(_ text: String) {
        #expect {
            try signingKey.publicKey.verify(document, signature: Array(text.utf8))
        } throws: { error in
            guard case .malformedSignature? = error as? SignatureError else { return false }
            return (error as! SignatureError).description.contains("malformed")
        }
    }

    @Test(arguments: ["", "abc", "QZ+rhZNTePHXA/Da8RfeSdpqZAcQ", "QZ+rhZNTePHXA/Da8RfeSdpqZAcQWmoImVqMBpGDH4M=QQ=="])
    func rejectsAMalformedPublicKey(_ text: String) {
        #expect(throws: SignatureError.malformedPublicKey) { try DirectoryPublicKey(base64: text) }
    }

    @Test func publicKeyRoundTripsThroughBase64() throws {
        let key = try DirectoryPublicKey(base64: signingKey.publicKey.base64)
        let signature = Array(signingKey.sign(document).utf8)
        _ = try key.verify(document, signature: signature)
        let restored = try DirectorySigningKey(base64: signingKey.base64)
        #expect(restored.publicKey.base64 == signingKey.publicKey.base64)
    }
}
