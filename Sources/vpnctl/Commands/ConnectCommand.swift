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

    @Flag(name: .long, help: "For this connect only, allow L2TP without IPsec: its PPP session, this device's L2TP password and all traffic then cross the network unencrypted.")
    var allowInsecure = false

    func run() async throws {
        try await reportingFailures {
            let context = try Context(options: options)
            // The daemon works from the whole configuration: a broken one is
            // named here (exit 78), not as a daemon that would not start.
            _ = try context.configuration()
            if allowInsecure {
                Console.warn("--allow-insecure: should L2TP be used without IPsec, the PPP session, this device's L2TP password and all traffic cross the network unencrypted, readable and changeable by anyone on the way; for this connect only")
            }
            let request = ConnectRequest(location: location, protocolName: protocolName, seed: seed, allowInsecure: allowInsecure)
            let report = try await context.daemon.call(ControlMethods.Connect.self, request, startIfNeeded: true)
            try StatusOutput.print(report, json: options.json)
        }
    }
}
