import ProbePackets
import Testing
import TestSupport

/// The UDP, TCP, GRE and ESP echoes of the real responder.
@Suite struct EchoResponderTests {
    private let server = ResponderNetwork.serverAddress

    @Test func udpEchoAndMTUPayloadsComeBackByteForByte() async throws {
        try await ResponderFixture.run { network, _ in
            let socket = try await ClientSocket.udp(in: network.client)
            // 1472 fills a 1500-byte veth packet; 4000 travels as fragments both ways.
            let payloads = try [ProbeEchoPayload(probeID: 7, timestamp: 123_456_789).encoded()]
                + [12, 1472, 4000].map { try MTUProbePayload(probeID: UInt32($0), size: $0).encoded() }
            for payload in payloads {
                let received = try await offPool { [server] in
                    try socket.send(payload, to: server, port: 3478)
                    return try socket.receive(within: 3)
                }
                #expect(received.bytes == payload, "\(payload.count)-byte echo came back as \(received.bytes.count) bytes")
                #expect(received.port == 3478)
            }
        }
    }

    @Test func tcpEchoSendsBackWhatArrives() async throws {
        try await ResponderFixture.run { network, _ in
            let socket = try await ClientSocket.tcp(in: network.client, to: server, port: 3478)
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<3000).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let echoed = try await offPool {
                try socket.write(bytes)
                return try socket.read(exactly: bytes.count, within: 3)
            }
            #expect(echoed == bytes)
        }
    }

    @Test func espEchoKeepsTheSPIAndPayload() async throws {
        try await ResponderFixture.run { network, _ in
            let socket = try await ClientSocket.raw(in: network.client, protocol: 50)
            let request = try ESPEchoPacket(spi: 0x1234_5678, sequence: 9, payload: ProbeEchoPayload(probeID: 3, timestamp: 42).encoded()).encoded()
            let received = try await offPool { [server] in
                try socket.send(request, to: server)
                return try socket.receive(within: 3)
            }
            let reply = try ESPEchoPacket(parsing: received.bytes)
            #expect(received.address == server)
            #expect(reply.spi == 0x1234_5678)
            #expect(reply.echo == ProbeEchoPayload(probeID: 3, timestamp: 42))
            #expect(received.bytes.count <= request.count)
        }
    }
}
