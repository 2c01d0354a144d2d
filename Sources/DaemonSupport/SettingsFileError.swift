import Foundation

/// A problem with `settings.json`, as a sentence for the user.
public enum SettingsFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Found when loading: the file was not used, but replaced by the
    /// configuration's settings with the kill switch on.
    case damaged(path: String, damage: SettingsFileDamage, keptAs: String?)
    /// `vpnctl set` could not be kept; nothing changed.
    case cannotWrite(path: String, errno: Int32)

    public var description: String {
        switch self {
        case let .damaged(path, damage, keptAs):
            "The settings file \(path) was not used: \(damage)"
                + (keptAs.map { ". It was kept as \($0)" } ?? "")
                + ". The configuration's settings apply, with the kill switch on; check them with vpnctl settings and change them with vpnctl set."
        case let .cannotWrite(path, code):
            "Cannot save the settings to \(path): \(String(cString: strerror(code))); check state_dir and its permissions. Nothing was changed."
        }
    }
}
