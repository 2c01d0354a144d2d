import Foundation
import ProbePackets
import Testing
import TestSupport

/// The TCP doors of the internet-facing responder: a few connections per
/// source, a lifetime for each however busy, and bytes limited as well as
/// answers.
@Suite struct TCPLimitResponderTests {
    private let server = ResponderNetwork.serverAddress

    /// Whether the responder closed the connection (an end of stream) within `seconds`.
    static func isClosed(_ socket: ClientSocket, within seconds: Double) -> Bool {
        guard let received = try? socket.receive(within: seconds) else { return false }
        return received.bytes.isEmpty
    }

    @Test func aSourceGetsAFewConnectionsNotAll() async throws {
        try await ResponderFixture.run { network, _ in
            var open: [ClientSocket] = []
            for _ in 0..<4 { open.append(try await ClientSocket.tcp(in: network.client, to: server, port: 3478)) }
            let fifth = try await ClientSocket.tcp(in: network.client, to: server, port: 3478)
            let held = open
            try await offPool {
                #expect(Self.isClosed(fifth, within: 3), "the fifth connection from one source is closed at once")
                // The four it holds still echo.
                for socket in held {
                    try socket.write(Array("ping".utf8))
                    #expect(try socket.read(exactly: 4, within: 3) == Array("ping".utf8))
                }
            }
        }
    }

    @Test func aBusyConnectionEndsAtItsLifetime() async throws {
        try await ResponderFixture.run(["--tcp-lifetime", "2"]) { network, _ in
            let socket = try await ClientSocket.tcp(in: network.client, to: server, port: 3478)
            let (echoes, closed) = try await offPool { () -> (Int, Bool) in
                // A byte every 300 ms never leaves it idle; 20 of them would take 6 s.
                var echoes = 0
                for _ in 0..<20 {
                    guard (try? socket.write([0x2A])) != nil, let reply = try? socket.receive(within: 3), !reply.bytes.isEmpty else {
                        return (echoes, true)
                    }
                    echoes += 1
                    usleep(300_000)
                }
                return (echoes, false)
            }
            #expect(closed, "still open after 20 echoes over 6 s")
            #expect(echoes >= 2 && echoes < 12, "\\(echoes) echoes before the end")
        }
    }

    @Test func bytesPastTheSourcesByteRateGoUnanswered() async throws {
        try await ResponderFixture.run(["--bytes-per-source", "3000", "--rate-per-source", "1000"]) { network, _ in
            let socket = try await ClientSocket.udp(in: network.client)
            let replies = try await offPool { [server] () -> Int in
                let padding = [UInt8](repeating: 0x55, count: 1400 - ProbeEchoPayload.length)
                for probe in 0..<10 {
                    try socket.send(ProbeEchoPayload(probeID: UInt32(probe), timestamp: 0).encoded() + padding, to: server, port: 3478)
                }
                var replies = 0
                while (try? socket.receive(within: 1)) != nil { replies += 1 }
                return replies
            }
            // 3000 bytes a second, bursting to 3000: two at once, and maybe a third as it refills.
            #expect(replies >= 2 && replies <= 3, "\\(replies) of 10 answered")
        }
    }
}
