import VPNCore

/// `vpnctl set kill-switch|lockdown|allow-lan on|off`. On the wire:
/// `{"setting": "kill_switch", "enabled": false}`.
public struct SetRequest: Sendable, Hashable, Codable {
    public var setting: ProtectionSetting
    public var enabled: Bool

    public init(setting: ProtectionSetting, enabled: Bool) {
        self.setting = setting
        self.enabled = enabled
    }
}
