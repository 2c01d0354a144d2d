import Control
import VPNCore

/// `vpnctl settings` (and `set --json`): a table with what each setting
/// does, or the report as JSON.
enum SettingsOutput {
    static func print(_ report: SettingsReport, json: Bool) throws {
        if let problem = report.problem { Console.warn(problem) }
        if json {
            try JSONOutput.print(report)
            return
        }
        var table = TextTable("SETTING", "VALUE", "WHAT IT DOES")
        for setting in ProtectionSetting.allCases {
            table.add(setting.commandName, report.settings[setting] ? "on" : "off", meaning(of: setting))
        }
        Console.print(table.rendered)
    }

    static func meaning(of setting: ProtectionSetting) -> String {
        switch setting {
        case .killSwitch: "blocks traffic outside the tunnel while connecting, after a failure and if the tunnel dies"
        case .lockdown: "blocks it also while disconnected, until turned off"
        case .allowLAN: "keeps the local network reachable while blocking"
        }
    }
}
