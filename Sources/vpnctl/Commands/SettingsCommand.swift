import ArgumentParser
import Control

struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Show the kill switch, lockdown and allow-LAN settings in force."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let context = try Context(options: options)
            context.warnIfIncomplete()
            let report = try await context.daemon.call(ControlMethods.Settings.self, startIfNeeded: true)
            try SettingsOutput.print(report, json: options.json)
        }
    }
}
