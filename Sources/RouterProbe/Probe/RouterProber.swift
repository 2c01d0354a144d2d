import ProbePackets
import VPNCore

/// Runs every probe toward one target at once and assembles the report.
///
/// Each probe has a thread of its own (blocking poll loops never touch the
/// cooperative pool) and retransmits on `options.schedule`; the report is
/// ready when the slowest probe answers or gives up.
public enum RouterProber {
    public static func probe(_ target: ProbeTarget, options: ProbeOptions = ProbeOptions()) async -> NetworkReport {
        let start = ProbeDuration.nowNanoseconds()
        options.timeline?.begin()
        let runner = ProbeRunner(namespace: options.networkNamespace, socketMark: options.socketMark, timeline: options.timeline)
        let schedule = options.schedule

        let network = await runner.run("gateway", { GatewayInfo(problem: $0) }) { GatewayInfo.discover() }
        let server = target.address
        let local = network.localAddress

        async let nat = runner.run("nat", { NATProbe.Result(verdict: .notChecked(why: $0)) }) { () -> NATProbe.Result in
            guard let port = target.probePort else { return NATProbe.Result(verdict: .notChecked(why: "the server runs no probe responder")) }
            return NATProbe(responder: IPv4Endpoint(server, port), schedule: schedule).run()
        }
        async let portMapping = runner.run("port mapping", { Self.portMappingUnchecked($0) }) { () -> PortMappingProbe.Result in
            guard let gateway = network.gateway else { return Self.portMappingUnchecked(network.problem ?? "no gateway") }
            return PortMappingProbe(gateway: gateway, localAddress: local, schedule: schedule, timeline: options.timeline).run()
        }
        async let l2tp = runner.verdict("l2tp", unless: target.ipsec ? nil : "the server offers no L2TP/IPsec") {
            L2TPProbe(server: server, schedule: schedule).run()
        }
        async let ike = runner.verdict("ike", unless: target.ipsec ? nil : "the server offers no IPsec") {
            IKEProbe(server: server, natTraversal: false, localAddress: local, schedule: schedule).run()
        }
        async let natT = runner.verdict("nat_t", unless: target.ipsec ? nil : "the server offers no IPsec") {
            IKEProbe(server: server, natTraversal: true, localAddress: local, schedule: schedule).run()
        }
        let tlsCrypt: TLSCrypt?
        let tlsCryptProblem: String?
        if let pem = target.openVPNTLSCrypt {
            do throws(PacketError) {
                tlsCrypt = TLSCrypt(key: try OpenVPNStaticKey(parsing: pem), role: .client)
                tlsCryptProblem = nil
            } catch {
                tlsCrypt = nil
                tlsCryptProblem = "the server's tls-crypt key is unusable (\(error)), and its OpenVPN answers nothing else"
            }
        } else {
            tlsCrypt = nil
            tlsCryptProblem = nil
        }
        async let openVPNUDP = runner.verdict("openvpn_udp", unless: tlsCryptProblem ?? (target.openVPNUDPPort == nil ? "the server offers no OpenVPN over UDP" : nil)) {
            OpenVPNProbe(destination: IPv4Endpoint(server, target.openVPNUDPPort!), overTCP: false, tlsCrypt: tlsCrypt, schedule: schedule).run()
        }
        async let openVPNTCP = runner.verdict("openvpn_tcp", unless: tlsCryptProblem ?? (target.openVPNTCPPort == nil ? "the server offers no OpenVPN over TCP" : nil)) {
            OpenVPNProbe(destination: IPv4Endpoint(server, target.openVPNTCPPort!), overTCP: true, tlsCrypt: tlsCrypt, schedule: schedule).run()
        }
        async let tcp443 = runner.verdict("tcp443", unless: nil) {
            TCPConnectProbe(destination: IPv4Endpoint(server, 443), schedule: schedule).run()
        }
        let noResponder = target.probePort == nil ? "the server runs no probe responder" : nil
        async let pptp = runner.run("pptp+gre", { (pptp: ProbeVerdict.notChecked(why: $0), gre: ProbeVerdict.notChecked(why: $0)) }) { () -> (pptp: ProbeVerdict, gre: ProbeVerdict) in
            if let noResponder { return (.notChecked(why: noResponder), .notChecked(why: noResponder)) }
            return PPTPProbe(server: server, schedule: schedule).run()
        }
        // Sent alongside the PPTP call, so that a blocked call costs no extra
        // time; used only when there is no call for PPTP's own GRE to ride on.
        async let plainGRE = runner.verdict("plain gre", unless: noResponder) { PlainGREProbe(server: server, schedule: schedule).run() }
        async let esp = runner.verdict("esp", unless: noResponder) { ESPProbe(server: server, schedule: schedule).run() }
        async let wireGuard = runner.verdict("wireguard", unless: noResponder ?? (target.wireGuardPort == nil ? "the server offers no WireGuard" : nil)) {
            EchoProbe(destination: IPv4Endpoint(server, target.wireGuardPort!), schedule: schedule).run()
        }
        async let udpEcho = runner.verdict("udp echo", unless: noResponder) {
            EchoProbe(destination: IPv4Endpoint(server, target.probePort!), schedule: schedule).run()
        }
        async let pathMTU = runner.run("path mtu", { (mtu: Int?.none, evidence: $0) }) { () -> (mtu: Int?, evidence: String) in
            guard let port = target.probePort else { return (nil, "the server runs no probe responder") }
            return PathMTUProbe(destination: IPv4Endpoint(server, port), interfaceMTU: network.interfaceMTU ?? 1500, schedule: schedule,
                                sizesPerRound: options.mtuSizesPerRound, maximumRounds: options.mtuRounds).run()
        }

        let (natResult, mapping, pptpResult) = await (nat, portMapping, pptp)
        let gatewayMAC = mapping.gatewayMAC

        let external = natResult.first.flatMap { IPv4Endpoint($0.mappedAddress) }
        var natReport = NATReport()
        if let external {
            natReport.externalIPv4 = external.address
            natReport.present = local.map { $0 != external.address }
            if let second = natResult.second.flatMap({ IPv4Endpoint($0.mappedAddress) }) { natReport.mappingVariesByDestination = second != external }
            // Without NAT here there is no "other" NAT to find: the gateway's
            // claim concerns translation this path does not undergo.
            if natReport.present == false {
                natReport.doubleNAT = false
            } else if let claimed = mapping.report.gatewayExternalIPv4 {
                natReport.doubleNAT = claimed != external.address
            }
        }

        let echo = await udpEcho
        let udp = echo.passes || !natResult.verdict.passes ? echo : natResult.verdict
        let passthrough: [PassthroughKey: ProbeVerdict] = await [
            .udp: udp, .tcp443: tcp443, .wireguard: wireGuard, .openvpnUDP: openVPNUDP, .openvpnTCP: openVPNTCP,
            .ike: ike, .natT: natT, .esp: esp, .l2tp: l2tp, .pptp: pptpResult.pptp, .gre: Self.gre(pptpResult.gre, plain: await plainGRE),
        ]
        return await NetworkReport(
            gateway: network.gateway, gatewayMAC: gatewayMAC, localIPv4: local, server: target.server, nat: natReport,
            portMapping: mapping.report, passthrough: passthrough, pathMTU: pathMTU.mtu,
            elapsedMilliseconds: ProbeDuration.milliseconds(since: start)
        )
    }

    private static func portMappingUnchecked(_ why: String) -> PortMappingProbe.Result {
        let verdict = ProbeVerdict.notChecked(why: why)
        return PortMappingProbe.Result(report: PortMappingReport(upnp: verdict, natPMP: verdict, pcp: verdict), pcpAnswered: false)
    }

    /// PPTP's GRE when a call carried it, else the plain GRE echo's verdict.
    private static func gre(_ call: ProbeVerdict, plain: ProbeVerdict) -> ProbeVerdict {
        if case .notChecked = call { return plain }
        return call
    }
}
