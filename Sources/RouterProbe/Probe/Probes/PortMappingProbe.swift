import Addressing
import ProbePackets
import VPNCore

/// One burst from one socket to the gateway: NAT-PMP's external address
/// request, PCP ANNOUNCE and SSDP M-SEARCH (unicast, then the multicast
/// group); then, if SSDP answered, the IGD description and its
/// GetExternalIPAddress.
struct PortMappingProbe {
    struct Result: Sendable {
        var report: PortMappingReport
        var natPMPExternal: IPv4Address?
        var pcpAnswered: Bool
        var upnpExternal: IPv4Address?
        /// Read on this thread once the burst is over: the gateway has been
        /// sent to, so its neighbour entry exists if it ever will, and no
        /// thread of its own has to start after the slowest probe.
        var gatewayMAC: String?
    }

    let gateway: IPv4Address
    let localAddress: IPv4Address?
    let schedule: RetransmitSchedule
    var timeline: ProbeTimeline? = nil

    static let natPMPPort: UInt16 = 5351
    /// SSDP answers are late on purpose: UDA 1.1 §1.3.3 lets a device wait
    /// up to MX seconds, and miniupnpd holds every M-SEARCH answer about
    /// 50 ms (measured 51–64 ms in the lab, whatever the MX and unicast or
    /// multicast). A resend at the usual 50 ms crosses that answer on its
    /// way: twice the searches for the router just as it should answer our
    /// HTTP, and the answer timed from the wrong try.
    static let ssdpFirstResend = 100

    func run() -> Result {
        let socket: DatagramSocket
        do throws(ProbeSocketError) {
            socket = try DatagramSocket(.udp)
            try socket.bindAnyPort()
        } catch {
            let verdict = VerdictEvidence.failed(error)
            return Result(report: PortMappingReport(upnp: verdict, natPMP: verdict, pcp: verdict), pcpAnswered: false,
                          gatewayMAC: ARPTable.current().entries[gateway])
        }
        let portMapping = IPv4Endpoint(gateway, Self.natPMPPort)
        let ssdpUnicast = IPv4Endpoint(gateway, SSDPSearchRequest.port)
        let ssdpMulticast = IPv4Endpoint(IPv4Address(SSDPSearchRequest.multicastGroup)!, SSDPSearchRequest.port)
        let client = (localAddress ?? IPv4Address(0))
        let ssdpSchedule = schedule.resendingNoSoonerThan(Self.ssdpFirstResend)
        let requests = [
            DatagramExchange.Request(sends: [(NATPMPRequest.externalAddress.encoded(), portMapping)]) { bytes, from in
                guard from == portMapping, let response = try? NATPMPResponse(parsing: bytes), response.opcode == 0,
                      response.result == .success, let address = response.externalAddress else { return nil }
                timeline.mark("port mapping: NAT-PMP answered")
                return "NAT-PMP external address \(address)"
            },
            DatagramExchange.Request(sends: [(PCPAnnounceRequest(clientAddress: .v4(client)).encoded(), portMapping)]) { bytes, from in
                guard from == portMapping, let reply = try? PCPReply(parsing: bytes) else { return nil }
                timeline.mark("port mapping: PCP answered")
                switch reply {
                case let .pcp(response) where response.opcode == PCPOpcode.announce.rawValue:
                    return "PCP ANNOUNCE answer (result \(response.result), epoch \(response.epoch))"
                case let .natPMP(response) where response.result == .unsupportedVersion:
                    return "NAT-PMP's \"unsupported version\" (no PCP)"
                default:
                    return nil
                }
            },
            DatagramExchange.Request(sends: [(SSDPSearchRequest.unicast(to: "\(gateway)").encoded(), ssdpUnicast),
                                             (SSDPSearchRequest.multicast(maximumWait: 1).encoded(), ssdpMulticast)], accepts: { bytes, _ in
                guard let response = try? SSDPSearchResponse(parsing: bytes) else { return nil }
                timeline.mark("port mapping: SSDP answered")
                return "SSDP answer (LOCATION \(response.location))"
            }, resends: ssdpSchedule),
        ]
        let outcomes = DatagramExchange(socket: socket, schedule: schedule).run(requests)
        timeline.mark("port mapping: NAT-PMP, PCP and SSDP answered")
        let gatewayMAC = ARPTable.current().entries[gateway]

        let natPMPExternal = outcomes[0].replyBytes.flatMap { try? NATPMPResponse(parsing: $0) }?.externalAddress?.asIPv4
        let natPMP = VerdictEvidence.verdict(outcomes[0], schedule: schedule, to: portMapping)
        var pcp = VerdictEvidence.verdict(outcomes[1], schedule: schedule, to: portMapping)
        var pcpAnswered = pcp.passes
        if case .natPMP? = outcomes[1].replyBytes.flatMap({ try? PCPReply(parsing: $0) }) {
            pcp = .blocked(evidence: "the gateway answered PCP with NAT-PMP's \"unsupported version\": it speaks NAT-PMP only")
            pcpAnswered = false
        }
        var upnp = VerdictEvidence.verdict(outcomes[2], schedule: ssdpSchedule, to: ssdpUnicast)
        var upnpExternal: IPv4Address?
        if case let .reply(bytes, _, roundTrip, _, what) = outcomes[2], let response = try? SSDPSearchResponse(parsing: bytes) {
            let soap = IGDQuery(gateway: gateway, location: response.location, timeoutMilliseconds: schedule.giveUpAfter, timeline: timeline).run()
            upnpExternal = soap.external
            upnp = VerdictEvidence.passed(roundTrip, "\(what); \(soap.evidence)")
        }
        let report = PortMappingReport(upnp: upnp, natPMP: natPMP, pcp: pcp, gatewayExternalIPv4: natPMPExternal ?? upnpExternal)
        return Result(report: report, natPMPExternal: natPMPExternal, pcpAnswered: pcpAnswered, upnpExternal: upnpExternal, gatewayMAC: gatewayMAC)
    }
}
