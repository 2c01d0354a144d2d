/// `rtm_type` (RTN_*, linux/rtnetlink.h).
public struct RouteType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// In a delete request: match any type.
    public static let unspecified = Self(rawValue: 0)
    public static let unicast = Self(rawValue: 1)
    public static let local = Self(rawValue: 2)
    public static let broadcast = Self(rawValue: 3)
    public static let anycast = Self(rawValue: 4)
    public static let multicast = Self(rawValue: 5)
    public static let blackhole = Self(rawValue: 6)
    public static let unreachable = Self(rawValue: 7)
    public static let prohibit = Self(rawValue: 8)
    public static let `throw` = Self(rawValue: 9)

    public var description: String {
        switch self {
        case .unspecified: "unspec"
        case .unicast: "unicast"
        case .local: "local"
        case .broadcast: "broadcast"
        case .anycast: "anycast"
        case .multicast: "multicast"
        case .blackhole: "blackhole"
        case .unreachable: "unreachable"
        case .prohibit: "prohibit"
        case .throw: "throw"
        default: "type \(rawValue)"
        }
    }
}
