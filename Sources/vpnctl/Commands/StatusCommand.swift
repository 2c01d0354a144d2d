import ArgumentParser
import Control

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the connection: state, server, protocol and why.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let context = try Context(options: options)
            let report = try await context.daemon.statusUnlessIdle(.status)
            try StatusOutput.print(report, json: options.json)
        }
    }
}
