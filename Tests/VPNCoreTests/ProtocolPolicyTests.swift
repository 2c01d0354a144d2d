import Addressing
import Testing
import VPNCore

/// The plan from a router's report: the descriptors' needs of the lab's
/// three plugins, the daemon's usual order.
@Suite struct ProtocolPolicyTests {
    let policy = ProtocolPolicy(preferenceOrder: [.wireguard, .openvpnUDP, .l2tpIPsec, .openvpnTCP])
    let capabilities = [
        ProtocolCapability(name: .wireguard, needs: [.udp, .wireguard]),
        ProtocolCapability(name: .openvpnUDP, needs: [.udp, .openvpnUDP]),
        ProtocolCapability(name: .openvpnTCP, needs: [.tcp443, .openvpnTCP]),
        ProtocolCapability(name: .l2tpIPsec, needs: [.ike, .natT, .l2tp]),
    ]
    let everything: [ProtocolName] = [.wireguard, .openvpnUDP, .openvpnTCP, .l2tpIPsec]

    static func report(blocking blocked: Set<PassthroughKey> = [], unchecked: Set<PassthroughKey> = []) -> NetworkReport {
        let verdicts = PassthroughKey.allCases.map { key -> (PassthroughKey, ProbeVerdict) in
            if blocked.contains(key) { return (key, .blocked(evidence: "no reply in 1.2 s after 5 tries")) }
            if unchecked.contains(key) { return (key, .notChecked(why: "the server offers none")) }
            return (key, .pass(roundTripMilliseconds: 0.4, evidence: "reply"))
        }
        return NetworkReport(
            gateway: IPv4Address("198.18.0.1"), gatewayMAC: nil, localIPv4: IPv4Address("198.18.0.2"),
            server: ServerID(rawValue: "de-fra-001")!, nat: NATReport(present: true),
            portMapping: PortMappingReport(upnp: .notChecked(why: "-"), natPMP: .notChecked(why: "-"), pcp: .notChecked(why: "-")),
            passthrough: Dictionary(uniqueKeysWithValues: verdicts), pathMTU: 1500, elapsedMilliseconds: 20
        )
    }

    @Test func everythingOpenFollowsThePreferenceOrder() {
        let plan = policy.plan(offered: everything, capabilities: capabilities, report: Self.report())
        #expect(plan.attempts.map(\.protocolName) == [.wireguard, .openvpnUDP, .l2tpIPsec, .openvpnTCP])
        #expect(plan.skipped.isEmpty)
        #expect(plan.attempts[0].reason == "wireguard: UDP, UDP to the WireGuard port pass the router (answered within 0.4 ms)")
    }

    @Test func udpBlockedLeavesOpenVPNOverTCP() {
        let plan = policy.plan(offered: everything, capabilities: capabilities, report: Self.report(blocking: [.udp, .wireguard, .openvpnUDP, .ike, .natT, .l2tp]))
        #expect(plan.attempts.map(\.protocolName) == [.openvpnTCP])
        #expect(plan.attempts[0].reason.hasSuffix("; wireguard is blocked by the router"))
        #expect(plan.skipped.map(\.protocolName) == [.wireguard, .openvpnUDP, .l2tpIPsec])
        let wireguard = plan.skipped[0]
        #expect(wireguard.blockedBy == [.udp, .wireguard])
        #expect(wireguard.reason.contains("allow outgoing UDP"))
        #expect(wireguard.reason.hasSuffix(", or keep using openvpn-tcp."))
    }

    @Test func l2tpBlockedNamesTheL2TPPassthroughSetting() {
        let plan = policy.plan(offered: everything, capabilities: capabilities, report: Self.report(blocking: [.l2tp]))
        #expect(plan.attempts.map(\.protocolName) == [.wireguard, .openvpnUDP, .openvpnTCP])
        #expect(plan.skipped.map(\.reason) == [
            "l2tp-ipsec is blocked by the router: L2TP (UDP port 1701) does not pass; turn on L2TP passthrough in its VPN or Security settings, or keep using wireguard.",
        ])
    }

    @Test func ipsecBlockedNamesOneSettingForItsThreeKeys() {
        let plan = policy.plan(offered: everything, capabilities: capabilities, report: Self.report(blocking: [.ike, .natT, .esp]))
        #expect(plan.skipped.count == 1)
        #expect(plan.skipped[0].blockedBy == [.ike, .natT])
        #expect(plan.skipped[0].reason.ranges(of: "IPsec passthrough").count == 1)
    }

    @Test func uncheckedNeedsComeAfterProvenOnes() {
        let plan = policy.plan(offered: everything, capabilities: capabilities, report: Self.report(unchecked: [.wireguard]))
        #expect(plan.attempts.map(\.protocolName) == [.openvpnUDP, .l2tpIPsec, .openvpnTCP, .wireguard])
        #expect(plan.attempts[3].reason.contains("could not be checked"))
    }

    @Test func withoutAReportEverythingIsTriedInTheUsualOrder() {
        let plan = policy.plan(offered: everything, capabilities: capabilities, report: nil)
        #expect(plan.attempts.map(\.protocolName) == [.wireguard, .openvpnUDP, .l2tpIPsec, .openvpnTCP])
        #expect(plan.attempts.allSatisfy { $0.reason.contains("not probed") })
    }

    @Test func onlyOfferedProtocolsWithAPluginAreTried() {
        let plan = policy.plan(offered: [.openvpnTCP, .pptp], capabilities: capabilities, report: Self.report())
        #expect(plan.attempts.map(\.protocolName) == [.openvpnTCP])
    }

    @Test func aPluginThatCannotRunHereIsSkippedWithItsReason() {
        var local = capabilities
        local[3].unusableBecause = "cannot open /dev/ppp"
        let plan = policy.plan(offered: everything, capabilities: local, report: Self.report())
        #expect(!plan.attempts.map(\.protocolName).contains(.l2tpIPsec))
        #expect(plan.skipped.map(\.reason) == ["l2tp-ipsec cannot run on this machine: cannot open /dev/ppp."])
        #expect(plan.skipped[0].blockedBy.isEmpty)
    }

    @Test func everythingBlockedLeavesNoAttemptAndEverySetting() {
        let plan = policy.plan(offered: everything, capabilities: capabilities, report: Self.report(blocking: Set(PassthroughKey.allCases)))
        #expect(plan.attempts.isEmpty)
        #expect(plan.skipped.count == 4)
        // Each names its router setting; none offers a protocol to keep using.
        #expect(plan.skipped.allSatisfy { $0.reason.hasSuffix(".") && $0.reason.contains("turn on") || $0.reason.contains("allow outgoing") })
        #expect(plan.skipped.allSatisfy { !$0.reason.contains("keep using") })
    }

    @Test func unknownProtocolsFollowByName() {
        let extra = capabilities + [ProtocolCapability(name: ProtocolName(rawValue: "ikev2")!, needs: [.ike, .natT])]
        let plan = policy.plan(offered: everything + [ProtocolName(rawValue: "ikev2")!], capabilities: extra, report: Self.report())
        #expect(plan.attempts.map(\.protocolName.rawValue) == ["wireguard", "openvpn-udp", "l2tp-ipsec", "openvpn-tcp", "ikev2"])
    }
}
