/// `ifi_flags`, the IFF_* bits of linux/if.h.
public struct LinkFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let up = Self(rawValue: 1 << 0)
    public static let broadcast = Self(rawValue: 1 << 1)
    public static let loopback = Self(rawValue: 1 << 3)
    public static let pointToPoint = Self(rawValue: 1 << 4)
    public static let running = Self(rawValue: 1 << 6)
    public static let noARP = Self(rawValue: 1 << 7)
    public static let promiscuous = Self(rawValue: 1 << 8)
    public static let allMulticast = Self(rawValue: 1 << 9)
    public static let multicast = Self(rawValue: 1 << 12)
    /// The driver signals carrier (L1 up).
    public static let lowerUp = Self(rawValue: 1 << 16)
    public static let dormant = Self(rawValue: 1 << 17)
}
