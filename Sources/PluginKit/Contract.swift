import JSONRPC

/// The messages of the plugin contract, version 1 (docs/plugin-contract.md).
/// Field names on the wire are snake_case.
public enum Contract {
    public static let version = 1

    /// The host's requests, each with its params and result types.
    public enum Initialize: RPCMethod {
        public typealias Params = InitializeParams
        public typealias Result = InitializeResult
        public static let name = "initialize"
    }

    public enum Connect: RPCMethod {
        public typealias Params = ConnectParams
        public typealias Result = TunnelState
        public static let name = "connect"
    }

    public enum Status: RPCMethod {
        public typealias Params = StatusParams
        public typealias Result = TunnelState
        public static let name = "status"
    }

    public enum Disconnect: RPCMethod {
        public typealias Params = DisconnectParams
        public typealias Result = TunnelState
        public static let name = "disconnect"
    }

    /// The plugin's notifications, each with its params type.
    public enum StateNotification: RPCNotification {
        public typealias Params = TunnelState
        public static let name = "state"
    }

    public enum StatsNotification: RPCNotification {
        public typealias Params = TunnelStats
        public static let name = "stats"
    }

    public enum LogNotification: RPCNotification {
        public typealias Params = LogEntry
        public static let name = "log"
    }
}

public struct InitializeParams: Sendable, Hashable, Codable {
    public var contractVersion: Int
    public var hostVersion: String

    public init(contractVersion: Int = Contract.version, hostVersion: String) {
        self.contractVersion = contractVersion
        self.hostVersion = hostVersion
    }

    enum CodingKeys: String, CodingKey {
        case contractVersion = "contract_version"
        case hostVersion = "host_version"
    }
}

public struct InitializeResult: Sendable, Hashable, Codable {
    public var contractVersion: Int
    public var name: String
    public var protocols: [String]
    /// Whether the plugin can run here, and if not why ("kernel module
    /// missing, using wireguard-go" is still usable; "no /dev/ppp" is not).
    public var usable: Bool
    public var notes: [String]

    public init(contractVersion: Int = Contract.version, name: String, protocols: [String], usable: Bool = true, notes: [String] = []) {
        self.contractVersion = contractVersion
        self.name = name
        self.protocols = protocols
        self.usable = usable
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case contractVersion = "contract_version"
        case name, protocols, usable, notes
    }
}

/// Where to connect and with what. Secrets (keys, PSKs, passwords) are in
/// `credentials` and travel only over the plugin's stdin.
public struct ConnectParams: Sendable, Hashable, Codable {
    public var protocolName: String
    public var server: ServerEndpoint
    /// The protocol's parameters from the signed server list, by the names
    /// `ProtocolParameter` documents (a third-party protocol may bring others).
    public var parameters: [String: String]
    public var credentials: Credentials
    public var options: ConnectOptions

    public init(protocolName: String, server: ServerEndpoint, parameters: [String: String] = [:], credentials: Credentials = Credentials(), options: ConnectOptions = ConnectOptions()) {
        self.protocolName = protocolName
        self.server = server
        self.parameters = parameters
        self.credentials = credentials
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case protocolName = "protocol"
        case server, parameters, credentials, options
    }
}

extension ConnectParams {
    /// A parameter from the signed list, by its documented name.
    public func parameter(_ name: ProtocolParameter) -> String? {
        parameters[name.rawValue]
    }
}

/// The names of the parameters the signed server list gives the built-in
/// protocols (docs/plugin-contract.md): one spelling for the daemon, the
/// plugins and anyone writing one.
public enum ProtocolParameter: String, Sendable, CaseIterable {
    /// WireGuard: the server's public key (base64).
    case publicKey = "public_key"
    /// OpenVPN: the CA certificate (PEM).
    case ca
    /// OpenVPN: the tls-crypt key (PEM), optional.
    case tlsCrypt = "tls_crypt"
    /// L2TP/IPsec: the pre-shared key.
    case ipsecPSK = "ipsec_psk"
}

