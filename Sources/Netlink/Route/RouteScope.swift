/// `rtm_scope` / `ifa_scope` (enum rt_scope_t, linux/rtnetlink.h): how far a route or address reaches.
public struct RouteScope: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let universe = Self(rawValue: 0)
    public static let site = Self(rawValue: 200)
    /// Directly attached: routes without a gateway, link-local addresses.
    public static let link = Self(rawValue: 253)
    public static let host = Self(rawValue: 254)
    /// In a delete request: match any scope.
    public static let nowhere = Self(rawValue: 255)

    public var description: String {
        switch self {
        case .universe: "global"
        case .site: "site"
        case .link: "link"
        case .host: "host"
        case .nowhere: "nowhere"
        default: "scope \(rawValue)"
        }
    }
}
