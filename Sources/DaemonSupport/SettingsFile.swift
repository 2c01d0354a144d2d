import Directory
import Foundation
import SystemSupport
import VPNCore
#if canImport(Glibc)
import Glibc
#endif

/// `state_dir/settings.json`: the protection settings changed with
/// `vpnctl set`, which win over `config.toml` (docs/architecture.md,
/// Contracts → Configuration).
/// The file holds only the settings the user set, as
/// `{"kill_switch": false}`, so an edit of `config.toml` still counts for
/// the others. Written 0600 and atomically (SystemSupport's `PrivateFile`): a crash leaves
/// the old file or the new one.
///
/// A file that cannot be trusted (not JSON, wrong types, truncated, huge,
/// not a regular file, writable by others) never stops the daemon: it is
/// kept aside as `settings.json.damaged`, replaced by the safe settings, and
/// reported once, as a sentence.
public struct SettingsFile: Sendable {
    public static let name = "settings.json"
    /// Three booleans take some 60 bytes; anything near this is not ours.
    static let sizeLimit = 4096

    public let path: String

    public init(stateDirectory: String) {
        path = "\(stateDirectory)/\(Self.name)"
    }

    /// Where a damaged file is kept for a look.
    public var damagedPath: String { path + ".damaged" }

    public struct Loaded: Sendable, Hashable {
        public var settings: ProtectionSettings
        /// Set when the file was damaged and replaced: tell the user (log,
        /// `vpnctl settings`).
        public var problem: SettingsFileError?
    }

    /// The settings in force: `defaults` (the configuration's) with what
    /// `vpnctl set` stored over them. No file: the defaults.
    public func load(defaults: ProtectionSettings) -> Loaded {
        let (stored, problem) = storedOrReplaced()
        return Loaded(settings: stored.applied(to: defaults), problem: problem)
    }

    /// Stores `setting` = `value` (kept even where it equals the
    /// configuration's value: the user said so) and returns the settings
    /// now in force. On failure nothing changed.
    @discardableResult
    public func set(_ setting: ProtectionSetting, to value: Bool, defaults: ProtectionSettings) throws(SettingsFileError) -> ProtectionSettings {
        var (stored, _) = storedOrReplaced()
        stored[setting] = value
        try write(stored)
        return stored.applied(to: defaults)
    }

    /// The stored settings; a damaged file is moved aside and replaced by
    /// the safe ones.
    private func storedOrReplaced() -> (StoredSettings, SettingsFileError?) {
        let damage: SettingsFileDamage
        switch read() {
        case let .success(stored): return (stored ?? StoredSettings(), nil)
        case let .failure(found): damage = found
        }
        // Kept aside rather than deleted: it is the only evidence of what
        // went wrong. Replaced so that it is reported once, not at every start.
        let keptAs = rename(path, damagedPath) == 0 ? damagedPath : nil
        try? write(StoredSettings.safeReplacement)
        return (StoredSettings.safeReplacement, .damaged(path: path, damage: damage, keptAs: keptAs))
    }

    /// nil: no file.
    private func read() -> Result<StoredSettings?, SettingsFileDamage> {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            return errno == ENOENT ? .success(nil) : .failure(.unreadable(errno: errno))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.notARegularFile) }
        // Whoever can write it can turn the kill switch off.
        guard info.st_mode & 0o022 == 0 else { return .failure(.writableByOthers(mode: info.st_mode & 0o7777)) }
        guard Int(info.st_size) <= Self.sizeLimit else { return .failure(.tooLarge(bytes: Int(info.st_size), limit: Self.sizeLimit)) }
        let bytes: [UInt8]
        do throws(PrivateFileError) {
            guard let read = try PrivateFile.read(path, limit: Self.sizeLimit) else { return .success(nil) }
            bytes = read
        } catch {
            switch error {
            case let .cannotRead(_, code), let .cannotWrite(_, code): return .failure(.unreadable(errno: code))
            case .tooLarge: return .failure(.tooLarge(bytes: Self.sizeLimit + 1, limit: Self.sizeLimit))
            case .notPrivate: return .failure(.unreadable(errno: EPERM))
            }
        }
        let document: JSONValue
        do throws(JSONParseError) {
            document = try JSONParser.parse(bytes)
        } catch {
            return .failure(.notJSON(error))
        }
        return StoredSettings.from(document).map { Optional($0) }
    }

    private func write(_ stored: StoredSettings) throws(SettingsFileError) {
        let directory = (path as NSString).deletingLastPathComponent
        do throws(PrivateFileError) {
            try PrivateFile.ensureDirectory(directory)
            try PrivateFile.write(stored.encoded(), to: path, mode: 0o600)
        } catch {
            switch error {
            case let .cannotWrite(_, code), let .cannotRead(_, code): throw .cannotWrite(path: path, errno: code)
            case .tooLarge: throw .cannotWrite(path: path, errno: EIO)
            case .notPrivate: throw .cannotWrite(path: path, errno: EPERM)
            }
        }
    }
}
