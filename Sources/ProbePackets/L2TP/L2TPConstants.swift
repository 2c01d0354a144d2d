/// The IETF AVP types the probe uses (RFC 2661 §4.4).
public enum L2TPAVPType: UInt16, Sendable, Hashable {
    case messageType = 0
    case resultCode = 1
    case protocolVersion = 2
    case framingCapabilities = 3
    case bearerCapabilities = 4
    case firmwareRevision = 6
    case hostName = 7
    case vendorName = 8
    case assignedTunnelID = 9
    case receiveWindowSize = 10
}

/// Control message types carried in the Message Type AVP (RFC 2661 §3.2).
public enum L2TPMessageType: UInt16, Sendable, Hashable {
    case sccrq = 1
    case sccrp = 2
    case scccn = 3
    case stopCCN = 4
    case hello = 6
}
