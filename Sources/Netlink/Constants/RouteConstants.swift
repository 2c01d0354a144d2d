// Attribute and header numbers of rtnetlink, from the kernel's uapi headers. Glibc's
// module map does not expose linux/*.h to Swift, so they are restated here; each
// group names the header it comes from. They are ABI: the values never change.

/// linux/if_link.h: `enum { IFLA_* }` (the ones this library reads or writes).
enum LinkAttribute {
    static let address: UInt16 = 1
    static let name: UInt16 = 3
    static let mtu: UInt16 = 4
    static let link: UInt16 = 5
    static let operationalState: UInt16 = 16
    static let linkInfo: UInt16 = 18
}

/// linux/if_link.h: `enum { IFLA_INFO_* }`, inside IFLA_LINKINFO.
enum LinkInfoAttribute {
    static let kind: UInt16 = 1
    static let data: UInt16 = 2
}

/// linux/veth.h: VETH_INFO_PEER, inside IFLA_INFO_DATA; its payload starts with a struct ifinfomsg.
enum VethInfoAttribute {
    static let peer: UInt16 = 1
}

/// linux/if_addr.h: `enum { IFA_* }`.
enum AddressAttribute {
    static let address: UInt16 = 1
    static let local: UInt16 = 2
    static let label: UInt16 = 3
    static let flags: UInt16 = 8
}

/// linux/rtnetlink.h: `enum rtattr_type_t`.
enum RouteAttribute {
    static let destination: UInt16 = 1
    static let source: UInt16 = 2
    static let outputInterface: UInt16 = 4
    static let gateway: UInt16 = 5
    static let priority: UInt16 = 6
    static let preferredSource: UInt16 = 7
    static let table: UInt16 = 15
}

/// linux/fib_rules.h: `enum { FRA_* }`.
enum RuleAttribute {
    static let destination: UInt16 = 1
    static let source: UInt16 = 2
    static let inputInterfaceName: UInt16 = 3
    static let priority: UInt16 = 6
    static let fwmark: UInt16 = 10
    static let suppressPrefixLength: UInt16 = 14
    static let table: UInt16 = 15
    static let fwmask: UInt16 = 16
    static let outputInterfaceName: UInt16 = 17
    static let `protocol`: UInt16 = 21
}

/// linux/fib_rules.h: FIB_RULE_INVERT, in fib_rule_hdr.flags.
enum RuleHeaderFlag {
    static let invert: UInt32 = 0x2
}

/// Sizes of the family headers that follow nlmsghdr (linux/rtnetlink.h, if_addr.h, fib_rules.h).
enum RouteHeaderSize {
    static let interfaceInfo = 16   // struct ifinfomsg
    static let interfaceAddress = 8 // struct ifaddrmsg
    static let route = 12           // struct rtmsg
    static let rule = 12            // struct fib_rule_hdr
}
