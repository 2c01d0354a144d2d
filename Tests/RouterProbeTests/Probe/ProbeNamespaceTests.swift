import Addressing
@testable import ProbePackets
@testable import RouterProbe
import Testing
import VPNCore

/// A namespace that cannot be entered stops every probe before it opens a
/// socket: nothing goes out from the caller's own namespace instead.
@Suite struct ProbeNamespaceTests {
    @Test func aMissingNamespaceLeavesEveryKeyNotCheckedAndSaysWhy() async {
        let target = ProbeTarget(server: ServerID(rawValue: "de-fra-001")!, address: IPv4Address("203.0.113.11")!, probePort: 3478,
                                 wireGuardPort: 51820, openVPNUDPPort: 1194, openVPNTCPPort: 443, ipsec: true)
        let report = await RouterProber.probe(target, options: ProbeOptions(networkNamespace: "/run/netns/vpnprb-does-not-exist"))
        for key in PassthroughKey.allCases {
            let verdict = report.verdict(key)
            #expect(!verdict.passes && !verdict.isBlocked, "\(key): \(verdict)")
            #expect(verdict.evidence.contains("vpnprb-does-not-exist"), "\(key): \(verdict.evidence)")
        }
        #expect(report.gateway == nil && report.localIPv4 == nil && report.gatewayMAC == nil)
        #expect(report.portMapping.natPMP.evidence.contains("vpnprb-does-not-exist"), "\(report.portMapping.natPMP)")
        #expect(report.nat == NATReport())
        #expect(report.pathMTU == nil)
    }

    @Test func servicesTheTargetLacksAreNotCheckedWithTheReason() async {
        let target = ProbeTarget(server: ServerID(rawValue: "de-fra-001")!, address: IPv4Address("203.0.113.11")!, probePort: nil)
        let report = await RouterProber.probe(target, options: ProbeOptions(networkNamespace: "/run/netns/vpnprb-does-not-exist"))
        #expect(report.verdict(.l2tp).evidence == "the server offers no L2TP/IPsec")
        #expect(report.verdict(.openvpnUDP).evidence == "the server offers no OpenVPN over UDP")
        #expect(report.verdict(.esp).evidence == "the server runs no probe responder")
        #expect(report.verdict(.wireguard).evidence == "the server runs no probe responder")
    }
}
