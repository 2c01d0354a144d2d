/// One of the three protection settings, as `vpnctl set` names it
/// (`kill-switch`) and as the configuration and JSON name it
/// (`kill_switch`, the raw value).
public enum ProtectionSetting: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case killSwitch = "kill_switch"
    case lockdown
    case allowLAN = "allow_lan"

    /// The name on the command line: `kill-switch`, `lockdown`, `allow-lan`.
    public var commandName: String { String(rawValue.map { $0 == "_" ? "-" : $0 }) }

    /// From the command-line name or the configuration's key.
    public init?(name: String) {
        guard let setting = Self.allCases.first(where: { $0.commandName == name || $0.rawValue == name }) else { return nil }
        self = setting
    }

    public var description: String { commandName }
}
