import VPNCore

/// `vpnctl settings --json` and the answer to `set`: the protection
/// settings in force (the configuration's, with `vpnctl set`'s over them).
public struct SettingsReport: Sendable, Hashable, Codable {
    public var killSwitch: Bool
    public var lockdown: Bool
    public var allowLAN: Bool
    /// After `set`: what the change means, for the CLI to print
    /// (`ProtectionSettings.notice(after:)`).
    public var notice: String?
    /// The settings file was damaged and replaced (`SettingsFileError`).
    public var problem: String?

    public init(_ settings: ProtectionSettings, notice: String? = nil, problem: String? = nil) {
        killSwitch = settings.killSwitch
        lockdown = settings.lockdown
        allowLAN = settings.allowLAN
        self.notice = notice
        self.problem = problem
    }

    public var settings: ProtectionSettings {
        ProtectionSettings(killSwitch: killSwitch, lockdown: lockdown, allowLAN: allowLAN)
    }

    enum CodingKeys: String, CodingKey {
        case killSwitch = "kill_switch"
        case lockdown
        case allowLAN = "allow_lan"
        case notice, problem
    }
}
