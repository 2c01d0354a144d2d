import FoundationEssentials

/// What choosing and listing servers need from a server list. `ServerList`
/// holds a whole verified list in memory; a cache can answer from a compact
/// index and decode only the servers it is asked for.
public protocol ServerCatalog: Sendable {
    var generatedAt: Date { get }
    var expiresAt: Date? { get }
    var locations: [Location] { get }
    /// Every server. Catalogs backed by an index decode them all for this.
    var servers: [Server] { get }

    func location(_ id: LocationID) -> Location?
    func server(_ id: ServerID) -> Server?
    /// The location's servers, in the list's order.
    func servers(in location: LocationID) -> [Server]
    /// A location is free when at least one of its servers is.
    func tier(of location: LocationID) -> Tier
    /// Its locations indexed for resolving names and sorting by place. A
    /// catalog that answers many questions keeps one; the default builds it
    /// on each use.
    var locationIndex: LocationIndex { get }
}

extension ServerCatalog {
    public var locationIndex: LocationIndex { LocationIndex(locations) }
}

extension ServerCatalog {
    public func isExpired(at now: Date) -> Bool {
        expiresAt.map { $0 <= now } ?? false
    }
}

extension ServerCatalog {
    /// Every server a resolved name stands for, whoever may use them.
    public func servers(of match: LocationMatch) -> [Server] {
        switch match {
        case let .server(server): [server]
        case let .location(location): servers(in: location.id)
        case let .country(_, locations): locations.flatMap { servers(in: $0.id) }
        }
    }
}
