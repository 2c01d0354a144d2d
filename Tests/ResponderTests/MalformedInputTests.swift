import ProbePackets
import Testing
import TestSupport

/// What is not a probe gets no answer, and the responder stays up. Datagrams on one
/// port are handled in order by one thread, so when the valid request sent last
/// is the first thing answered, nothing before it was.
@Suite struct MalformedInputTests {
    private let server = ResponderNetwork.serverAddress

    @Test func garbageTruncatedSTUNAndAWrongCookieAreNotAnswered() async throws {
        try await ResponderFixture.run { network, responder in
            let socket = try await ClientSocket.udp(in: network.client)
            let valid = STUNBindingRequest()
            let request = STUNBindingRequest().encoded()
            var wrongCookie = request
            wrongCookie[4] = 0x21 ^ 0xFF
            var lyingLength = request
            lyingLength[3] &+= 4
            let garbage: [[UInt8]] = [
                [0xFF, 0x00, 0x13, 0x37] + Array(repeating: 0xA5, count: 60),
                Array(request.prefix(12)),
                Array(request.prefix(26)),
                wrongCookie,
                lyingLength,
                [],
                Array("VPN".utf8),
            ]
            let received = try await offPool { [server] in
                for datagram in garbage { try socket.send(datagram, to: server, port: 3478) }
                try socket.send(valid.encoded(), to: server, port: 3478)
                return try socket.receive(within: 3)
            }
            let reply = try STUNBindingReply(parsing: received.bytes)
            guard case let .success(response) = reply else { Issue.record("got \(reply)"); return }
            #expect(response.transactionID == valid.transactionID, "a malformed datagram was answered")
            #expect(responder.log.contains("truncated"))
            #expect(responder.isRunning)
        }
    }

    @Test func aPPTPStreamThatIsNotPPTPIsClosedWithAReason() async throws {
        try await ResponderFixture.run { network, responder in
            let control = try await ClientSocket.tcp(in: network.client, to: server, port: 1723)
            var junk = PPTPControlMessage.startControlConnectionRequest(PPTPStartControlConnection(hostName: "x", vendor: "y")).encoded()
            junk[4] = 0 // the magic cookie
            let sent = junk
            let answer = try await offPool {
                try control.write(sent)
                return try control.receive(within: 3).bytes
            }
            #expect(answer.isEmpty, "the responder answered \(answer.count) bytes instead of closing")
            #expect(responder.log.contains("magic cookie"))
            // Still up: a fresh connection is served.
            let again = try await ClientSocket.tcp(in: network.client, to: server, port: 1723)
            let start = PPTPControlMessage.startControlConnectionRequest(PPTPStartControlConnection(hostName: "x", vendor: "y")).encoded()
            let reply = try await offPool {
                try again.write(start)
                return try again.read(exactly: 156, within: 3)
            }
            guard case .startControlConnectionReply = try PPTPControlMessage.parse(reply).message else {
                Issue.record("no Start-Control-Connection-Reply after the junk")
                return
            }
        }
    }

    /// An Echo-Request first on a connection would be answered with 20 bytes for 16:
    /// the responder keeps quiet rather than send more than it got.
    @Test func pptpNeverAnswersWithMoreThanItReceived() async throws {
        try await ResponderFixture.run { network, responder in
            let control = try await ClientSocket.tcp(in: network.client, to: server, port: 1723)
            let echo = PPTPEchoMessage.request(identifier: 1).encoded()
            let start = PPTPControlMessage.startControlConnectionRequest(PPTPStartControlConnection(hostName: "x", vendor: "y")).encoded()
            let reply = try await offPool {
                try control.write(echo)
                try control.write(start)
                return try control.read(exactly: 156, within: 3)
            }
            guard case .startControlConnectionReply = try PPTPControlMessage.parse(reply).message else {
                Issue.record("the first answer was not the Start-Control-Connection-Reply: \(reply.prefix(16))")
                return
            }
            #expect(responder.log.contains("longer than what it sent"))
        }
    }
}
