/// A Binding Success Response: parsed by the probe, built by the probe responder.
public struct STUNBindingResponse: Sendable, Hashable {
    public var transactionID: STUNTransactionID
    /// XOR-MAPPED-ADDRESS, or MAPPED-ADDRESS from servers that only send that.
    public var mappedAddress: TransportAddress
    /// False when the address came from plain MAPPED-ADDRESS (an RFC 3489 server).
    public var mappedAddressWasXORed: Bool
    /// RFC 5780 OTHER-ADDRESS: where the server answers from another IP and port.
    public var otherAddress: TransportAddress?
    /// RFC 5780 RESPONSE-ORIGIN: the address the server sent this response from.
    public var responseOrigin: TransportAddress?
    public var software: String?
    /// Set by parsing: the response ended with a FINGERPRINT that checked out.
    public var fingerprintVerified: Bool
    /// Set by parsing: the response carried MESSAGE-INTEGRITY (not verified here).
    public var hasMessageIntegrity: Bool

    public init(
        transactionID: STUNTransactionID, mappedAddress: TransportAddress, otherAddress: TransportAddress? = nil,
        responseOrigin: TransportAddress? = nil, software: String? = nil
    ) {
        self.transactionID = transactionID
        self.mappedAddress = mappedAddress
        mappedAddressWasXORed = true
        self.otherAddress = otherAddress
        self.responseOrigin = responseOrigin
        self.software = software
        fingerprintVerified = false
        hasMessageIntegrity = false
    }

    /// The responder's answer to `request`: XOR-MAPPED-ADDRESS always, FINGERPRINT when the request had one.
    public init(answering request: STUNBindingRequest, mappedAddress: TransportAddress, otherAddress: TransportAddress? = nil, responseOrigin: TransportAddress? = nil) {
        self.init(transactionID: request.transactionID, mappedAddress: mappedAddress, otherAddress: otherAddress, responseOrigin: responseOrigin)
        fingerprintVerified = request.fingerprint
    }

    /// The wire form; `fingerprint` defaults to what `init(answering:)` decided.
    public func encoded(fingerprint: Bool? = nil) -> [UInt8] {
        var attributes = [STUNAttribute(.xorMappedAddress, STUNAddressCoding.encode(mappedAddress, xor: transactionID))]
        if let responseOrigin { attributes.append(STUNAttribute(.responseOrigin, STUNAddressCoding.encode(responseOrigin, xor: nil))) }
        if let otherAddress { attributes.append(STUNAttribute(.otherAddress, STUNAddressCoding.encode(otherAddress, xor: nil))) }
        if let software { attributes.append(STUNAttribute(.software, Array(software.utf8.prefix(763)))) }
        return STUNMessage(type: STUNMessageType.bindingSuccess.rawValue, transactionID: transactionID, attributes: attributes)
            .encoded(fingerprint: fingerprint ?? fingerprintVerified)
    }

    init(_ message: STUNMessage) throws(PacketError) {
        let id = message.transactionID
        let mapped: TransportAddress
        var xored = true
        if let value = message.attribute(.xorMappedAddress) {
            mapped = try STUNAddressCoding.decode(value, field: "XOR-MAPPED-ADDRESS", xor: id)
        } else if let value = message.attribute(.mappedAddress) {
            mapped = try STUNAddressCoding.decode(value, field: "MAPPED-ADDRESS", xor: nil)
            xored = false
        } else {
            throw .missing(.stun, field: "XOR-MAPPED-ADDRESS and MAPPED-ADDRESS")
        }
        self.init(transactionID: id, mappedAddress: mapped)
        mappedAddressWasXORed = xored
        if let value = message.attribute(.otherAddress) {
            otherAddress = try STUNAddressCoding.decode(value, field: "OTHER-ADDRESS", xor: nil)
        }
        if let value = message.attribute(.responseOrigin) {
            responseOrigin = try STUNAddressCoding.decode(value, field: "RESPONSE-ORIGIN", xor: nil)
        }
        software = message.attribute(.software).map { String(decoding: $0, as: UTF8.self) }
        fingerprintVerified = message.fingerprintVerified
        hasMessageIntegrity = message.attribute(.messageIntegrity) != nil
    }
}