/// What this machine brings to a connect: secrets and its own addresses.
/// Sent over the plugin's stdin only; its description never shows a secret.
public struct Credentials: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    /// WireGuard: this device's private key (base64).
    public var privateKey: String?
    /// WireGuard: the tunnel address the provider gave this device, with prefix.
    public var address: String?
    /// WireGuard: the IPv6 one, only when the server carries IPv6.
    public var address6: String?
    /// OpenVPN, L2TP: the login (`vpnctl`) and the account token.
    public var username: String?
    public var password: String?

    public init(privateKey: String? = nil, address: String? = nil, address6: String? = nil, username: String? = nil, password: String? = nil) {
        self.privateKey = privateKey
        self.address = address
        self.address6 = address6
        self.username = username
        self.password = password
    }

    public var description: String {
        let present = [("private_key", privateKey), ("address", address), ("address6", address6), ("username", username), ("password", password)]
            .compactMap { $0.1 == nil ? nil : $0.0 }
        return "Credentials(\(present.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }

    enum CodingKeys: String, CodingKey {
        case privateKey = "private_key"
        case address, address6, username, password
    }
}

public struct ServerEndpoint: Sendable, Hashable, Codable {
    public var id: String
    public var hostname: String
    public var address: String
    public var port: Int
    public var transport: String

    public init(id: String, hostname: String, address: String, port: Int, transport: String) {
        self.id = id
        self.hostname = hostname
        self.address = address
        self.port = port
        self.transport = transport
    }
}

public struct ConnectOptions: Sendable, Hashable, Codable {
    public var interfaceName: String?
    public var mtu: Int?
    public var dns: [String]
    public var allowInsecure: Bool

    public init(interfaceName: String? = nil, mtu: Int? = nil, dns: [String] = [], allowInsecure: Bool = false) {
        self.interfaceName = interfaceName
        self.mtu = mtu
        self.dns = dns
        self.allowInsecure = allowInsecure
    }

    enum CodingKeys: String, CodingKey {
        case interfaceName = "interface_name"
        case mtu, dns
        case allowInsecure = "allow_insecure"
    }
}

/// What a plugin reports of its tunnel, in `status` answers and `state`
/// notifications.
public struct TunnelState: Sendable, Hashable, Codable {
    public enum Phase: String, Sendable, Hashable, Codable {
        case connecting, connected, disconnecting, disconnected, error
    }

    public var phase: Phase
    public var interface: String?
    public var addresses: [String]
    public var reason: String?
    public var stats: TunnelStats?

    public init(phase: Phase, interface: String? = nil, addresses: [String] = [], reason: String? = nil, stats: TunnelStats? = nil) {
        self.phase = phase
        self.interface = interface
        self.addresses = addresses
        self.reason = reason
        self.stats = stats
    }

    enum CodingKeys: String, CodingKey {
        case phase = "state"
        case interface, addresses, reason, stats
    }
}

public struct TunnelStats: Sendable, Hashable, Codable {
    public var receivedBytes: UInt64
    public var sentBytes: UInt64

    public init(receivedBytes: UInt64, sentBytes: UInt64) {
        self.receivedBytes = receivedBytes
        self.sentBytes = sentBytes
    }

    enum CodingKeys: String, CodingKey {
        case receivedBytes = "rx_bytes"
        case sentBytes = "tx_bytes"
    }
}

public struct LogEntry: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Hashable, Codable { case debug, info, warning, error }
    public var level: Level
    public var message: String

    public init(level: Level, message: String) {
        self.level = level
        self.message = message
    }
}

/// `disconnect`'s parameters. A plugin started fresh after a crash gets the
/// interface the previous instance left, to remove it.
public struct DisconnectParams: Sendable, Hashable, Codable {
    public var interface: String?

    public init(interface: String? = nil) {
        self.interface = interface
    }
}

/// `status` takes no parameters; sent as `{}`.
public struct StatusParams: Sendable, Hashable, Codable {
    public init() {}
}
