import ArgumentParser
import Foundation

/// `vpnlab leakcheck start|probe|stop|once`: the leak harness for tests and
/// for scripts (benchmarks/ soak runs), the same code either way.
struct LeakCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leakcheck",
        abstract: "Count what the home client sends outside the tunnel, captured on the router's LAN side.",
        discussion: """
            Probes: a TCP SYN, a UDP datagram, an ICMP echo, a DNS query and a TCP SYN to port 53 to each of \
            \(LeakCheck.targets.map { "\($0.name) (\($0.address))" }.joined(separator: ", ")). \
            Packets to a VPN server's address are the tunnel, counted as tunnel_packets. \
            Example: vpnlab leakcheck start --interval-ms 20; (connect, kill, ...); vpnlab leakcheck stop --json
            """,
        subcommands: [Start.self, Probe.self, Stop.self, Once.self]
    )

    static func print(_ report: [String: Any], json: Bool) throws {
        if json {
            let data = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
            Swift.print(String(decoding: data, as: UTF8.self))
            return
        }
        let probes = (report["probes"] as? [String: Int]) ?? [:]
        for name in probes.keys.sorted() { Swift.print("probe \(name) \(probes[name]!)") }
        for key in ["leaked", "tunnel_packets", "other_packets", "control_packets", "capture_drops", "sets_sent", "duration_ms"] {
            Swift.print("\(key) \(report[key].map { "\($0)" } ?? "-")")
        }
    }

    static func check(_ report: [String: Any], failOnLeak: Bool) throws {
        let leaked = report["leaked"] as? Int ?? 0
        if failOnLeak, leaked > 0 { throw LabError.leaked(leaked) }
    }

    struct Start: LabCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the capture on the router; with --interval-ms, also a probe set from the client every N ms until stop."
        )
        @Option(help: "Send a probe set every N milliseconds (1-60000) until `stop`.") var intervalMs: Int?

        func validate() throws {
            if let intervalMs, !(1...60000).contains(intervalMs) { throw ValidationError("--interval-ms must be 1 to 60000") }
        }

        func execute(_ lab: Lab) throws {
            try Preflight.requireRoot()
            _ = try lab.requireUp()
            try LeakCheck(state: lab.state).start(intervalMilliseconds: intervalMs)
        }
    }

    struct Probe: LabCommand {
        static let configuration = CommandConfiguration(abstract: "Send one probe set from the client, while a capture runs.")

        func execute(_ lab: Lab) throws {
            try Preflight.requireRoot()
            _ = try lab.requireUp()
            try LeakCheck(state: lab.state).probe()
        }
    }

    struct Stop: LabCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the stream, make sure the capture has seen everything sent, and report which probes it saw."
        )
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Exit with status 1 when any probe was seen.") var failOnLeak = false

        func execute(_ lab: Lab) throws {
            try Preflight.requireRoot()
            let report = try LeakCheck(state: lab.state).stop()
            try LeakCheckCommand.print(report, json: json)
            try LeakCheckCommand.check(report, failOnLeak: failOnLeak)
        }
    }

    struct Once: LabCommand {
        static let configuration = CommandConfiguration(abstract: "start, one probe set, stop: which probes leave the client now.")
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Exit with status 1 when any probe was seen.") var failOnLeak = false

        func execute(_ lab: Lab) throws {
            try Preflight.requireRoot()
            _ = try lab.requireUp()
            let check = LeakCheck(state: lab.state)
            try check.start(intervalMilliseconds: nil)
            try check.probe()
            let report = try check.stop()
            try LeakCheckCommand.print(report, json: json)
            try LeakCheckCommand.check(report, failOnLeak: failOnLeak)
        }
    }
}
