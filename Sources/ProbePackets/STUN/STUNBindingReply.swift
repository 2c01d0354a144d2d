/// What came back for a Binding Request: the mapped address, or the server's refusal.
public enum STUNBindingReply: Sendable, Hashable {
    case success(STUNBindingResponse)
    case error(STUNErrorResponse)

    /// Parses a reply and, when `transactionID` is given, insists it answers that request,
    /// so a stray or spoofed datagram is not taken for the answer.
    public init(parsing bytes: [UInt8], expecting transactionID: STUNTransactionID? = nil) throws(PacketError) {
        let message = try STUNMessage(parsing: bytes)
        if let transactionID, message.transactionID != transactionID {
            throw .invalidValue(.stun, field: "transaction ID", found: message.transactionID.description, expected: transactionID.description)
        }
        switch message.type {
        case STUNMessageType.bindingSuccess.rawValue: self = .success(try STUNBindingResponse(message))
        case STUNMessageType.bindingError.rawValue: self = .error(try STUNErrorResponse(message))
        default:
            throw .invalidValue(.stun, field: "message type", found: "0x" + String(message.type, radix: 16), expected: "0x101 or 0x111 (Binding response)")
        }
    }
}
