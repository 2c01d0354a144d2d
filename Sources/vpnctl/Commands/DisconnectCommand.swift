import ArgumentParser
import Control

struct DisconnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disconnect", abstract: "Disconnect, removing everything the tunnel set up.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let context = try Context(options: options)
            guard ControlClient.isListening(at: context.daemon.socketPath) else {
                try StatusOutput.print(StatusReport(state: "disconnected"), json: options.json)
                return
            }
            let report = try await context.daemon.send(.disconnect, expecting: StatusReport.self, startIfNeeded: false)
            try StatusOutput.print(report, json: options.json)
        }
    }
}
