// Generic netlink controller numbers from linux/genetlink.h, restated
// because Glibc's module map does not expose them to Swift.

/// linux/genetlink.h: `enum { CTRL_CMD_* }`.
enum ControlCommand {
    static let newFamily: UInt8 = 1
    static let getFamily: UInt8 = 3
}

/// linux/genetlink.h: `enum { CTRL_ATTR_* }`.
enum ControlAttribute {
    static let familyID: UInt16 = 1
    static let familyName: UInt16 = 2
    static let version: UInt16 = 3
    static let headerSize: UInt16 = 4
    static let maxAttribute: UInt16 = 5
    static let multicastGroups: UInt16 = 7
}

/// linux/genetlink.h: `enum { CTRL_ATTR_MCAST_GRP_* }`.
enum ControlMulticastGroupAttribute {
    static let name: UInt16 = 1
    static let id: UInt16 = 2
}
