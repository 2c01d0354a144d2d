import Addressing
import ProbePackets
import VPNCore

extension RouterProber {
    /// The cached report for the current network when there is a fresh one
    /// (unless `fresh`), else a new probe, stored for next time. Finding the
    /// network takes a probe's gateway lookup, so a cache hit still costs a
    /// netlink query and an ARP read, never a packet.
    public static func probe(_ target: ProbeTarget, cache: ProbeCache, fresh: Bool, options: ProbeOptions = ProbeOptions()) async -> (report: NetworkReport, cached: Bool) {
        if !fresh {
            let runner = ProbeRunner(namespace: options.networkNamespace, socketMark: options.socketMark, timeline: nil)
            let network = await runner.run("cache key", { _ in (IPv4Address?.none, String?.none) }) { () -> (IPv4Address?, String?) in
                let info = GatewayInfo.discover()
                return (info.gateway, info.gateway.flatMap { ARPTable.current().entries[$0] })
            }
            if let report = cache.report(gateway: network.0, mac: network.1, server: target.server) { return (report, true) }
        }
        let report = await probe(target, options: options)
        // A report that cannot be cached is still the answer.
        try? cache.store(report)
        return (report, false)
    }
}
