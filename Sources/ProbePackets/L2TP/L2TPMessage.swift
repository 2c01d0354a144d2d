/// Any L2TP packet received on UDP 1701 (RFC 2661 §3.1): a control message, or a
/// data message whose header the probe reads but whose PPP payload it does not.
public enum L2TPMessage: Sendable, Hashable {
    case control(L2TPControlMessage)
    case data(tunnelID: UInt16, sessionID: UInt16, payload: [UInt8])

    public init(parsing bytes: [UInt8]) throws(PacketError) {
        var reader = PacketReader(bytes, kind: .l2tp)
        let flags = try reader.u16("flags and version")
        let version = flags & 0x000F
        guard version == 2 else {
            throw .invalidValue(.l2tp, field: "version", found: "\(version)", expected: "2")
        }
        let isControl = flags & 0x8000 != 0, hasLength = flags & 0x4000 != 0
        let hasSequence = flags & 0x0800 != 0, hasOffset = flags & 0x0200 != 0
        if isControl {
            guard hasLength, hasSequence, !hasOffset else {
                throw .invalidValue(.l2tp, field: "control message flags", found: "0x" + String(flags, radix: 16), expected: "L and S set, O clear")
            }
        }
        var end = bytes.count
        if hasLength {
            let length = Int(try reader.u16("length"))
            guard length <= bytes.count else { throw .truncated(.l2tp, field: "message", needed: length, available: bytes.count) }
            end = length
        }
        let tunnelID = try reader.u16("tunnel ID")
        let sessionID = try reader.u16("session ID")
        var ns: UInt16 = 0, nr: UInt16 = 0
        if hasSequence {
            ns = try reader.u16("Ns")
            nr = try reader.u16("Nr")
        }
        if hasOffset { try reader.skip(Int(try reader.u16("offset size")), "offset padding") }
        guard reader.offset <= end else {
            throw .invalidValue(.l2tp, field: "length", found: "\(end)", expected: "at least the header's \(reader.offset) bytes")
        }
        var body = try reader.subreader(end - reader.offset, "message body")
        guard isControl else {
            self = .data(tunnelID: tunnelID, sessionID: sessionID, payload: body.rest())
            return
        }
        var avps: [L2TPAVP] = []
        while !body.isAtEnd { avps.append(try L2TPAVP.read(from: &body)) }
        let message = L2TPControlMessage(tunnelID: tunnelID, sessionID: sessionID, ns: ns, nr: nr, avps: avps)
        if let first = avps.first, message.messageType == nil, first.type == L2TPAVPType.messageType.rawValue, first.vendorID == 0, first.value.count != 2 {
            throw .invalidValue(.l2tp, field: "Message Type AVP length", found: "\(first.value.count)", expected: "2")
        }
        if let first = avps.first, first.type != L2TPAVPType.messageType.rawValue || first.vendorID != 0 {
            throw .invalidValue(.l2tp, field: "first AVP", found: "type \(first.type) vendor \(first.vendorID)", expected: "Message Type")
        }
        self = .control(message)
    }
}
