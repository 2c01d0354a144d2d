// Socket-level netlink numbers that Glibc's module map does not expose to Swift.

/// linux/netlink.h: NETLINK_ROUTE and NETLINK_GENERIC, the protocols of socket(AF_NETLINK, …).
enum NetlinkProtocolNumber {
    static let route: Int32 = 0
    static let generic: Int32 = 16
}

/// linux/netlink.h: socket options at level SOL_NETLINK (270, bits/socket.h).
enum NetlinkSocketOption {
    static let level: Int32 = 270
    /// NETLINK_CAP_ACK: error acks echo only the request's header, not its whole payload.
    static let capAcknowledgement: Int32 = 10
    /// NETLINK_EXT_ACK: error acks carry the kernel's explanation (NLMSGERR_ATTR_MSG).
    static let extendedAcknowledgement: Int32 = 11
}

/// linux/netlink.h: `struct sockaddr_nl` (family, pad, pid, groups), 12 bytes.
struct NetlinkSocketAddress {
    var family: UInt16
    var pad: UInt16 = 0
    var portID: UInt32
    var groups: UInt32 = 0
}
