/// The kernel's answer to a request: `NLMSG_ERROR` (error 0 is a plain ACK) or the
/// `NLMSG_DONE` ending a dump, with the extended-ack TLVs of linux/netlink.h when
/// NETLINK_EXT_ACK is on.
public struct NetlinkAcknowledgement: Sendable, Hashable {
    /// Positive errno; 0 for success.
    public var errorCode: Int32
    /// The echoed header of the request this answers (absent in NLMSG_DONE).
    public var request: NetlinkMessageHeader?
    /// NLMSGERR_ATTR_MSG: the kernel's explanation, the most useful part for a user.
    public var message: String?
    /// NLMSGERR_ATTR_OFFS: byte offset of the offending attribute in the request.
    public var invalidAttributeOffset: UInt32?
    /// NLMSGERR_ATTR_MISS_TYPE: the type of a required attribute that was missing.
    public var missingAttributeType: UInt32?

    public var isSuccess: Bool { errorCode == 0 }

    // enum nlmsgerr_attrs, linux/netlink.h
    static let attributeMessage: UInt16 = 1
    static let attributeOffset: UInt16 = 2
    static let attributeMissingType: UInt16 = 5

    public init(errorCode: Int32, request: NetlinkMessageHeader? = nil, message: String? = nil,
                invalidAttributeOffset: UInt32? = nil, missingAttributeType: UInt32? = nil) {
        self.errorCode = errorCode
        self.request = request
        self.message = message
        self.invalidAttributeOffset = invalidAttributeOffset
        self.missingAttributeType = missingAttributeType
    }

    /// Decodes `struct nlmsgerr` (int error; struct nlmsghdr msg) plus, unless the ack is
    /// capped, the echoed request payload, then the TLVs.
    public static func decodeError(_ message: NetlinkMessage) throws(WireFormatError) -> Self {
        var reader = ByteReader(message.payload)
        let error = try reader.read(Int32.self, "nlmsgerr.error")
        let request = try NetlinkMessageHeader.decode(from: &reader)
        var acknowledgement = Self(errorCode: error == Int32.min ? Int32.max : -error, request: request)
        guard message.header.flags.contains(.acknowledgementTLVs) else { return acknowledgement }
        if !message.header.flags.contains(.capped) {
            let echoed = Int(request.length) - NetlinkMessageHeader.size
            guard echoed >= 0 else {
                throw .invalidLength(field: "nlmsgerr.msg.nlmsg_len", offset: 4, length: Int(request.length))
            }
            try reader.skip(echoed, "nlmsgerr echoed request")
            reader.skipAlignment()
        }
        try acknowledgement.decodeTLVs(reader.readRest())
        return acknowledgement
    }

    /// Decodes the `int` error code that ends a dump, and any TLVs after it.
    public static func decodeDone(_ message: NetlinkMessage) throws(WireFormatError) -> Self {
        // Some families end a dump with an empty NLMSG_DONE.
        guard !message.payload.isEmpty else { return Self(errorCode: 0) }
        var reader = ByteReader(message.payload)
        let error = try reader.read(Int32.self, "NLMSG_DONE error")
        var acknowledgement = Self(errorCode: error == Int32.min ? Int32.max : -error)
        if message.header.flags.contains(.acknowledgementTLVs) {
            try acknowledgement.decodeTLVs(reader.readRest())
        }
        return acknowledgement
    }

    private mutating func decodeTLVs(_ bytes: ArraySlice<UInt8>) throws(WireFormatError) {
        for attribute in try NetlinkAttribute.parse(bytes) {
            switch attribute.type {
            case Self.attributeMessage:
                let text = attribute.string
                message = text.isEmpty ? nil : text
            case Self.attributeOffset:
                invalidAttributeOffset = try attribute.u32("NLMSGERR_ATTR_OFFS")
            case Self.attributeMissingType:
                missingAttributeType = try attribute.u32("NLMSGERR_ATTR_MISS_TYPE")
            default:
                break
            }
        }
    }
}
