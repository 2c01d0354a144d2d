import ArgumentParser
import Control

struct DisconnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disconnect",
        abstract: "Disconnect, removing everything the tunnel set up (and the block, unless lockdown is on)."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            // As status: the daemon's whereabouts only, and a daemon started
            // if none runs, since a crashed one's block stays in the kernel
            // until a daemon removes it.
            let context = try Context(options: options)
            context.warnIfIncomplete()
            let report = try await context.daemon.call(ControlMethods.Disconnect.self, startIfNeeded: true)
            try StatusOutput.print(report, json: options.json)
        }
    }
}
