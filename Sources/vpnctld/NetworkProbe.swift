import RouterProbe
import VPNCore

/// The router probe as the daemon uses it: a report per network, reused
/// for a few minutes (the router's settings rarely change; `probe --fresh`
/// asks anew), and kept only in memory until RouterProbe's cache lands.
actor NetworkProbe {
    static let maxAge: Duration = .seconds(300)

    private var last: (report: NetworkReport, taken: ContinuousClock.Instant)?

    /// The report toward `server`: this network's recent one unless `fresh`.
    /// Nil when the server runs no probe responder.
    func report(toward server: Server, fresh: Bool) async -> (report: NetworkReport, cached: Bool)? {
        if !fresh, let last, ContinuousClock.now - last.taken < Self.maxAge {
            return (last.report, true)
        }
        guard server.probePort != nil else { return nil }
        let report = await RouterProber.probe(ProbeTarget(server: server))
        last = (report, .now)
        return (report, false)
    }
}
