/// `struct nlmsghdr`: 16 bytes in front of every netlink message.
public struct NetlinkMessageHeader: Sendable, Hashable {
    public static let size = 16

    /// Length of the whole message, header included, padding excluded.
    public var length: UInt32
    public var type: NetlinkMessageType
    public var flags: NetlinkMessageFlags
    public var sequence: UInt32
    /// Port id of the sender; 0 when the kernel sends or when a request lets the kernel fill it in.
    public var portID: UInt32

    public init(length: UInt32, type: NetlinkMessageType, flags: NetlinkMessageFlags, sequence: UInt32, portID: UInt32) {
        self.length = length
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.portID = portID
    }

    public func encode(into writer: inout ByteWriter) {
        writer.append(length)
        writer.append(type.rawValue)
        writer.append(flags.rawValue)
        writer.append(sequence)
        writer.append(portID)
    }

    public static func decode(from reader: inout ByteReader) throws(WireFormatError) -> Self {
        let length = try reader.read(UInt32.self, "nlmsghdr.nlmsg_len")
        let type = try reader.read(UInt16.self, "nlmsghdr.nlmsg_type")
        let flags = try reader.read(UInt16.self, "nlmsghdr.nlmsg_flags")
        let sequence = try reader.read(UInt32.self, "nlmsghdr.nlmsg_seq")
        let portID = try reader.read(UInt32.self, "nlmsghdr.nlmsg_pid")
        return Self(length: length, type: NetlinkMessageType(rawValue: type),
                    flags: NetlinkMessageFlags(rawValue: flags), sequence: sequence, portID: portID)
    }
}
