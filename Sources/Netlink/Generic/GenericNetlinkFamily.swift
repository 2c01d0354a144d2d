/// A registered generic netlink family, as the `nlctrl` controller reports it.
public struct GenericNetlinkFamily: Sendable, Hashable, CustomStringConvertible {
    /// The `nlmsg_type` of the family's messages; assigned at registration, so it differs between boots.
    public var id: UInt16
    public var name: String
    public var version: UInt32
    /// Size of the family's own header after genlmsghdr (0 for most, wireguard included).
    public var headerSize: UInt32
    public var maximumAttribute: UInt32
    public var multicastGroups: [MulticastGroup]

    public struct MulticastGroup: Sendable, Hashable {
        public var name: String
        public var id: UInt32

        public init(name: String, id: UInt32) {
            self.name = name
            self.id = id
        }
    }

    public init(id: UInt16, name: String, version: UInt32, headerSize: UInt32 = 0, maximumAttribute: UInt32 = 0,
                multicastGroups: [MulticastGroup] = []) {
        self.id = id
        self.name = name
        self.version = version
        self.headerSize = headerSize
        self.maximumAttribute = maximumAttribute
        self.multicastGroups = multicastGroups
    }

    public var messageType: NetlinkMessageType { NetlinkMessageType(rawValue: id) }

    public var description: String { "\(name) (id \(id), version \(version))" }
}
