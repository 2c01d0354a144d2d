/// `nlmsg_flags` (linux/netlink.h). Several bits mean different things for requests
/// of different kinds (0x100 is ROOT for GET, REPLACE for NEW, CAPPED in an ACK), so
/// each meaning gets its own name.
public struct NetlinkMessageFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let request = Self(rawValue: 0x01)
    public static let multipart = Self(rawValue: 0x02)
    public static let acknowledge = Self(rawValue: 0x04)
    public static let echo = Self(rawValue: 0x08)
    /// The dump's view changed under it (an object was added or removed meanwhile).
    public static let dumpInterrupted = Self(rawValue: 0x10)
    public static let dumpFiltered = Self(rawValue: 0x20)

    // Modifiers of GET requests.
    public static let root = Self(rawValue: 0x100)
    public static let match = Self(rawValue: 0x200)
    public static let atomic = Self(rawValue: 0x400)
    public static let dump: Self = [.root, .match]

    // Modifiers of NEW requests.
    public static let replace = Self(rawValue: 0x100)
    public static let exclusive = Self(rawValue: 0x200)
    public static let create = Self(rawValue: 0x400)
    public static let append = Self(rawValue: 0x800)

    // Flags of an NLMSG_ERROR acknowledgement.
    /// The echoed request was cut to its header (NETLINK_CAP_ACK).
    public static let capped = Self(rawValue: 0x100)
    /// Extended-ack TLVs follow (NETLINK_EXT_ACK).
    public static let acknowledgementTLVs = Self(rawValue: 0x200)
}
