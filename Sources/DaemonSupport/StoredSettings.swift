import Directory
import Foundation
import VPNCore

/// What `settings.json` holds: the settings the user set, and only those.
struct StoredSettings: Sendable, Hashable {
    var values: [ProtectionSetting: Bool] = [:]

    /// In place of a damaged file: the kill switch on, never weaker than
    /// the safe default. Lockdown and LAN access stay the configuration's:
    /// the kill switch blocks only while a tunnel is wanted, but lockdown
    /// would block a machine whose user never asked for it, without a word
    /// of why.
    static let safeReplacement = StoredSettings(values: [.killSwitch: true])

    subscript(setting: ProtectionSetting) -> Bool? {
        get { values[setting] }
        set { values[setting] = newValue }
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

    /// `{"kill_switch": true, ...}`, keys sorted, the settings' own names.
    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let named = Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
        return Array((try? encoder.encode(named)) ?? Data("{}".utf8)) + [0x0A]
    }
}
