import Addressing
import Foundation
@testable import ProbePackets
@testable import RouterProbe
import TestSupport
import Testing
import VPNCore

/// The probe inside the lab's home client (its threads enter the client's
/// namespace), against the lab router's real miniupnpd and the Frankfurt
/// server's real xl2tpd, charon and openvpn (tls-crypt), with the router's
/// switches flipped between runs.
@Suite(.serialized, .timeLimit(.minutes(6)))
struct ProbeLabTests {
    static let routerLAN = IPv4Address("198.18.0.1")!
    static let client = IPv4Address("198.18.0.2")!
    static let wan = IPv4Address("203.0.113.2")!
    static let silence = RetransmitSchedule.standard.silenceEvidence

    func target(_ lab: ProbeLab) throws -> ProbeTarget {
        guard let key = lab.tlsCryptKey else { throw ProbeLabError("the lab's tls-crypt key is not in \(lab.stateDirectory)/pki/openvpn") }
        return ProbeTarget(
            server: ServerID(rawValue: "de-fra-001")!, address: IPv4Address("203.0.113.11")!, probePort: 3478,
            wireGuardPort: 51820, openVPNUDPPort: 1194, openVPNTCPPort: 443, openVPNTLSCrypt: key, ipsec: true
        )
    }

    func probe(_ lab: ProbeLab, _ label: String) async throws -> NetworkReport {
        let timeline = ProbeTimeline()
        let report = await RouterProber.probe(try target(lab), options: ProbeOptions(networkNamespace: ProbeLab.clientNamespace, timeline: timeline))
        print("probe \(label): \(Int(report.elapsedMilliseconds)) ms\n\(timeline.text)")
        for key in PassthroughKey.allCases { print("  \(key.rawValue): \(report.verdict(key).name) — \(report.verdict(key).evidence)") }
        print("  upnp: \(report.portMapping.upnp.evidence)\n  nat_pmp: \(report.portMapping.natPMP.evidence)\n  pcp: \(report.portMapping.pcp.evidence)")
        return report
    }

    func expectBlockedBySilence(_ verdict: ProbeVerdict, _ what: String) {
        #expect(verdict.isBlocked, "\(what): \(verdict)")
        #expect(verdict.evidence.contains(Self.silence), "\(what) ended by the give-up: \(verdict.evidence)")
    }

