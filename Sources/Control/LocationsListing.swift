import VPNCore

/// `vpnctl locations`: every location, for the account's tier.
public struct LocationsListing: Sendable, Hashable, Codable {
    public var tier: Tier
    public var locations: [LocationEntry]

    public init(tier: Tier, locations: [LocationEntry]) {
        self.tier = tier
        self.locations = locations
    }
}

public struct LocationEntry: Sendable, Hashable, Codable {
    public var id: String
    public var countryCode: String
    public var country: String
    public var city: String
    public var tier: Tier
    /// Whether the account's tier may use it.
    public var available: Bool
    public var servers: Int
    /// The lowest load among its online servers, in percent; nil when none
    /// is online, or when the account may not see it (premium for a free account).
    public var bestLoad: Int?

    public init(id: String, countryCode: String, country: String, city: String, tier: Tier, available: Bool, servers: Int, bestLoad: Int?) {
        self.id = id
        self.countryCode = countryCode
        self.country = country
        self.city = city
        self.tier = tier
        self.available = available
        self.servers = servers
        self.bestLoad = bestLoad
    }

    enum CodingKeys: String, CodingKey {
        case id, country, city, tier, available, servers
        case countryCode = "country_code"
        case bestLoad = "best_load"
    }
}
