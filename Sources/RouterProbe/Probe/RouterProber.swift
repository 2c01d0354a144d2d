import VPNCore

/// Runs every probe toward one target at once and assembles the report.
/// (Being built: issue 6. Until then every key is not checked.)
public enum RouterProber {
    public static func probe(_ target: ProbeTarget) async -> NetworkReport {
        let unbuilt = ProbeVerdict.notChecked(why: "the probe is not built yet")
        return NetworkReport(
            gateway: nil, gatewayMAC: nil, localIPv4: nil, server: target.server, nat: NATReport(),
            portMapping: PortMappingReport(upnp: unbuilt, natPMP: unbuilt, pcp: unbuilt),
            passthrough: Dictionary(uniqueKeysWithValues: PassthroughKey.allCases.map { ($0, unbuilt) }),
            pathMTU: nil, elapsedMilliseconds: 0
        )
    }
}
