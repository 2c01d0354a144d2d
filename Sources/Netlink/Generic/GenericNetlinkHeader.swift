/// `struct genlmsghdr` (linux/genetlink.h): the 4 bytes after nlmsghdr in every generic netlink message.
public struct GenericNetlinkHeader: Sendable, Hashable {
    public static let size = 4

    public var command: UInt8
    public var version: UInt8

    public init(command: UInt8, version: UInt8) {
        self.command = command
        self.version = version
    }

    public func encode(into writer: inout ByteWriter) {
        writer.append(command)
        writer.append(version)
        writer.append(UInt16(0))
    }

    public static func decode(from reader: inout ByteReader) throws(WireFormatError) -> Self {
        let command = try reader.read(UInt8.self, "genlmsghdr.cmd")
        let version = try reader.read(UInt8.self, "genlmsghdr.version")
        try reader.skip(2, "genlmsghdr.reserved")
        return Self(command: command, version: version)
    }
}
