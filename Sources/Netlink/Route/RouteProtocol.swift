/// `rtm_protocol` (RTPROT_*, linux/rtnetlink.h): who installed a route. The kernel does
/// not interpret values from `static` up; daemons use them to recognise their own routes.
public struct RouteProtocol: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let unspecified = Self(rawValue: 0)
    public static let redirect = Self(rawValue: 1)
    public static let kernel = Self(rawValue: 2)
    /// What `ip route add` uses.
    public static let boot = Self(rawValue: 3)
    public static let `static` = Self(rawValue: 4)
    public static let dhcp = Self(rawValue: 16)

    public var description: String {
        switch self {
        case .unspecified: "unspec"
        case .redirect: "redirect"
        case .kernel: "kernel"
        case .boot: "boot"
        case .static: "static"
        case .dhcp: "dhcp"
        default: "proto \(rawValue)"
        }
    }
}
