import Addressing
import Foundation
@testable import ProbePackets
@testable import RouterProbe
import TestSupport
import Testing
import VPNCore

/// What needs the responder, in a world of the test's own (`ProbeWorld`):
/// STUN through a real masquerade, the UDP and WireGuard-port echoes, ESP,
/// PPTP with GRE through the conntrack helper, and the path MTU of a
/// narrower WAN link; then the same with the router dropping them.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ProbeWorldTests {
    static let target = ProbeTarget(
        server: ServerID(rawValue: "vpnprb-001")!, address: IPv4Address(ProbeWorld.serverAddress)!,
        probePort: UInt16(ProbeWorld.probePort), wireGuardPort: 51820
    )

    func withWorld(_ body: (ProbeWorld) async throws -> Void) async throws {
        let world = ProbeWorld()
        defer { world.down() }
        try await offPool { try world.up() }
        try await body(world)
        world.down()
        #expect(world.remains.isEmpty, "left behind: \(world.remains)")
    }

    func probe(_ world: ProbeWorld, _ label: String) async -> NetworkReport {
        let report = await RouterProber.probe(Self.target, options: ProbeOptions(networkNamespace: world.clientNamespacePath))
        print("probe \(label): \(Int(report.elapsedMilliseconds)) ms, mtu \(report.pathMTU.map(String.init) ?? "none")")
        for key in PassthroughKey.allCases { print("  \(key.rawValue): \(report.verdict(key).name) — \(report.verdict(key).evidence)") }
        return report
    }

    @Test func theResponderAnswersThroughTheRouter() async throws {
        try await withWorld { world in
            let report = await probe(world, "world open")
            #expect(report.gateway == IPv4Address(ProbeWorld.routerLAN))
            #expect(report.localIPv4 == IPv4Address(ProbeWorld.clientAddress))
            #expect(report.gatewayMAC != nil)
            #expect(report.nat.present == true, "\(report.nat)")
            #expect(report.nat.externalIPv4 == IPv4Address(ProbeWorld.routerWAN))
            #expect(report.nat.mappingVariesByDestination == false, "masquerade keeps one mapping per source port")
            #expect(report.nat.doubleNAT == nil, "no port-mapping service told the router's own address")
            for key in [PassthroughKey.udp, .wireguard, .esp, .pptp, .gre] {
                #expect(report.verdict(key).passes, "\(key): \(report.verdict(key)) \n\(world.responderLog)")
            }
            #expect(report.verdict(.wireguard).evidence.contains(":51820"), "the echo came back from the WireGuard port")
            #expect(report.verdict(.gre).evidence.contains("enhanced GRE echo"))
            let mtu = try #require(report.pathMTU, "an MTU through the responder's echo")
            #expect((ProbeWorld.wanMTU - 20)...ProbeWorld.wanMTU ~= mtu, "the WAN link's \(ProbeWorld.wanMTU), found \(mtu)")
            #expect(report.verdict(.l2tp).evidence == "the server offers no L2TP/IPsec")
            #expect(report.verdict(.openvpnUDP).evidence == "the server offers no OpenVPN over UDP")
            #expect(report.verdict(.tcp443).evidence.contains("connection refused"), "nothing listens on 443 here: \(report.verdict(.tcp443))")
            #expect(report.portMapping.natPMP.evidence.contains(RetransmitSchedule.standard.silenceEvidence), "no miniupnpd in this world")
        }
    }

    @Test func whatTheRouterDropsEndsAtTheGiveUp() async throws {
        try await withWorld { world in
            try await offPool { try world.setRouter(blocking: ["udp dport != 53", "ip protocol { esp, gre }", "tcp dport 1723"]) }
            let report = await probe(world, "world blocked")
            let silence = RetransmitSchedule.standard.silenceEvidence
            for key in [PassthroughKey.udp, .wireguard, .esp] {
                #expect(report.verdict(key).isBlocked, "\(key): \(report.verdict(key))")
                #expect(report.verdict(key).evidence.contains(silence), "\(key): \(report.verdict(key).evidence)")
            }
            #expect(report.verdict(.pptp).isBlocked, "\(report.verdict(.pptp))")
            #expect(report.verdict(.pptp).evidence.contains("no PPTP reply") || report.verdict(.pptp).evidence.contains("no answer"), "\(report.verdict(.pptp).evidence)")
            // No PPTP call to carry PPTP's GRE: the plain GRE echo stands in, and the router drops it.
            #expect(report.verdict(.gre).isBlocked && report.verdict(.gre).evidence.contains(silence), "\(report.verdict(.gre))")
            #expect(report.nat == NATReport(), "without STUN the NAT is unknown: \(report.nat)")
            #expect(report.pathMTU == nil)

            // GRE alone dropped: the PPTP call is set up, its GRE echo is not answered.
            try await offPool { try world.setRouter(blocking: ["ip protocol gre"]) }
            let greOnly = await probe(world, "world GRE dropped")
            #expect(greOnly.verdict(.pptp).passes, "\(greOnly.verdict(.pptp))")
            #expect(greOnly.verdict(.gre).isBlocked && greOnly.verdict(.gre).evidence.contains(silence), "\(greOnly.verdict(.gre))")
            #expect(greOnly.verdict(.udp).passes && greOnly.verdict(.esp).passes)

            // PPTP control dropped, GRE let through: the plain GRE echo comes back.
            try await offPool { try world.setRouter(blocking: ["tcp dport 1723"]) }
            let controlOnly = await probe(world, "world PPTP control dropped")
            #expect(controlOnly.verdict(.pptp).isBlocked, "\(controlOnly.verdict(.pptp))")
            #expect(controlOnly.verdict(.gre).passes && controlOnly.verdict(.gre).evidence.contains("plain GRE echo"), "\(controlOnly.verdict(.gre))")
        }
    }
}
