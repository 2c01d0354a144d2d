import Directory
import Foundation
import VPNCore

/// What `settings.json` holds: the settings the user set, each optional.
struct StoredSettings: Sendable, Hashable, Codable {
    var killSwitch: Bool?
    var lockdown: Bool?
    var allowLAN: Bool?

    /// In place of a damaged file: the kill switch on, never weaker than
    /// the safe default. Lockdown and LAN access stay the configuration's:
    /// the kill switch blocks only while a tunnel is wanted, but lockdown
    /// would block a machine whose user never asked for it, without a word
    /// of why.
    static let safeReplacement = StoredSettings(killSwitch: true)

    subscript(setting: ProtectionSetting) -> Bool? {
        get {
            switch setting {
            case .killSwitch: killSwitch
            case .lockdown: lockdown
            case .allowLAN: allowLAN
            }
        }
        set {
            switch setting {
            case .killSwitch: killSwitch = newValue
            case .lockdown: lockdown = newValue
            case .allowLAN: allowLAN = newValue
            }
        }
    }

    func applied(to defaults: ProtectionSettings) -> ProtectionSettings {
        var settings = defaults
        for setting in ProtectionSetting.allCases {
            if let value = self[setting] { settings[setting] = value }
        }
        return settings
    }

    /// From the parsed file. Keys of a later version are let through
    /// (and not kept when the file is next written).
    static func from(_ document: JSONValue) -> Result<StoredSettings, SettingsFileDamage> {
        guard case let .object(object) = document else { return .failure(.notAnObject(found: document.kindDescription)) }
        var stored = StoredSettings()
        for setting in ProtectionSetting.allCases {
            switch object[setting.rawValue] {
            case nil: continue
            case let .bool(value)?: stored[setting] = value
            case let other?: return .failure(.wrongType(key: setting.rawValue, found: other.kindDescription))
            }
        }
        return .success(stored)
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8)) + [0x0A]
    }

    enum CodingKeys: String, CodingKey {
        case killSwitch = "kill_switch"
        case lockdown
        case allowLAN = "allow_lan"
    }
}
