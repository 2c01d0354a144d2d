import ArgumentParser
import Control

struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Find out what the router in front of this machine lets through, and which protocols will work."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Probe toward this location's server (as connect takes it); default: the fastest.")
    var location: String?

    @Flag(name: .long, help: "Probe now, ignoring this network's recent report.")
    var fresh = false

    func run() async throws {
        try await reportingFailures {
            let context = try Context(options: options)
            // The daemon works from the whole configuration: a broken one is
            // named here (exit 78), not as a daemon that would not start.
            _ = try context.configuration()
            let report = try await context.daemon.call(ControlMethods.Probe.self, ProbeRequest(location: location, fresh: fresh), startIfNeeded: true)
            try ProbeOutput.print(report, json: options.json)
        }
    }
}
