import VPNCore

/// `kill_switch` in `status --json`: `{"enabled", "lockdown", "allow_lan"}`.
public struct KillSwitchReport: Sendable, Hashable, Codable {
    public var enabled: Bool
    public var lockdown: Bool
    public var allowLAN: Bool

    public init(_ settings: ProtectionSettings) {
        enabled = settings.killSwitch
        lockdown = settings.lockdown
        allowLAN = settings.allowLAN
    }

    enum CodingKeys: String, CodingKey {
        case enabled, lockdown
        case allowLAN = "allow_lan"
    }
}
