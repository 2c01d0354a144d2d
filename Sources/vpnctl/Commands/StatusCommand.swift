import ArgumentParser
import Control

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the connection: state, server, protocol and why; whether traffic is blocked, and the kill switch."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            // Only the daemon's whereabouts: a broken server-list setting
            // must not hide the connection (issue 10, point 8).
            let context = try Context(options: options)
            context.warnIfIncomplete()
            // A daemon is started if none runs: after a crash, only a
            // daemon can tell whether the block it left is still there.
            let report = try await context.daemon.call(ControlMethods.Status.self, startIfNeeded: true)
            try StatusOutput.print(report, json: options.json)
        }
    }
}
