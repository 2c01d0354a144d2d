/// What an account of a tier may use: a free account never gets a premium
/// server. A location is free when it has at least one free server.
public struct Entitlement: Sendable, Hashable {
    public let tier: Tier

    public init(tier: Tier) {
        self.tier = tier
    }

    public func allows(_ server: Server) -> Bool {
        tier.canUse(server.tier)
    }

    /// Whether the account may connect to the location at all, for listings.
    public func isAvailable(_ location: LocationID, in list: any ServerCatalog) -> Bool {
        tier.canUse(list.tier(of: location))
    }

    /// The locations a free account may use, in place order.
    public static func freeLocations(in list: any ServerCatalog) -> [Location] {
        list.locations.filter { list.tier(of: $0.id) == .free }.sortedByPlace()
    }

    /// The servers of the match this account may use, whether online or not.
    /// Throws `requiresPremium` when there are none: a premium server, or a
    /// location or country with premium servers only.
    public func usableServers(for match: LocationMatch, in list: any ServerCatalog) throws(SelectionError) -> [Server] {
        let servers = list.servers(of: match)
        let usable = servers.filter(allows)
        // A location without any server has nothing Premium would add.
        guard usable.isEmpty, !servers.isEmpty else { return usable }
        throw .requiresPremium(location: match, freeLocations: Self.freeLocations(in: list))
    }
}
