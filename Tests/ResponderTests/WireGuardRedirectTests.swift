import ProbePackets
import Testing
import TestSupport

/// The lab's rule (docs/responder.md): an echo probe to the WireGuard port is
/// redirected to the responder, and conntrack sends the reply from port 51820, so
/// the probe learns that the router lets UDP 51820 through both ways. NAT is decided
/// on a flow's first packet, so the echo must be the first on its source port.
@Suite struct WireGuardRedirectTests {
    private let server = ResponderNetwork.serverAddress

    @Test func anEchoToTheWireGuardPortIsAnsweredFromIt() async throws {
        try await ResponderFixture.run { network, _ in
            let rules = """
                table ip vpnrsp {
                    chain prerouting {
                        type nat hook prerouting priority dstnat;
                        udp dport 51820 @th,64,32 0x56504e45 redirect to :3478
                    }
                }
                """
            try await offPool { [server = network.server] in
                _ = try Shell.output(["ip", "netns", "exec", server, "nft", "-f", "-"], input: rules)
            }
            let socket = try await ClientSocket.udp(in: network.client)
            let request = ProbeEchoPayload(probeID: 51820, timestamp: 5).encoded()
            let received = try await offPool { [server] in
                try socket.send(request, to: server, port: 51820)
                return try socket.receive(within: 3)
            }
            #expect(received.port == 51820)
            #expect(received.bytes == request)
        }
    }
}
