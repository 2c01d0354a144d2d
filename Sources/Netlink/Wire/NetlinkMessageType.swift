/// `nlmsg_type`: a control type (below 16), an rtnetlink message, or a generic netlink family id.
public struct NetlinkMessageType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    // linux/netlink.h
    public static let noop = Self(rawValue: 0x1)
    public static let error = Self(rawValue: 0x2)
    public static let done = Self(rawValue: 0x3)
    public static let overrun = Self(rawValue: 0x4)

    // linux/rtnetlink.h
    public static let newLink = Self(rawValue: 16)
    public static let deleteLink = Self(rawValue: 17)
    public static let getLink = Self(rawValue: 18)
    public static let newAddress = Self(rawValue: 20)
    public static let deleteAddress = Self(rawValue: 21)
    public static let getAddress = Self(rawValue: 22)
    public static let newRoute = Self(rawValue: 24)
    public static let deleteRoute = Self(rawValue: 25)
    public static let getRoute = Self(rawValue: 26)
    public static let newRule = Self(rawValue: 32)
    public static let deleteRule = Self(rawValue: 33)
    public static let getRule = Self(rawValue: 34)

    // linux/genetlink.h: GENL_ID_CTRL (== NLMSG_MIN_TYPE), the family that resolves the others.
    public static let genericControl = Self(rawValue: 0x10)

    public var description: String {
        switch self {
        case .noop: "NLMSG_NOOP"
        case .error: "NLMSG_ERROR"
        case .done: "NLMSG_DONE"
        case .overrun: "NLMSG_OVERRUN"
        case .newLink: "RTM_NEWLINK"
        case .deleteLink: "RTM_DELLINK"
        case .getLink: "RTM_GETLINK"
        case .newAddress: "RTM_NEWADDR"
        case .deleteAddress: "RTM_DELADDR"
        case .getAddress: "RTM_GETADDR"
        case .newRoute: "RTM_NEWROUTE"
        case .deleteRoute: "RTM_DELROUTE"
        case .getRoute: "RTM_GETROUTE"
        case .newRule: "RTM_NEWRULE"
        case .deleteRule: "RTM_DELRULE"
        case .getRule: "RTM_GETRULE"
        default: "type \(rawValue)"
        }
    }
}
