import ProbePackets
import Testing
import TestSupport

/// STUN Binding against the real responder, from a client in another namespace.
@Suite struct STUNResponderTests {
    private let server = ResponderNetwork.serverAddress
    private let client = ResponderNetwork.clientAddress

    private func bind(_ request: STUNBindingRequest, to port: UInt16, in network: ResponderNetwork) async throws -> (STUNBindingResponse, ClientSocket.Received, UInt16) {
        let socket = try await ClientSocket.udp(in: network.client)
        let sent = request.encoded()
        let received = try await offPool { [server] in
            try socket.send(sent, to: server, port: port)
            return try socket.receive(within: 3)
        }
        guard case let .success(response) = try STUNBindingReply(parsing: received.bytes, expecting: request.transactionID) else {
            throw ResponderTestError("the responder answered with a STUN error")
        }
        return (response, received, socket.localPort)
    }

    @Test func theAnswerNamesTheSenderWhereItCameFromAndTheOtherPort() async throws {
        try await ResponderFixture.run { network, _ in
            let (response, received, clientPort) = try await bind(STUNBindingRequest(), to: 3478, in: network)
            #expect(response.mappedAddress.description == "\(client):\(clientPort)")
            #expect(response.mappedAddressWasXORed)
            #expect(response.responseOrigin?.description == "\(server):3478")
            #expect(response.otherAddress?.description == "\(server):3479")
            #expect(received.address == server && received.port == 3478)
            #expect(response.fingerprintVerified)
        }
    }

    @Test func theOtherPortAnswersFromItselfAndNamesTheFirst() async throws {
        try await ResponderFixture.run { network, _ in
            let (response, received, clientPort) = try await bind(STUNBindingRequest(fingerprint: false), to: 3479, in: network)
            #expect(received.port == 3479)
            #expect(response.mappedAddress.description == "\(client):\(clientPort)")
            #expect(response.responseOrigin?.description == "\(server):3479")
            #expect(response.otherAddress?.description == "\(server):3478")
            #expect(!response.fingerprintVerified)
        }
    }

    /// RFC 5780 CHANGE-REQUEST (change port): the answer comes from the other port and says so.
    @Test func aChangePortRequestIsAnsweredFromTheOtherPort() async throws {
        try await ResponderFixture.run { network, _ in
            let (response, received, _) = try await bind(STUNBindingRequest(changePort: true), to: 3478, in: network)
            #expect(received.port == 3479)
            #expect(response.responseOrigin?.description == "\(server):3479")
            #expect(response.otherAddress?.description == "\(server):3478")
        }
    }
}
