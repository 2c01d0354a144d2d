/// IFA_F_* (linux/if_addr.h). The low 8 bits also fit `ifa_flags`; the rest only IFA_FLAGS.
public struct AddressFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let secondary = Self(rawValue: 0x01)
    /// Skip IPv6 duplicate address detection: the address is usable at once, never "tentative".
    public static let noDAD = Self(rawValue: 0x02)
    public static let optimistic = Self(rawValue: 0x04)
    public static let dadFailed = Self(rawValue: 0x08)
    public static let homeAddress = Self(rawValue: 0x10)
    public static let deprecated = Self(rawValue: 0x20)
    public static let tentative = Self(rawValue: 0x40)
    public static let permanent = Self(rawValue: 0x80)
    public static let manageTemporaryAddress = Self(rawValue: 0x100)
    /// Do not add the prefix route the kernel adds for a new address.
    public static let noPrefixRoute = Self(rawValue: 0x200)
    public static let multicastAutoJoin = Self(rawValue: 0x400)
    public static let stablePrivacy = Self(rawValue: 0x800)
}
