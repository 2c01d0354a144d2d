/// The outside of an IKEv2 message (RFC 7296 §3.1, §3.2): header, and the chain of
/// payload types with the notify types found on the way. An Encrypted payload
/// ends the walk, since what follows is inside it.
public struct IKEMessage: Sendable, Hashable {
    public var initiatorSPI: [UInt8]
    public var responderSPI: [UInt8]
    public var majorVersion: UInt8
    public var exchangeType: UInt8
    public var isResponse: Bool
    public var isInitiator: Bool
    public var messageID: UInt32
    /// Payload types in order, including unknown ones by number.
    public var payloadTypes: [UInt8]
    public var notifies: [Notify]

    public struct Notify: Sendable, Hashable {
        public var type: UInt16
        public var data: [UInt8]
    }

    public var notifyTypes: [UInt16] { notifies.map(\.type) }

    /// The group a responder asked for with INVALID_KE_PAYLOAD, if it did.
    public var requestedDHGroup: UInt16? {
        notifies.first { $0.type == IKENotifyType.invalidKEPayload.rawValue && $0.data.count == 2 }
            .map { UInt16($0.data[0]) << 8 | UInt16($0.data[1]) }
    }

    /// `nonESPMarker`: the datagram came on UDP 4500 and must start with four zeros.
    public init(parsing bytes: [UInt8], nonESPMarker: Bool = false) throws(PacketError) {
        var outer = PacketReader(bytes, kind: .ike)
        if nonESPMarker {
            let marker = try outer.u32("non-ESP marker")
            guard marker == 0 else {
                throw .invalidValue(.ike, field: "non-ESP marker", found: "0x" + String(marker, radix: 16), expected: "0 (an ESP packet otherwise)")
            }
        }
        let start = outer.offset
        initiatorSPI = try outer.bytes(8, "initiator SPI")
        responderSPI = try outer.bytes(8, "responder SPI")
        var next = try outer.u8("next payload")
        let version = try outer.u8("version")
        majorVersion = version >> 4
        guard majorVersion == 2 else {
            throw .invalidValue(.ike, field: "major version", found: "\(majorVersion)", expected: "2")
        }
        exchangeType = try outer.u8("exchange type")
        let flags = try outer.u8("flags")
        isResponse = flags & IKE.flagResponse != 0
        isInitiator = flags & IKE.flagInitiator != 0
        messageID = try outer.u32("message ID")
        let length = Int(try outer.u32("length"))
        guard length >= IKE.headerLength else {
            throw .invalidValue(.ike, field: "length", found: "\(length)", expected: "at least 28")
        }
        guard length == bytes.count - start else {
            throw length > bytes.count - start
                ? .truncated(.ike, field: "message", needed: length, available: bytes.count - start)
                : .invalidValue(.ike, field: "length", found: "\(length)", expected: "\(bytes.count - start), the datagram's size")
        }
        payloadTypes = []
        notifies = []
        var reader = outer
        while next != 0 {
            let type = next
            payloadTypes.append(type)
            next = try reader.u8("next payload of payload \(type)")
            try reader.skip(1, "critical bit of payload \(type)")
            let payloadLength = Int(try reader.u16("length of payload \(type)"))
            guard payloadLength >= 4 else {
                throw .invalidValue(.ike, field: "length of payload \(type)", found: "\(payloadLength)", expected: "at least 4")
            }
            var body = try reader.subreader(payloadLength - 4, "body of payload \(type)")
            if type == IKEPayloadType.notify.rawValue {
                try body.skip(1, "notify protocol ID")
                let spiSize = Int(try body.u8("notify SPI size"))
                let notifyType = try body.u16("notify type")
                try body.skip(spiSize, "notify SPI")
                notifies.append(Notify(type: notifyType, data: body.rest()))
            }
            if type == IKEPayloadType.encrypted.rawValue { break }
        }
    }
}
