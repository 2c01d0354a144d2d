import ProbePackets

/// STUN Binding on the two UDP ports: the success response names the sender's
/// address (XOR-MAPPED-ADDRESS), where it was sent from (RESPONSE-ORIGIN) and the
/// other port (OTHER-ADDRESS), so a probe can compare the mappings its NAT makes.
struct STUNService: Sendable {
    let primary: TransportAddress
    let secondary: TransportAddress

    enum Outcome {
        /// Send `bytes` from the socket bound to `origin`.
        case reply(bytes: [UInt8], origin: TransportAddress)
        case refuse(String)
    }

    /// Looks like STUN: the two top bits zero and the magic cookie at offset 4, enough
    /// to tell a STUN request from the echo payloads sharing the port.
    static func looksLikeSTUN(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && bytes[0] & 0xC0 == 0 && Array(bytes[4..<8]) == [0x21, 0x12, 0xA4, 0x42]
    }

    func answer(_ bytes: [UInt8], from sender: TransportAddress, arrivedAt local: TransportAddress) -> Outcome {
        let request: STUNBindingRequest
        do {
            request = try STUNBindingRequest(parsing: bytes)
        } catch {
            return .refuse(error.description)
        }
        // This responder has one address: it cannot answer from another IP, and an
        // answer from the same one would make the probe misjudge the NAT's filtering.
        guard !request.changeIP else { return .refuse("CHANGE-REQUEST asks for another IP address, which this responder does not have") }
        let other = local == primary ? secondary : primary
        let origin = request.changePort ? other : local
        let response = STUNBindingResponse(
            answering: request, mappedAddress: sender,
            otherAddress: origin == primary ? secondary : primary, responseOrigin: origin
        )
        return .reply(bytes: response.encoded(), origin: origin)
    }
}
