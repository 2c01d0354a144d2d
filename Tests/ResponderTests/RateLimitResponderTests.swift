import Foundation
import ProbePackets
import Testing
import TestSupport

@Suite struct RateLimitResponderTests {
    private let server = ResponderNetwork.serverAddress

    /// 40 echoes at once against 5 per second per source: the burst is answered,
    /// the rest mostly not (the bucket refills at 5 per second meanwhile), another
    /// source is still answered, and the responder stays up.
    @Test func pastTheRateRepliesStopAndTheResponderStaysUp() async throws {
        try await ResponderFixture.run(["--rate-per-source", "5", "--rate-total", "1000"]) { network, responder in
            let socket = try await ClientSocket.udp(in: network.client)
            let sent = 40
            let (replies, seconds) = try await offPool { [server] () -> (Int, Double) in
                let started = Date()
                for probe in 0..<sent {
                    let request = ProbeEchoPayload(probeID: UInt32(probe), timestamp: 0).encoded()
                    try socket.send(request, to: server, port: 3478)
                }
                var replies = 0, last = Date()
                // Counting until the responder has been quiet for a second.
                while let reply = try? socket.receive(within: 1) {
                    #expect(reply.bytes.count == ProbeEchoPayload.length)
                    replies += 1
                    last = Date()
                }
                return (replies, last.timeIntervalSince(started))
            }
            #expect(replies >= 5)
            #expect(replies < sent)
            #expect(replies <= 5 + Int((seconds * 5).rounded(.up)) + 1, "\(replies) replies in \(seconds) s")
            #expect(responder.log.contains("limiting \(ResponderNetwork.clientAddress)"))

            let other = try await ClientSocket.udp(in: network.client, from: ResponderNetwork.secondClientAddress)
            let request = ProbeEchoPayload(probeID: 99, timestamp: 0).encoded()
            let echoed = try await offPool { [server] in
                try other.send(request, to: server, port: 3478)
                return try other.receive(within: 3)
            }
            #expect(echoed.bytes == request)
        }
    }

    /// The total bucket binds when the per-source one does not: two sources share 5 per second.
    @Test func theTotalRateLimitsAllSourcesTogether() async throws {
        try await ResponderFixture.run(["--rate-per-source", "1000", "--rate-total", "5"]) { network, responder in
            let first = try await ClientSocket.udp(in: network.client)
            let second = try await ClientSocket.udp(in: network.client, from: ResponderNetwork.secondClientAddress)
            let sent = 20
            let (replies, seconds) = try await offPool { [server] () -> (Int, Double) in
                let started = Date()
                for probe in 0..<sent {
                    let request = ProbeEchoPayload(probeID: UInt32(probe), timestamp: 0).encoded()
                    try (probe.isMultiple(of: 2) ? first : second).send(request, to: server, port: 3478)
                }
                var replies = 0, last = Date()
                for socket in [first, second] {
                    while (try? socket.receive(within: 1)) != nil {
                        replies += 1
                        last = Date()
                    }
                }
                return (replies, last.timeIntervalSince(started))
            }
            #expect(replies >= 5)
            #expect(replies < sent)
            #expect(replies <= 5 + Int((seconds * 5).rounded(.up)) + 1, "\(replies) replies in \(seconds) s")
            #expect(responder.log.contains("the total rate is used up"))
        }
    }
}
