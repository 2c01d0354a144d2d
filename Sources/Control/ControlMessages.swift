/// What the CLI asks the daemon, one request per connection. On the wire:
/// a JSON-RPC 2.0 request line, answered by one response line.
public enum ControlRequest: Sendable, Hashable {
    case connect(ConnectRequest)
    case disconnect
    case status
    case plugins
    case probe(ProbeRequest)
    /// The protection settings in force: answered with `.settings`.
    case settings
    /// Changes one; answered with `.settings`, the new settings and a notice.
    case set(SetRequest)
    /// The provider's data: locations, servers, a refresh, the account.
    case listing(ListingRequest)

    public var method: String {
        switch self {
        case .connect: "connect"
        case .disconnect: "disconnect"
        case .status: "status"
        case .plugins: "plugins"
        case .probe: "probe"
        case .settings: "settings"
        case .set: "set"
        case let .listing(request): request.method
        }
    }
}

public struct ConnectRequest: Sendable, Hashable, Codable {
    /// What the user typed; nil means `fastest`.
    public var location: String?
    /// `auto` or a protocol name; nil means the configured preference.
    public var protocolName: String?
    /// Makes the server pick reproducible (tests, benchmarks).
    public var seed: UInt64?
    /// For this connect only: plain L2TP (no IPsec) may be used.
    public var allowInsecure: Bool

    public init(location: String?, protocolName: String?, seed: UInt64? = nil, allowInsecure: Bool = false) {
        self.location = location
        self.protocolName = protocolName
        self.seed = seed
        self.allowInsecure = allowInsecure
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        location = try container.decodeIfPresent(String.self, forKey: .location)
        protocolName = try container.decodeIfPresent(String.self, forKey: .protocolName)
        seed = try container.decodeIfPresent(UInt64.self, forKey: .seed)
        allowInsecure = try container.decodeIfPresent(Bool.self, forKey: .allowInsecure) ?? false
    }

    enum CodingKeys: String, CodingKey {
        case location
        case protocolName = "protocol"
        case seed
        case allowInsecure = "allow_insecure"
    }
}

/// `vpnctl status --json`: the contract's fields (docs/architecture.md,
/// Contracts → JSON output).
public struct StatusReport: Sendable, Hashable, Codable {
    public var state: String
    public var location: String?
    public var server: String?
    public var protocolName: String?
    public var interface: String?
    public var addresses: [String]
    /// Why this server and protocol were chosen.
    public var reason: String?
    public var error: String?
    /// Bytes through the tunnel, as its plugin counts them, while connected.
    public var receivedBytes: UInt64?
    public var sentBytes: UInt64?
    /// Every protocol tried for this connection, in order, with how it went
    /// (with protocol `auto`, earlier ones failed and the last is the one up).
    public var attempts: [AttemptReport]
    /// Protocols not tried, each with why (a blocking router: which setting to change).
    public var skipped: [SkippedReport]
    /// Whether traffic outside the tunnel is being stopped now. Optional
    /// only for daemons older than the kill switch, which do not say.
    public var blocking: Bool?
    /// The protection settings in force (nil from such older daemons).
    public var killSwitch: KillSwitchReport?

    public init(state: String, location: String? = nil, server: String? = nil, protocolName: String? = nil,
                interface: String? = nil, addresses: [String] = [], reason: String? = nil, error: String? = nil,
                receivedBytes: UInt64? = nil, sentBytes: UInt64? = nil, attempts: [AttemptReport] = [], skipped: [SkippedReport] = [],
                blocking: Bool? = nil, killSwitch: KillSwitchReport? = nil) {
        self.state = state
        self.location = location
        self.server = server
        self.protocolName = protocolName
        self.interface = interface
        self.addresses = addresses
        self.reason = reason
        self.error = error
        self.receivedBytes = receivedBytes
        self.sentBytes = sentBytes
        self.attempts = attempts
        self.skipped = skipped
        self.blocking = blocking
        self.killSwitch = killSwitch
    }

    enum CodingKeys: String, CodingKey {
        case state, location, server, interface, addresses, reason, error, attempts, skipped, blocking
        case killSwitch = "kill_switch"
        case protocolName = "protocol"
        case receivedBytes = "rx_bytes"
        case sentBytes = "tx_bytes"
    }
}

/// `vpnctl plugins`: each plugin found and whether it can run here.
public struct PluginReport: Sendable, Hashable, Codable {
    public var name: String
    public var protocols: [String]
    public var usable: Bool
    public var notes: [String]
    public var source: String

    public init(name: String, protocols: [String], usable: Bool, notes: [String], source: String) {
        self.name = name
        self.protocols = protocols
        self.usable = usable
        self.notes = notes
        self.source = source
    }
}

public struct PluginsReport: Sendable, Hashable, Codable {
    public var plugins: [PluginReport]
    /// Descriptors that were skipped, one sentence each.
    public var problems: [String]

    public init(plugins: [PluginReport], problems: [String]) {
        self.plugins = plugins
        self.problems = problems
    }
}

/// A refused request: a sentence for the user and how the CLI should end.
/// On the wire the status is the number, as `code`.
public struct ControlFailure: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var status: ExitStatus
    public var message: String

    public init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    enum CodingKeys: String, CodingKey {
        case status = "code"
        case message
    }
}
