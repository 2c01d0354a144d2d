/// What the CLI asks of the provider's data: the daemon alone fetches,
/// caches and verifies it, and alone reads the account's token.
public enum ListingRequest: Sendable, Hashable {
    /// Every location, with what this account may use.
    case locations
    /// The servers of one location (or all, without one).
    case servers(ServersRequest)
    /// The server list fetched now and its signature checked.
    case refresh
    /// The account's tier and devices, asked of the provider now.
    case account

    public var method: String {
        switch self {
        case .locations: "locations"
        case .servers: "servers"
        case .refresh: "refresh"
        case .account: "account"
        }
    }
}

public struct ServersRequest: Sendable, Hashable, Codable {
    /// What the user typed: a location id, country, city, alias or server id.
    public var location: String?

    public init(location: String?) {
        self.location = location
    }
}
