import Addressing
/// Where a connection goes and why that way: the server, its location, the
/// protocol, and the sentence that explains the choice.
public struct ConnectionTarget: Sendable, Hashable {
    public var server: Server
    public var location: Location
    public var protocolName: ProtocolName
    public var reason: String

    public init(server: Server, location: Location, protocolName: ProtocolName, reason: String) {
        self.server = server
        self.location = location
        self.protocolName = protocolName
        self.reason = reason
    }
}

/// A tunnel that is up: the target plus what the plugin built.
public struct ActiveTunnel: Sendable, Hashable {
    public var target: ConnectionTarget
    public var interface: String
    public var addresses: [String]
    /// The resolvers inside the tunnel, the only ones DNS may reach.
    public var resolvers: [IPAddress]

    public init(target: ConnectionTarget, interface: String, addresses: [String], resolvers: [IPAddress] = []) {
        self.target = target
        self.interface = interface
        self.addresses = addresses
        self.resolvers = resolvers
    }
}
