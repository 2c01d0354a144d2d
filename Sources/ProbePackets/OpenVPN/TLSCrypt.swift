import Crypto
import _CryptoExtras
import Foundation

/// tls-crypt (v1): how a server with `tls-crypt` wants every control packet
/// wrapped. The packet is
///
///     opcode|key ID (1) · session ID (8) · packet ID (4) · time (4) · tag (32) · ciphertext
///
/// where the tag is HMAC-SHA256 over the first 17 bytes and the plaintext,
/// and the ciphertext is AES-256-CTR of the plaintext with the tag's first
/// 16 bytes as the IV. The plaintext is what follows the session ID in an
/// unwrapped control packet (ACKs, message packet ID, payload).
///
/// Keys go by direction: the server sends with key 0 and the client with
/// key 1 (the client uses the file "inverse"); each takes the first 32
/// bytes of its 64-byte cipher and HMAC halves.
public struct TLSCrypt: Sendable {
    public enum Role: Sendable { case client, server }

    static let headerLength = 17
    static let tagLength = 32

    // Bytes, not SymmetricKey (which is not Sendable); keys are made per use.
    private let sendCipher: [UInt8], sendHMAC: [UInt8]
    private let receiveCipher: [UInt8], receiveHMAC: [UInt8]

    public init(key: OpenVPNStaticKey, role: Role) {
        let send = role == .client ? 1 : 0, receive = 1 - send
        sendCipher = Array(key.cipherKey(send).prefix(32))
        sendHMAC = Array(key.hmacKey(send).prefix(32))
        receiveCipher = Array(key.cipherKey(receive).prefix(32))
        receiveHMAC = Array(key.hmacKey(receive).prefix(32))
    }

    /// Wraps `packet`, an unwrapped control packet (opcode byte, session ID,
    /// then the rest), with message counter `packetID` at `time` (Unix seconds).
    public func wrap(_ packet: [UInt8], packetID: UInt32, time: UInt32) throws(PacketError) -> [UInt8] {
        guard packet.count >= 9 else { throw .truncated(.openVPN, field: "control packet", needed: 9, available: packet.count) }
        var header = Array(packet.prefix(9))
        header += Self.bigEndian(packetID) + Self.bigEndian(time)
        let plaintext = Array(packet.dropFirst(9))
        var mac = HMAC<SHA256>(key: SymmetricKey(data: sendHMAC))
        mac.update(data: header)
        mac.update(data: plaintext)
        let tag = Array(mac.finalize())
        let ciphertext = try Self.ctr(plaintext, key: sendCipher, iv: tag.prefix(16))
        return header + tag + ciphertext
    }

    /// Verifies and decrypts a wrapped packet from the peer: the unwrapped
    /// form (opcode byte, session ID, plaintext), without packet ID and time.
    public func unwrap(_ packet: [UInt8]) throws(PacketError) -> [UInt8] {
        guard packet.count >= Self.headerLength + Self.tagLength else {
            throw .truncated(.openVPN, field: "tls-crypt header and tag", needed: Self.headerLength + Self.tagLength, available: packet.count)
        }
        let header = Array(packet.prefix(Self.headerLength))
        let tag = Array(packet[Self.headerLength..<(Self.headerLength + Self.tagLength)])
        let plaintext = try Self.ctr(Array(packet.dropFirst(Self.headerLength + Self.tagLength)), key: receiveCipher, iv: tag.prefix(16))
        guard HMAC<SHA256>.isValidAuthenticationCode(tag, authenticating: header + plaintext, using: SymmetricKey(data: receiveHMAC)) else {
            throw .invalidValue(.openVPN, field: "tls-crypt tag", found: "a tag that does not match", expected: "the HMAC of the server's key (is the tls-crypt key the server's?)")
        }
        return Array(header.prefix(9)) + plaintext
    }

    private static func ctr(_ bytes: [UInt8], key: [UInt8], iv: ArraySlice<UInt8>) throws(PacketError) -> [UInt8] {
        do {
            return Array(try AES._CTR.encrypt(bytes, using: SymmetricKey(data: key), nonce: AES._CTR.Nonce(nonceBytes: iv)))
        } catch {
            throw .invalidValue(.openVPN, field: "tls-crypt cipher", found: "\(error)", expected: "AES-256-CTR to work")
        }
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
