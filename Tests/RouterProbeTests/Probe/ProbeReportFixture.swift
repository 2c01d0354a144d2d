import Addressing
@testable import ProbePackets
@testable import RouterProbe
import VPNCore

/// A report with every kind of value in it, for the coding and cache tests.
enum ProbeReportFixture {
    static func report(server: String = "de-fra-001", gatewayMAC: String? = "02:00:5e:00:53:01") -> NetworkReport {
        var passthrough: [PassthroughKey: ProbeVerdict] = [:]
        for (index, key) in PassthroughKey.allCases.enumerated() {
            passthrough[key] = switch index % 3 {
            case 0: .pass(roundTripMilliseconds: Double(index) + 0.25, evidence: "\(key.rawValue) answered")
            case 1: .blocked(evidence: "no reply in 1.2 s after 5 tries to \(key.rawValue)")
            default: .notChecked(why: "the server offers no \(key.rawValue)")
            }
        }
        return NetworkReport(
            gateway: IPv4Address("198.18.0.1"), gatewayMAC: gatewayMAC, localIPv4: IPv4Address("198.18.0.2"),
            server: ServerID(rawValue: server)!,
            nat: NATReport(present: true, externalIPv4: IPv4Address("203.0.113.2"), mappingVariesByDestination: false, doubleNAT: nil),
            portMapping: PortMappingReport(
                upnp: .pass(roundTripMilliseconds: 1.5, evidence: "SSDP answer"), natPMP: .blocked(evidence: "silence"),
                pcp: .notChecked(why: "not asked"), gatewayExternalIPv4: IPv4Address("203.0.113.2")
            ),
            passthrough: passthrough, pathMTU: 1492, elapsedMilliseconds: 42.5
        )
    }
}
