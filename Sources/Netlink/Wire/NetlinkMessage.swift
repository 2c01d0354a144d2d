/// One received netlink message: its header and the bytes its length covers.
public struct NetlinkMessage: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var header: NetlinkMessageHeader
    /// Exactly `header.length - 16` bytes: the family header (ifinfomsg, rtmsg, genlmsghdr…) and attributes.
    public var payload: ArraySlice<UInt8>

    public init(header: NetlinkMessageHeader, payload: ArraySlice<UInt8>) {
        self.header = header
        self.payload = payload
    }

    /// Splits a datagram into its messages (a dump packs several into one `recv`).
    public static func parse(datagram: [UInt8]) throws(WireFormatError) -> [NetlinkMessage] {
        try parse(datagram[...])
    }

    public static func parse(_ bytes: ArraySlice<UInt8>) throws(WireFormatError) -> [NetlinkMessage] {
        var reader = ByteReader(bytes)
        var messages: [NetlinkMessage] = []
        while !reader.isAtEnd {
            let start = reader.offset
            let header = try NetlinkMessageHeader.decode(from: &reader)
            let length = Int(header.length)
            guard length >= NetlinkMessageHeader.size, length - NetlinkMessageHeader.size <= reader.remaining else {
                throw .invalidLength(field: "nlmsghdr.nlmsg_len", offset: start, length: length)
            }
            let payload = try reader.readBytes(length - NetlinkMessageHeader.size, "netlink message payload")
            messages.append(NetlinkMessage(header: header, payload: payload))
            reader.skipAlignment()
        }
        return messages
    }

    // A GET_DEVICE reply carries the private key: show the shape, never the bytes.
    public var description: String {
        "NetlinkMessage(\(header.type), flags 0x\(String(header.flags.rawValue, radix: 16)), seq \(header.sequence), \(header.length) bytes)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["header": header, "payloadLength": payload.count], displayStyle: .struct)
    }
}
