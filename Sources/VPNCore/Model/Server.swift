import Addressing
/// One VPN server from the server list.
public struct Server: Sendable, Hashable, Codable, Identifiable {
    public var id: ServerID
    public var location: LocationID
    public var hostname: Hostname
    public var ipv4: IPv4Address
    public var ipv6: IPv6Address?
    public var tier: Tier
    public var load: Load
    public var online: Bool
    public var features: [String]
    /// Where the probe responder listens, if the server runs one.
    public var probePort: UInt16?
    public var offers: [ProtocolOffer]
    /// The resolvers inside this server's tunnels, whatever the protocol, so
    /// that DNS does not leak around them.
    public var resolvers: [IPv4Address]

    public init(
        id: ServerID, location: LocationID, hostname: Hostname, ipv4: IPv4Address, ipv6: IPv6Address? = nil,
        tier: Tier, load: Load, online: Bool, features: [String] = [], probePort: UInt16? = nil, offers: [ProtocolOffer],
        resolvers: [IPv4Address] = []
    ) {
        self.id = id
        self.location = location
        self.hostname = hostname
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.tier = tier
        self.load = load
        self.online = online
        self.features = features
        self.probePort = probePort
        self.offers = offers
        self.resolvers = resolvers
    }

    /// The protocols this server offers, each once, in the list's order.
    public var protocols: [ProtocolName] {
        var seen = Set<ProtocolName>()
        return offers.map(\.protocolName).filter { seen.insert($0).inserted }
    }

    public func offers(_ name: ProtocolName) -> Bool {
        offers.contains { $0.protocolName == name }
    }
}
