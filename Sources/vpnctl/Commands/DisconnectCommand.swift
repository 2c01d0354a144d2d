import ArgumentParser
import Control

struct DisconnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disconnect", abstract: "Disconnect, removing everything the tunnel set up.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let context = try Context(options: options)
            let report = try await context.daemon.statusUnlessIdle(.disconnect)
            try StatusOutput.print(report, json: options.json)
        }
    }
}
