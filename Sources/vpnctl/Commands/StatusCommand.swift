import ArgumentParser
import Control

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the connection: state, server, protocol and why.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let context = try Context(options: options)
            // No daemon means nothing is connected; do not start one to say so.
            guard ControlClient.isListening(at: context.daemon.socketPath) else {
                try StatusOutput.print(StatusReport(state: "disconnected"), json: options.json)
                return
            }
            let report = try await context.daemon.send(.status, expecting: StatusReport.self, startIfNeeded: false)
            try StatusOutput.print(report, json: options.json)
        }
    }
}
