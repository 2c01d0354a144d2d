import FoundationEssentials
import Glibc
import VPNCore

/// Reads `config.toml`. Kept apart from `Configuration` so the model stays a
/// plain value and the TOML details stay here. Unknown keys are errors: a
/// misspelt `kill_swich` must not silently leave the kill switch off.
public enum ConfigurationParser {
    static let topLevelKeys = [
        "api_url", "directory_public_key", "ca_file", "account_token_file",
        "state_dir", "cache_dir", "runtime_dir", "plugin_path", "connection",
    ]
    static let connectionKeys = ["protocol", "allow_insecure", "kill_switch", "lockdown", "allow_lan"]

    public static func load(path: String) throws(ConfigurationError) -> Configuration {
        try parse(try read(path: path), path: path)
    }

    /// Only what reaching the daemon takes: the state and runtime
    /// directories. The provider settings (`api_url`,
    /// `directory_public_key`) and `[connection]` are not looked at, so a
    /// user who broke those while connected can still see and end the
    /// connection; a misspelt key is still an error, as it may be a
    /// misspelt `runtime_dir`.
    public static func loadLocal(path: String) throws(ConfigurationError) -> LocalDirectories {
        let reader = try reader(for: try read(path: path), path: path)
        try reader.rejectUnknownKeys(allowed: topLevelKeys)
        var directories = LocalDirectories()
        if let directory = try reader.optionalPath("state_dir") { directories.stateDirectory = directory }
        if let directory = try reader.optionalPath("runtime_dir") { directories.runtimeDirectory = directory }
        return directories
    }

    private static func read(path: String) throws(ConfigurationError) -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileMissing(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied or not a file")
        }
        guard data.count <= 1 << 20 else { throw .unreadable(path: path, reason: "larger than 1 MiB") }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(path: path, reason: "not UTF-8 text") }
        return text
    }

    private static func reader(for text: String, path: String) throws(ConfigurationError) -> TableReader {
        let table: TOMLTable
        do throws(TOMLParser.Failure) {
            table = try TOMLParser.parse(text)
        } catch {
            throw .syntax(path: path, line: error.line, column: error.column, message: error.message)
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return TableReader(table: table, file: path, prefix: "", baseDirectory: base)
    }

    /// Relative paths in the file are taken from the file's own directory.
    public static func parse(_ text: String, path: String) throws(ConfigurationError) -> Configuration {
        let reader = try reader(for: text, path: path)
        try reader.rejectUnknownKeys(allowed: topLevelKeys)

        let apiURL = try reader.requiredString("api_url")
        guard apiURL.hasPrefix("https://") || apiURL.hasPrefix("file://") else {
            throw .invalidValue(path: path, key: "api_url", reason: "must start with https:// (or file:// for a local copy)")
        }
        guard !apiURL.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else {
            throw .invalidValue(path: path, key: "api_url", reason: "must not contain spaces or control characters")
        }
        let publicKey = try reader.requiredString("directory_public_key").trimmingWhitespace
        guard let raw = Data(base64Encoded: publicKey), raw.count == 32 else {
            throw .invalidValue(path: path, key: "directory_public_key", reason: "must be a base64 Ed25519 public key (32 bytes)")
        }
        var configuration = Configuration(apiURL: apiURL.hasSuffix("/") ? apiURL : apiURL + "/", directoryPublicKey: publicKey)
        configuration.caFile = try reader.optionalPath("ca_file")
        configuration.accountTokenFile = try reader.optionalPath("account_token_file")
        if let directory = try reader.optionalPath("state_dir") { configuration.stateDirectory = directory }
        if let directory = try reader.optionalPath("cache_dir") { configuration.cacheDirectory = directory }
        if let directory = try reader.optionalPath("runtime_dir") { configuration.runtimeDirectory = directory }
        if let paths = try reader.optionalPathList("plugin_path") { configuration.pluginPath = paths }

        if let connection = try reader.optionalTable("connection") {
            try connection.rejectUnknownKeys(allowed: connectionKeys)
            if let text = try connection.optionalString("protocol") {
                guard let preference = ProtocolPreference(text) else {
                    throw .invalidValue(path: path, key: "connection.protocol", reason: "must be auto or a protocol name such as wireguard, openvpn-udp, openvpn-tcp or l2tp-ipsec")
                }
                configuration.connection.protocolPreference = preference
            }
            // Read (a wrong type is still an error) and no longer used: plain
            // L2TP is allowed for one connect at a time (`vpnctl connect
            // --allow-insecure`), never for every connect from a file.
            _ = try connection.optionalBool("allow_insecure")
            if let flag = try connection.optionalBool("kill_switch") { configuration.connection.protection.killSwitch = flag }
            if let flag = try connection.optionalBool("lockdown") { configuration.connection.protection.lockdown = flag }
            if let flag = try connection.optionalBool("allow_lan") { configuration.connection.protection.allowLAN = flag }
        }
        return configuration
    }
}

extension String {
    /// Without the spaces and tabs around it: a key pasted with them is the same key.
    fileprivate var trimmingWhitespace: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}
