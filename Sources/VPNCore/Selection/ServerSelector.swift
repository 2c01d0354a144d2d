/// Chooses and lists servers for an account: what `vpnctl connect`,
/// `servers` and `locations` ask of the core.
public struct ServerSelector: Sendable {
    public let list: any ServerCatalog
    public let entitlement: Entitlement
    public let resolver: LocationResolver
    public let picker: ServerPicker

    /// The list's locations in place order (country, city).
    private let index: LocationIndex

    public init(list: any ServerCatalog, tier: Tier, picker: ServerPicker = ServerPicker()) {
        self.list = list
        self.entitlement = Entitlement(tier: tier)
        self.resolver = LocationResolver(list: list)
        self.picker = picker
        index = list.locationIndex
    }

    /// The server to connect to for `query`, drawn with `generator` among the
    /// near-best of the servers this account may use (see `ServerPicker`).
    /// A server asked for by id is taken as it is, if it can be used.
    public func select(
        _ query: LocationQuery, protocol protocolName: ProtocolName?, using generator: inout some RandomNumberGenerator
    ) throws(SelectionError) -> Selection {
        let match: LocationMatch?
        let candidates: [Server]
        switch query {
        case .fastest:
            match = nil
            candidates = list.servers.filter(entitlement.allows)
        case let .named(name):
            let resolved = try resolver.resolve(name)
            match = resolved
            candidates = try entitlement.usableServers(for: resolved, in: list)
        }
        let ranked = try picker.ranked(candidates, offering: protocolName, in: match)
        let server: Server
        if case .server = match {
            server = ranked[0]
        } else {
            server = picker.draw(from: ranked, using: &generator)
        }
        // A verified list has every server's location.
        let location = list.location(server.location)!
        return Selection(server: server, location: location, reason: reason(for: server, in: location, lowest: ranked[0].load, match: match))
    }

    /// The servers `query` names, for listing: premium ones too, since
    /// listing is browsing. Nil (or `fastest`) lists every server. In place
    /// order, then online before offline, least loaded first, then by id.
    public func servers(matching query: LocationQuery?) throws(SelectionError) -> [Server] {
        let servers: [Server]
        switch query {
        case nil, .fastest?:
            servers = list.servers
        case let .named(name)?:
            servers = list.servers(of: try resolver.resolve(name))
        }
        let placeRank = index.placeRank
        return servers.sorted { lhs, rhs in
            let left = (placeRank[lhs.location] ?? 0, lhs.online ? 0 : 1, lhs.load, lhs.id)
            let right = (placeRank[rhs.location] ?? 0, rhs.online ? 0 : 1, rhs.load, rhs.id)
            return left < right
        }
    }

    /// Every location with its tier and whether this account may use it,
    /// sorted by country, then city.
    public func locationSummaries() -> [LocationSummary] {
        index.places.map { location in
            let servers = list.servers(in: location.id)
            let tier: Tier = servers.contains { $0.tier == .free } ? .free : .premium
            return LocationSummary(
                location: location,
                tier: tier,
                isAvailable: entitlement.tier.canUse(tier),
                serverCount: servers.count,
                bestLoad: servers.lazy.filter { $0.online && entitlement.allows($0) }.map(\.load).min()
            )
        }
    }

    /// "lowest load in Frankfurt, Germany (12%)", or for a draw from the
    /// band, "near-lowest load in Frankfurt, Germany (15%, lowest 12%)".
    private func reason(for server: Server, in location: Location, lowest: Load, match: LocationMatch?) -> String {
        let place: String
        switch match {
        case .server:
            return "server \(server.id) as asked (load \(server.load))"
        case .location:
            place = "in \(location.displayName)"
        case .country:
            place = "in \(location.country): \(location.city)"
        case nil:
            place = "of all locations you can use: \(location.displayName)"
        }
        if server.load == lowest {
            return "lowest load \(place) (\(server.load))"
        }
        return "near-lowest load \(place) (\(server.load), lowest \(lowest))"
    }
}
