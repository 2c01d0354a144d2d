/// A STUN message split into header and attributes (RFC 8489 §5, §14), the layer
/// under the Binding request and response types.
///
/// Parsing checks the zero top bits, the magic cookie, the length (a multiple of 4
/// that matches the datagram) and, when present, the FINGERPRINT CRC-32, which
/// must be the last attribute. Attributes after MESSAGE-INTEGRITY other than
/// FINGERPRINT are dropped, as §14.5 requires.
public struct STUNMessage: Sendable, Hashable {
    public var type: UInt16
    public var transactionID: STUNTransactionID
    public var attributes: [STUNAttribute]
    /// The message ended with a FINGERPRINT and its CRC-32 matched.
    public var fingerprintVerified: Bool
    /// Bytes from the start of the message to the MESSAGE-INTEGRITY attribute, kept to check it.
    var integrityPrefix: [UInt8]?

    public init(type: UInt16, transactionID: STUNTransactionID, attributes: [STUNAttribute]) {
        self.type = type
        self.transactionID = transactionID
        self.attributes = attributes
        fingerprintVerified = false
        integrityPrefix = nil
    }

    public func attribute(_ type: STUNAttributeType) -> [UInt8]? {
        attributes.first { $0.type == type.rawValue }?.value
    }

    public init(parsing bytes: [UInt8]) throws(PacketError) {
        var reader = PacketReader(bytes, kind: .stun)
        let type = try reader.u16("message type")
        guard type & 0xC000 == 0 else {
            throw .invalidValue(.stun, field: "message type", found: "0x" + String(type, radix: 16), expected: "the two top bits zero")
        }
        let length = Int(try reader.u16("message length"))
        let cookie = try reader.u32("magic cookie")
        guard cookie == STUN.magicCookie else {
            throw .invalidValue(.stun, field: "magic cookie", found: "0x" + String(cookie, radix: 16), expected: "0x2112a442")
        }
        let transactionID = STUNTransactionID(bytes: try reader.bytes(12, "transaction ID"))!
        guard length % 4 == 0 else {
            throw .invalidValue(.stun, field: "message length", found: "\(length)", expected: "a multiple of 4")
        }
        guard length == reader.remaining else {
            throw length > reader.remaining
                ? .truncated(.stun, field: "attributes", needed: length, available: reader.remaining)
                : .invalidValue(.stun, field: "message length", found: "\(length)", expected: "\(reader.remaining), the bytes after the header")
        }
        self.init(type: type, transactionID: transactionID, attributes: [])
        var afterIntegrity = false
        while !reader.isAtEnd {
            let start = reader.offset
            let attributeType = try reader.u16("attribute type")
            let valueLength = Int(try reader.u16("attribute length"))
            let value = try reader.bytes(valueLength, "value of attribute 0x" + String(attributeType, radix: 16))
            try reader.skip((4 - valueLength % 4) % 4, "padding of attribute 0x" + String(attributeType, radix: 16))
            if attributeType == STUNAttributeType.fingerprint.rawValue {
                try checkFingerprint(value, covering: Array(bytes[..<start]), last: reader.isAtEnd)
                fingerprintVerified = true
            } else if !afterIntegrity {
                attributes.append(STUNAttribute(type: attributeType, value: value))
            }
            if attributeType == STUNAttributeType.messageIntegrity.rawValue, !afterIntegrity {
                afterIntegrity = true
                integrityPrefix = Array(bytes[..<start])
            }
        }
    }

    private func checkFingerprint(_ value: [UInt8], covering prefix: [UInt8], last: Bool) throws(PacketError) {
        guard last else {
            throw .invalidValue(.stun, field: "FINGERPRINT position", found: "an attribute after it", expected: "FINGERPRINT last")
        }
        guard value.count == 4 else {
            throw .invalidValue(.stun, field: "FINGERPRINT length", found: "\(value.count)", expected: "4")
        }
        let carried = value.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        // The CRC covers the header with its length already counting the FINGERPRINT,
        // which `prefix` does, since it is the received message's own bytes.
        let computed = CRC32.checksum(prefix) ^ STUN.fingerprintXOR
        guard carried == computed else {
            throw .checksumMismatch(.stun, field: "FINGERPRINT", carried: carried, computed: computed)
        }
    }

    /// Whether MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) matches `key`: the
    /// password itself for short-term credentials. False when there is none.
    public func integrityMatches(key: [UInt8]) -> Bool {
        guard var prefix = integrityPrefix, let carried = attribute(.messageIntegrity), carried.count == 20,
              prefix.count >= STUN.headerLength else { return false }
        // The length field counts up to and including MESSAGE-INTEGRITY (24 bytes).
        guard let length = UInt16(exactly: prefix.count - STUN.headerLength + 24) else { return false }
        prefix[2] = UInt8(length >> 8)
        prefix[3] = UInt8(truncatingIfNeeded: length)
        return SHA1.hmac(key: key, message: prefix) == carried
    }

    /// The wire form, with a FINGERPRINT appended when asked.
    public func encoded(fingerprint: Bool) -> [UInt8] {
        var writer = PacketWriter()
        writer.u16(type)
        writer.u16(0)
        writer.u32(STUN.magicCookie)
        writer.append(transactionID.bytes)
        for attribute in attributes {
            writer.u16(attribute.type)
            writer.u16(UInt16(truncatingIfNeeded: attribute.value.count))
            writer.append(attribute.value)
            writer.zeros((4 - attribute.value.count % 4) % 4)
        }
        if fingerprint {
            writer.set16(UInt16(truncatingIfNeeded: writer.count - STUN.headerLength + 8), at: 2)
            let crc = CRC32.checksum(writer.bytes) ^ STUN.fingerprintXOR
            writer.u16(STUNAttributeType.fingerprint.rawValue)
            writer.u16(4)
            writer.u32(crc)
        } else {
            writer.set16(UInt16(truncatingIfNeeded: writer.count - STUN.headerLength), at: 2)
        }
        return writer.bytes
    }
}
