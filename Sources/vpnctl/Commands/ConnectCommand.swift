import ArgumentParser
import Control

struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Connect to a location (or the fastest one), with the protocol that will work."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "A location id, country code, country, city, alias or server id; default: fastest.")
    var location: String?

    @Option(name: .customLong("protocol"), help: "auto, wireguard, openvpn-udp, openvpn-tcp or l2tp-ipsec (default: the configuration's, auto).")
    var protocolName: String?

    @Option(name: .long, help: "Seed for the server pick among near-equal ones (reproducible runs).")
    var seed: UInt64?

    func run() async throws {
        try await reportingFailures {
            let context = try Context(options: options)
            // The daemon works from the whole configuration: a broken one is
            // named here (exit 78), not as a daemon that would not start.
            _ = try context.configuration()
            let request = ConnectRequest(location: location, protocolName: protocolName, seed: seed)
            let report = try await context.daemon.call(ControlMethods.Connect.self, request, startIfNeeded: true)
            try StatusOutput.print(report, json: options.json)
        }
    }
}
