import FoundationEssentials

/// A verified, internally consistent server list. It cannot be built with a
/// duplicate id or a server whose location is missing, so code that holds one
/// never checks again.
public struct ServerList: ServerCatalog, Hashable {
    public let generatedAt: Date
    public let expiresAt: Date?
    public let locations: [Location]
    public let servers: [Server]

    private let locationPositions: [LocationID: Int]
    private let serverIndex: [ServerID: Int]
    /// Built with the list: the daemon keeps one list and answers every
    /// listing and connect from it.
    public let locationIndex: LocationIndex
    /// Each location's servers, as positions in `servers`.
    private let serversByLocation: [LocationID: [Int]]

    public init(generatedAt: Date, expiresAt: Date? = nil, locations: [Location], servers: [Server]) throws(ServerListError) {
        var positions: [LocationID: Int] = [:]
        positions.reserveCapacity(locations.count)
        for (index, location) in locations.enumerated() {
            guard positions.updateValue(index, forKey: location.id) == nil else {
                throw .duplicateLocationID(location.id, index: index)
            }
        }
        var serverIndex: [ServerID: Int] = [:]
        serverIndex.reserveCapacity(servers.count)
        var serversByLocation: [LocationID: [Int]] = [:]
        for (index, server) in servers.enumerated() {
            guard serverIndex.updateValue(index, forKey: server.id) == nil else {
                throw .duplicateServerID(server.id, index: index)
            }
            guard positions[server.location] != nil else {
                throw .unknownLocation(server.location, server: server.id, index: index)
            }
            serversByLocation[server.location, default: []].append(index)
        }
        self.generatedAt = generatedAt
        self.expiresAt = expiresAt
        self.locations = locations
        self.servers = servers
        self.locationPositions = positions
        self.locationIndex = LocationIndex(locations)
        self.serverIndex = serverIndex
        self.serversByLocation = serversByLocation
    }

    public func location(_ id: LocationID) -> Location? {
        locationPositions[id].map { locations[$0] }
    }

    public func server(_ id: ServerID) -> Server? {
        serverIndex[id].map { servers[$0] }
    }

    public func servers(in location: LocationID) -> [Server] {
        (serversByLocation[location] ?? []).map { servers[$0] }
    }

    public func tier(of location: LocationID) -> Tier {
        (serversByLocation[location] ?? []).contains { servers[$0].tier == .free } ? .free : .premium
    }
}

/// Why a set of locations and servers is not a consistent list.
public enum ServerListError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicateLocationID(LocationID, index: Int)
    case duplicateServerID(ServerID, index: Int)
    case unknownLocation(LocationID, server: ServerID, index: Int)

    public var description: String {
        switch self {
        case let .duplicateLocationID(id, index):
            "locations[\(index)].id: \"\(id)\" is used by an earlier location too"
        case let .duplicateServerID(id, index):
            "servers[\(index)].id: \"\(id)\" is used by an earlier server too"
        case let .unknownLocation(location, server, index):
            "servers[\(index)] (\"\(server)\").location: \"\(location)\" is not a location in the list"
        }
    }
}
