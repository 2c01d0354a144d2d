import Foundation

/// The leak harness from a test: `vpnlab leakcheck` (Sources/VPNLab/LeakCheck.swift,
/// Lab/leakcheck.py) captures on the router's LAN side while the client
/// probes; the same commands serve scripts in benchmarks/.
///
///     let leaks = LeakHarness(lab)
///     let report = try leaks.once()                  // one probe set now
///     try leaks.start(intervalMilliseconds: 20)      // a stream, for a window
///     ... connect, kill -9, switch ...
///     let window = try leaks.stop()
///     #expect(window.leaked == 0, "\(window)")
struct LeakHarness {
    /// What the capture saw, as `vpnlab leakcheck stop --json` reports it.
    struct Report: CustomStringConvertible {
        /// Every probe ("tcp/webhost4", "dns/router6", ...) with how many
        /// times it was seen on the router's LAN side.
        let probes: [String: Int]
        /// Probe packets seen: each one left the client outside the tunnel.
        let leaked: Int
        /// Packets to a VPN server's address: the tunnel itself.
        let tunnelPackets: Int
        /// IP packets that are neither probes nor tunnel (the daemon's own
        /// API requests, a test's curl...), with up to 20 examples.
        let otherPackets: Int
        let otherExamples: [String]
        /// ARP, neighbour discovery, MLD, multicast.
        let controlPackets: Int
        /// Frames the capture's socket dropped: nonzero means the counts may be short.
        let captureDrops: Int
        /// Probe sets the client sent (the stream's and `probe`'s).
        let setsSent: Int
        let json: [String: Any]

        init(_ json: [String: Any]) throws {
            guard let probes = json["probes"] as? [String: Int], let leaked = json["leaked"] as? Int else {
                throw LabTestError("not a leak check report: \(json)")
            }
            self.probes = probes
            self.leaked = leaked
            tunnelPackets = json["tunnel_packets"] as? Int ?? -1
            otherPackets = json["other_packets"] as? Int ?? -1
            otherExamples = json["other_examples"] as? [String] ?? []
            controlPackets = json["control_packets"] as? Int ?? -1
            captureDrops = json["capture_drops"] as? Int ?? -1
            setsSent = json["sets_sent"] as? Int ?? -1
            self.json = json
        }

        var leakedProbes: [String] { probes.filter { $0.value > 0 }.keys.sorted() }
        var unseenProbes: [String] { probes.filter { $0.value == 0 }.keys.sorted() }

        var description: String {
            "leaked \(leaked) \(leakedProbes), unseen \(unseenProbes), tunnel \(tunnelPackets), other \(otherPackets) \(otherExamples), "
                + "control \(controlPackets), drops \(captureDrops), sets \(setsSent)"
        }
    }

    /// Probe names: KIND/TARGET for each kind and target.
    static let kinds = ["tcp", "udp", "icmp", "dns", "dnstcp"]
    static let targets = ["webhost4", "webhost6", "router4", "router6"]
    static var probeNames: Set<String> { Set(kinds.flatMap { kind in targets.map { "\(kind)/\($0)" } }) }

    let lab: LabSession

    init(_ lab: LabSession) { self.lab = lab }

    /// Starts the capture (returns once it listens); with an interval, the
    /// client also sends a probe set every `intervalMilliseconds` until `stop`.
    func start(intervalMilliseconds: Int? = nil) throws {
        let arguments = ["leakcheck", "start"] + (intervalMilliseconds.map { ["--interval-ms", String($0)] } ?? [])
        let outcome = try LabRunner.run(LabRunner.vpnlab, arguments, environment: lab.runner.environment)
        guard outcome.succeeded else { throw LabTestError("vpnlab leakcheck start: \(outcome.summary)") }
    }

    /// One probe set from the client, while the capture runs.
    func probe() throws {
        let outcome = try lab.runner.vpnlab("leakcheck", "probe")
        guard outcome.succeeded else { throw LabTestError("vpnlab leakcheck probe: \(outcome.summary)") }
    }

    /// Stops the stream, waits until the capture has everything sent, and reports.
    func stop() throws -> Report {
        try report(lab.runner.vpnlab("leakcheck", "stop", "--json"), "stop")
    }

    /// start, one probe set, stop.
    func once() throws -> Report {
        try report(lab.runner.vpnlab("leakcheck", "once", "--json"), "once")
    }

    /// Neighbours, addresses and routes of the client and the router, for
    /// the message of a failed expectation about what reached the wire.
    func diagnostics() -> String {
        [("client", ["ip", "neigh"]), ("client", ["ip", "-6", "neigh"]), ("client", ["ip", "-6", "address"]), ("client", ["ip", "-6", "route"]),
         ("router", ["ip", "-6", "neigh"]), ("router", ["ip", "-6", "address"]), ("router", ["nft", "list", "ruleset"])].map { node, command in
            let outcome = try? lab.runner.exec(node, arguments: command)
            return "\(node)$ \(command.joined(separator: " ")):\n\(outcome?.stdout ?? "-")\(outcome?.stderr ?? "")"
        }.joined(separator: "\n")
    }

    private func report(_ outcome: LabRunner.Outcome, _ command: String) throws -> Report {
        guard outcome.succeeded else { throw LabTestError("vpnlab leakcheck \(command): \(outcome.summary)") }
        return try Report(LabRunner.json(outcome.stdout))
    }
}