    @Test func theProbeSeesTheLabRouterAndItsSwitches() async throws {
        let lab = try await ProbeLab.start()
        defer { lab.close() }
        // The lab does not run the responder yet: until it does, the test
        // runs one beside the Frankfurt server (in the lab's own namespace)
        // when nothing there listens on the probe port.
        let probePortTaken = try await offPool {
            try !Shell.output("ip", "netns", "exec", "vpnlab-de-fra-001", "ss", "-Hlun", "sport", "=", ":3478").isEmpty
        }
        var responder: ProbeResponderProcess?
        if !probePortTaken {
            responder = try await offPool { try ProbeResponderProcess(namespace: "vpnlab-de-fra-001", address: "203.0.113.11", port: 3478) }
        }
        defer { responder?.stop() }

        // Everything on.
        let open = try await probe(lab, "all open")
        #expect(open.gateway == Self.routerLAN)
        #expect(open.localIPv4 == Self.client)
        let mac = try #require(open.gatewayMAC, "the router's MAC from the client's neighbour table")
        #expect(mac.split(separator: ":").count == 6)
        #expect(open.portMapping.natPMP.passes, "\(open.portMapping.natPMP)")
        #expect(open.portMapping.natPMP.evidence.contains("NAT-PMP external address \(Self.wan)"))
        #expect(open.portMapping.gatewayExternalIPv4 == Self.wan)
        #expect(open.portMapping.upnp.passes, "\(open.portMapping.upnp)")
        #expect(open.portMapping.upnp.evidence.contains("GetExternalIPAddress says \(Self.wan)"), "\(open.portMapping.upnp.evidence)")
        #expect(open.portMapping.pcp.passes, "\(open.portMapping.pcp)")
        #expect(open.verdict(.l2tp).passes, "\(open.verdict(.l2tp))")
        #expect(open.verdict(.l2tp).evidence.contains("SCCRP"))
        #expect(open.verdict(.ike).passes, "\(open.verdict(.ike))")
        #expect(open.verdict(.natT).passes, "\(open.verdict(.natT))")
        #expect(open.verdict(.openvpnUDP).passes, "\(open.verdict(.openvpnUDP))")
        #expect(open.verdict(.openvpnUDP).evidence.contains("tls-crypt verified"))
        #expect(open.verdict(.openvpnTCP).passes, "\(open.verdict(.openvpnTCP))")
        #expect(open.verdict(.tcp443).passes, "\(open.verdict(.tcp443))")
        for key in [PassthroughKey.udp, .wireguard, .esp, .pptp, .gre] {
            #expect(open.verdict(key).passes, "\(key): \(open.verdict(key))\n\(responder?.log ?? "")")
        }
        #expect(open.nat.present == true && open.nat.externalIPv4 == Self.wan, "\(open.nat)")
        #expect(open.nat.mappingVariesByDestination == false)
        #expect(open.nat.doubleNAT == false, "the router's NAT-PMP address is what STUN saw")
        #expect(open.pathMTU == 1500, "the lab's links are all 1500 bytes")
        // Again, with the neighbour entries and the servers' state warm: the daemon's usual case.
        let again = try await probe(lab, "all open, again")
        #expect(PassthroughKey.allCases.allSatisfy { again.verdict($0).passes }, "every key passes again")

        // IPsec, L2TP and PPTP passthrough off: IKE, NAT-T, ESP and L2TP end by the give-up, PPTP too; OpenVPN still passes.
        #expect(try await lab.vpnlab("router", "passthrough", "--ipsec", "off", "--l2tp", "off", "--pptp", "off").status == 0)
        let noIPsec = try await probe(lab, "IPsec, L2TP and PPTP off")
        expectBlockedBySilence(noIPsec.verdict(.ike), "IKE")
        expectBlockedBySilence(noIPsec.verdict(.natT), "NAT-T")
        expectBlockedBySilence(noIPsec.verdict(.esp), "ESP")
        expectBlockedBySilence(noIPsec.verdict(.l2tp), "L2TP")
        #expect(noIPsec.verdict(.pptp).isBlocked, "\(noIPsec.verdict(.pptp))")
        #expect(noIPsec.verdict(.openvpnUDP).passes && noIPsec.verdict(.openvpnTCP).passes && noIPsec.verdict(.udp).passes)
        #expect(try await lab.vpnlab("router", "passthrough", "--ipsec", "on", "--l2tp", "on", "--pptp", "on").status == 0)

        // UDP off: only TCP (and DNS) pass.
        #expect(try await lab.vpnlab("router", "passthrough", "--udp", "off").status == 0)
        let noUDP = try await probe(lab, "UDP off")
        expectBlockedBySilence(noUDP.verdict(.openvpnUDP), "OpenVPN over UDP")
        expectBlockedBySilence(noUDP.verdict(.ike), "IKE with UDP off")
        expectBlockedBySilence(noUDP.verdict(.udp), "UDP")
        expectBlockedBySilence(noUDP.verdict(.wireguard), "the WireGuard port")
        #expect(noUDP.nat == NATReport(), "no STUN answer, so the NAT is unknown")
        #expect(noUDP.verdict(.openvpnTCP).passes, "\(noUDP.verdict(.openvpnTCP))")
        #expect(noUDP.verdict(.tcp443).passes)
        #expect(try await lab.vpnlab("router", "passthrough", "--udp", "on").status == 0)

        // miniupnpd off: nothing answers NAT-PMP, PCP or SSDP.
        #expect(try await lab.vpnlab("router", "upnp", "off").status == 0)
        let noUPnP = try await probe(lab, "UPnP off")
        expectBlockedBySilence(noUPnP.portMapping.natPMP, "NAT-PMP")
        expectBlockedBySilence(noUPnP.portMapping.pcp, "PCP")
        expectBlockedBySilence(noUPnP.portMapping.upnp, "UPnP")
        #expect(noUPnP.portMapping.gatewayExternalIPv4 == nil)
        #expect(noUPnP.verdict(.l2tp).passes, "the other probes are unaffected")

        // The cache: a stored report comes back for this network, --fresh probes again.
        let cacheDirectory = try TemporaryDirectory(prefix: "vpnprb-cache")
        defer { cacheDirectory.remove() }
        let cache = ProbeCache(directory: cacheDirectory.path)
        let options = ProbeOptions(networkNamespace: ProbeLab.clientNamespace)
        let first = await RouterProber.probe(try target(lab), cache: cache, fresh: false, options: options)
        #expect(!first.cached)
        let second = await RouterProber.probe(try target(lab), cache: cache, fresh: false, options: options)
        #expect(second.cached, "the second probe on the same network is the cached one")
        #expect(second.report == first.report)
        let third = await RouterProber.probe(try target(lab), cache: cache, fresh: true, options: options)
        #expect(!third.cached)
    }
}
