import RouterProbe
import VPNCore

/// The router probe as the daemon uses it: this network's report toward a
/// server, kept in the cache directory for a few minutes (a router's
/// settings rarely change; `probe --fresh` asks anew). The daemon runs in
/// the namespace whose router it probes.
struct NetworkProbe: Sendable {
    let cache: ProbeCache

    init(cacheDirectory: String) {
        cache = ProbeCache(directory: cacheDirectory + "/probe")
    }

    /// Nil when the server runs no probe responder.
    func report(toward server: Server, fresh: Bool) async -> (report: NetworkReport, cached: Bool)? {
        guard server.probePort != nil else { return nil }
        // Marked: while the kill switch blocks, only vpnctl's marked packets reach the server.
        return await RouterProber.probe(ProbeTarget(server: server), cache: cache, fresh: fresh, options: ProbeOptions(socketMark: FirewallPolicy.mark))
    }
}
