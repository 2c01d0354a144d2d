import VPNCore

/// The settings in `config.toml` (docs/architecture.md, Contracts →
/// Configuration), parsed and checked: paths are absolute, URLs are https
/// or file, the key is the right size.
public struct Configuration: Sendable, Hashable {
    public static let defaultPath = "/etc/vpnctl/config.toml"

    /// The provider API base, ending in `/`.
    public var apiURL: String
    /// Base64 Ed25519 public key that signs the server list.
    public var directoryPublicKey: String
    public var caFile: String?
    public var accountTokenFile: String?
    public var stateDirectory: String
    public var cacheDirectory: String
    public var runtimeDirectory: String
    public var pluginPath: [String]
    public var connection: ConnectionSettings

    public init(
        apiURL: String, directoryPublicKey: String, caFile: String? = nil, accountTokenFile: String? = nil,
        stateDirectory: String = "/var/lib/vpnctl", cacheDirectory: String = "/var/cache/vpnctl",
        runtimeDirectory: String = "/run/vpnctl", pluginPath: [String] = ["/usr/lib/vpnctl/plugins"],
        connection: ConnectionSettings = ConnectionSettings()
    ) {
        self.apiURL = apiURL
        self.directoryPublicKey = directoryPublicKey
        self.caFile = caFile
        self.accountTokenFile = accountTokenFile
        self.stateDirectory = stateDirectory
        self.cacheDirectory = cacheDirectory
        self.runtimeDirectory = runtimeDirectory
        self.pluginPath = pluginPath
        self.connection = connection
    }

    public var localDirectories: LocalDirectories {
        LocalDirectories(stateDirectory: stateDirectory, runtimeDirectory: runtimeDirectory)
    }
}

/// The `[connection]` table.
public struct ConnectionSettings: Sendable, Hashable {
    public var protocolPreference: ProtocolPreference
    /// `kill_switch`, `lockdown` and `allow_lan`: the file's values, which
    /// `vpnctl set` (kept by the daemon in `state_dir`) overrides.
    public var protection: ProtectionSettings

    public init(protocolPreference: ProtocolPreference = .automatic, protection: ProtectionSettings = ProtectionSettings()) {
        self.protocolPreference = protocolPreference
        self.protection = protection
    }
}

/// `auto`, or one protocol by name.
public enum ProtocolPreference: Sendable, Hashable, CustomStringConvertible {
    case automatic
    case only(ProtocolName)

    public init?(_ text: String) {
        if text == "auto" {
            self = .automatic
        } else if let name = ProtocolName(rawValue: text) {
            self = .only(name)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .automatic: "auto"
        case let .only(name): name.rawValue
        }
    }
}
