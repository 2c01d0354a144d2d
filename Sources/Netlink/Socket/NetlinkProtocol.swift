/// The netlink protocols this library speaks.
public enum NetlinkProtocol: Sendable, Hashable, CustomStringConvertible {
    /// NETLINK_ROUTE: links, addresses, routes, rules.
    case route
    /// NETLINK_GENERIC: dynamically registered families, `wireguard` among them.
    case generic

    var number: Int32 {
        switch self {
        case .route: NetlinkProtocolNumber.route
        case .generic: NetlinkProtocolNumber.generic
        }
    }

    public var description: String {
        switch self {
        case .route: "NETLINK_ROUTE"
        case .generic: "NETLINK_GENERIC"
        }
    }
}
