import VPNCore

/// `vpnctl servers [LOCATION]`: the servers, for the account's tier.
public struct ServersListing: Sendable, Hashable, Codable {
    public var tier: Tier
    public var servers: [ServerEntry]

    public init(tier: Tier, servers: [ServerEntry]) {
        self.tier = tier
        self.servers = servers
    }
}

/// One server as `vpnctl servers --json` prints it (README: JSON output).
public struct ServerEntry: Sendable, Hashable, Codable {
    public var id: String
    public var location: String
    public var hostname: String
    public var tier: Tier
    public var load: Int
    public var online: Bool
    public var protocols: [String]
    /// Whether the account's tier may use it.
    public var available: Bool

    public init(id: String, location: String, hostname: String, tier: Tier, load: Int, online: Bool, protocols: [String], available: Bool) {
        self.id = id
        self.location = location
        self.hostname = hostname
        self.tier = tier
        self.load = load
        self.online = online
        self.protocols = protocols
        self.available = available
    }
}
