import Control
import VPNCore

extension ProbeReport {
    /// The contract's form of a probe report and the plan made from it.
    init(_ report: NetworkReport, cached: Bool, recommended: [ConnectionAttempt], skipped: [SkippedProtocol]) {
        var evidence = Dictionary(uniqueKeysWithValues: report.passthrough.map { ($0.key.rawValue, $0.value.evidence) })
        evidence["upnp"] = report.portMapping.upnp.evidence
        evidence["nat_pmp"] = report.portMapping.natPMP.evidence
        evidence["pcp"] = report.portMapping.pcp.evidence
        self.init(
            gateway: report.gateway?.description,
            server: report.server.rawValue,
            nat: NAT(
                present: report.nat.present, externalIPv4: report.nat.externalIPv4?.description,
                mappingVariesByDestination: report.nat.mappingVariesByDestination, doubleNAT: report.nat.doubleNAT
            ),
            portMapping: PortMapping(upnp: report.portMapping.upnp.name, natPMP: report.portMapping.natPMP.name, pcp: report.portMapping.pcp.name),
            passthrough: Dictionary(uniqueKeysWithValues: PassthroughKey.allCases.map { ($0.rawValue, report.verdict($0).name) }),
            evidence: evidence,
            mtu: report.pathMTU,
            recommended: recommended.map { Recommendation(protocolName: $0.protocolName.rawValue, reason: $0.reason) },
            skipped: skipped.map { Recommendation(protocolName: $0.protocolName.rawValue, reason: $0.reason) },
            elapsedMilliseconds: report.elapsedMilliseconds,
            cached: cached
        )
    }
}
