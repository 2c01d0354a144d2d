import ProbePackets
import Testing
import TestSupport

/// PPTP control on TCP 1723 and the GRE echo that depends on its call.
@Suite struct PPTPResponderTests {
    private let server = ResponderNetwork.serverAddress

    @Test func aCallSetUpOnTCPKeysTheGREEchoWithTheCallersID() async throws {
        try await ResponderFixture.run { network, _ in
            let control = try await ClientSocket.tcp(in: network.client, to: server, port: 1723)
            let start = PPTPControlMessage.startControlConnectionRequest(PPTPStartControlConnection(hostName: "probe", vendor: "vpnctl")).encoded()
            let call = PPTPControlMessage.outgoingCallRequest(PPTPOutgoingCallRequest(callID: 0x4242, callSerialNumber: 1)).encoded()
            let echo = PPTPEchoMessage.request(identifier: 0xBEEF).encoded()
            let (startReply, callReply, echoReply) = try await offPool {
                try control.write(start)
                let startReply = try control.read(exactly: 156, within: 3)
                try control.write(call)
                let callReply = try control.read(exactly: 32, within: 3)
                try control.write(echo)
                return (startReply, callReply, try control.read(exactly: 20, within: 3))
            }
            guard case let .startControlConnectionReply(started) = try PPTPControlMessage.parse(startReply).message else {
                Issue.record("not a Start-Control-Connection-Reply: \(startReply)")
                return
            }
            #expect(started.resultCode == 1)
            guard case let .outgoingCallReply(connected) = try PPTPControlMessage.parse(callReply).message else {
                Issue.record("not an Outgoing-Call-Reply: \(callReply)")
                return
            }
            #expect(connected.resultCode == 1)
            #expect(connected.peerCallID == 0x4242)
            let echoed = try PPTPEchoMessage(parsing: echoReply)
            #expect(echoed.isReply && echoed.identifier == 0xBEEF && echoed.resultCode == 1)

            // GRE to the responder carries its call ID; GRE back carries ours.
            let gre = try await ClientSocket.raw(in: network.client, protocol: 47)
            let payload = ProbeEchoPayload(probeID: 11, timestamp: 99)
            let request = GREPacket.pptpEcho(callID: connected.callID, sequence: 1, echo: payload).encoded()
            let received = try await offPool { [server] in
                try gre.send(request, to: server)
                return try gre.receive(within: 3)
            }
            let reply = try GREPacket(parsing: received.bytes)
            #expect(reply.version == .enhanced(callID: 0x4242))
            #expect(reply.payload == payload.encoded())
            #expect(received.bytes.count <= request.count)
        }
    }

    @Test func plainGREIsAnsweredInKind() async throws {
        try await ResponderFixture.run { network, _ in
            let gre = try await ClientSocket.raw(in: network.client, protocol: 47)
            let payload = ProbeEchoPayload(probeID: 12, timestamp: 1).encoded()
            let request = GREPacket(version: .plain(key: 77), protocolType: GREPacket.protocolExperimental, sequence: 5, payload: payload).encoded()
            let received = try await offPool { [server] in
                try gre.send(request, to: server)
                return try gre.receive(within: 3)
            }
            let reply = try GREPacket(parsing: received.bytes)
            #expect(reply.version == .plain(key: 77))
            #expect(reply.protocolType == GREPacket.protocolExperimental)
            #expect(reply.payload == payload)
            #expect(received.bytes.count <= request.count)
        }
    }

    /// Enhanced GRE from a peer that set up no call is not answered: the plain echo
    /// sent after it is the first thing to come back.
    @Test func enhancedGREWithoutACallGetsNoAnswer() async throws {
        try await ResponderFixture.run { network, responder in
            let gre = try await ClientSocket.raw(in: network.client, protocol: 47)
            let payload = ProbeEchoPayload(probeID: 13, timestamp: 2).encoded()
            let orphan = GREPacket.pptpEcho(callID: 1, sequence: 1, echo: ProbeEchoPayload(probeID: 14, timestamp: 3)).encoded()
            let plain = GREPacket(version: .plain(key: nil), protocolType: GREPacket.protocolExperimental, payload: payload).encoded()
            let received = try await offPool { [server] in
                try gre.send(orphan, to: server)
                try gre.send(plain, to: server)
                return try gre.receive(within: 3)
            }
            #expect(try GREPacket(parsing: received.bytes).version == .plain(key: nil))
            #expect(responder.log.contains("set up no PPTP call"))
        }
    }
}
