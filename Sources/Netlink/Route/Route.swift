import Addressing
/// A route, as RTM_NEWROUTE describes it.
public struct Route: Sendable, Hashable, CustomStringConvertible {
    /// The destination network; a zero-length prefix is the default route.
    public var destination: IPNetwork
    public var gateway: IPAddress?
    public var outputInterface: Int32?
    public var table: RouteTable
    public var `protocol`: RouteProtocol
    public var scope: RouteScope
    public var type: RouteType
    /// The metric (RTA_PRIORITY); the kernel gives IPv6 routes 1024 when none is set.
    public var priority: UInt32?
    public var preferredSource: IPAddress?

    /// Leaving out `scope` picks what `ip route add` would: link for a route without a
    /// gateway, host for a local route, global otherwise.
    public init(destination: IPNetwork, gateway: IPAddress? = nil, outputInterface: Int32? = nil,
                table: RouteTable = .main, protocol: RouteProtocol = .boot, scope: RouteScope? = nil,
                type: RouteType = .unicast, priority: UInt32? = nil, preferredSource: IPAddress? = nil) {
        self.destination = destination
        self.gateway = gateway
        self.outputInterface = outputInterface
        self.table = table
        self.protocol = `protocol`
        self.type = type
        self.priority = priority
        self.preferredSource = preferredSource
        self.scope = scope ?? (type == .local ? .host : (type == .unicast && gateway == nil ? .link : .universe))
    }

    /// A default route (0.0.0.0/0 or ::/0) through a gateway.
    public static func defaultRoute(via gateway: IPAddress, outputInterface: Int32? = nil,
                                    table: RouteTable = .main, priority: UInt32? = nil) -> Route {
        Route(destination: .defaultRoute(gateway.family), gateway: gateway, outputInterface: outputInterface,
              table: table, priority: priority)
    }

    public var family: AddressFamily { destination.family }

    public var description: String {
        var text = destination.isDefaultRoute ? "default" : "\(destination)"
        if let gateway { text += " via \(gateway)" }
        if let outputInterface { text += " dev #\(outputInterface)" }
        text += " table \(table)"
        if let priority { text += " metric \(priority)" }
        return text
    }
}
