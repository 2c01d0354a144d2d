import ArgumentParser
import Control

struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Fetch the server list now and check its signature."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let summary = try await Context(options: options).ask(ControlMethods.Refresh.self)
            if options.json {
                try JSONOutput.print(summary)
            } else {
                let what = "\(summary.servers) servers in \(summary.locations) locations"
                Console.print(summary.status == .updated ? "Server list updated: \(what)." : "Server list is current: \(what).")
            }
        }
    }
}
