import ArgumentParser
import Control

struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plugins", abstract: "List the protocol plugins found and whether each can run here.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let context = try Context(options: options)
            // The daemon works from the whole configuration: a broken one is
            // named here (exit 78), not as a daemon that would not start.
            _ = try context.configuration()
            let report = try await context.daemon.call(ControlMethods.Plugins.self, startIfNeeded: true)
            if options.json {
                try JSONOutput.print(report)
                return
            }
            for plugin in report.plugins {
                let verdict = plugin.usable ? "usable" : "not usable"
                Console.print("\(plugin.name): \(plugin.protocols.joined(separator: ", ")) — \(verdict)" + (plugin.notes.isEmpty ? "" : " (\(plugin.notes.joined(separator: "; ")))"))
            }
            if report.plugins.isEmpty { Console.print("No plugins found.") }
            report.problems.forEach { Console.warn($0) }
        }
    }
}
