/// A Binding Request: what the probe sends to learn its mapped address, and what
/// the probe responder parses before answering (RFC 8489 §6, RFC 5780 §7.2).
public struct STUNBindingRequest: Sendable, Hashable {
    public var transactionID: STUNTransactionID
    /// Ask the server to append a FINGERPRINT-checked CRC-32 (RFC 8489 §14.7).
    public var fingerprint: Bool
    /// RFC 5780 CHANGE-REQUEST: answer from the other IP and/or port, to test NAT filtering.
    public var changeIP: Bool
    public var changePort: Bool
    public var software: String?

    public init(
        transactionID: STUNTransactionID = .random(), fingerprint: Bool = true,
        changeIP: Bool = false, changePort: Bool = false, software: String? = nil
    ) {
        self.transactionID = transactionID
        self.fingerprint = fingerprint
        self.changeIP = changeIP
        self.changePort = changePort
        self.software = software
    }

    public func encoded() -> [UInt8] {
        var attributes: [STUNAttribute] = []
        if let software { attributes.append(STUNAttribute(.software, Array(software.utf8.prefix(763)))) }
        if changeIP || changePort {
            attributes.append(STUNAttribute(.changeRequest, [0, 0, 0, (changeIP ? 0x04 : 0) | (changePort ? 0x02 : 0)]))
        }
        return STUNMessage(type: STUNMessageType.bindingRequest.rawValue, transactionID: transactionID, attributes: attributes)
            .encoded(fingerprint: fingerprint)
    }

    /// Parses a received Binding Request (the responder's side).
    public init(parsing bytes: [UInt8]) throws(PacketError) {
        let message = try STUNMessage(parsing: bytes)
        guard message.type == STUNMessageType.bindingRequest.rawValue else {
            throw .invalidValue(.stun, field: "message type", found: "0x" + String(message.type, radix: 16), expected: "0x1 (Binding Request)")
        }
        var flags: UInt8 = 0
        if let change = message.attribute(.changeRequest) {
            guard change.count == 4 else {
                throw .invalidValue(.stun, field: "CHANGE-REQUEST length", found: "\(change.count)", expected: "4")
            }
            flags = change[3]
        }
        self.init(
            transactionID: message.transactionID, fingerprint: message.fingerprintVerified,
            changeIP: flags & 0x04 != 0, changePort: flags & 0x02 != 0,
            software: message.attribute(.software).map { String(decoding: $0, as: UTF8.self) }
        )
    }
}
