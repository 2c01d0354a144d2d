import ArgumentParser
import Control
import VPNCore

struct SetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Turn the kill switch, lockdown or LAN access on or off; kept by the daemon, over the configuration file.",
        discussion: """
        kill-switch: block traffic outside the tunnel while connecting, after a failure and if the tunnel dies (default on). \
        lockdown: block it also while disconnected, until lockdown is turned off (default off). \
        allow-lan: keep the local network reachable while blocking (default on).
        """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The setting to change.")
    var setting: ProtectionSetting

    @Argument(help: "Its new value.")
    var value: OnOff

    func run() async throws {
        try await reportingFailures {
            let context = try Context(options: options)
            context.warnIfIncomplete()
            let request = SetRequest(setting: setting, enabled: value == .on)
            let report = try await context.daemon.call(ControlMethods.Set.self, request, startIfNeeded: true)
            if options.json {
                try SettingsOutput.print(report, json: true)
                return
            }
            let now = report.settings[setting]
            Console.print("\(setting.commandName) is \(now ? "on" : "off").")
            if let notice = report.notice { Console.print(notice) }
            if let problem = report.problem { Console.warn(problem) }
        }
    }
}
