/// An L2TP control message (RFC 2661 §3.1): the header with T, L and S set, and its AVPs.
/// An empty AVP list is a ZLB, a bare acknowledgement.
public struct L2TPControlMessage: Sendable, Hashable {
    public var tunnelID: UInt16
    public var sessionID: UInt16
    public var ns: UInt16
    public var nr: UInt16
    public var avps: [L2TPAVP]

    public init(tunnelID: UInt16, sessionID: UInt16 = 0, ns: UInt16, nr: UInt16, avps: [L2TPAVP]) {
        self.tunnelID = tunnelID
        self.sessionID = sessionID
        self.ns = ns
        self.nr = nr
        self.avps = avps
    }

    /// Start-Control-Connection-Request (§6.1): opens a tunnel from scratch, so tunnel ID 0.
    public static func sccrq(assignedTunnelID: UInt16, hostName: String, receiveWindow: UInt16 = 4) -> Self {
        Self(tunnelID: 0, ns: 0, nr: 0, avps: [
            .u16(.messageType, L2TPMessageType.sccrq.rawValue),
            L2TPAVP(.protocolVersion, [1, 0]),
            L2TPAVP(.hostName, Array(hostName.utf8.prefix(255))),
            L2TPAVP(.framingCapabilities, [0, 0, 0, 0x03]),
            .u16(.assignedTunnelID, assignedTunnelID),
            .u16(.receiveWindowSize, receiveWindow),
        ])
    }

    /// Stop-Control-Connection-Notification (§6.4): closes the tunnel the peer assigned
    /// `peerTunnelID`, result 1 ("general request to clear control connection").
    public static func stopCCN(peerTunnelID: UInt16, assignedTunnelID: UInt16, ns: UInt16, nr: UInt16) -> Self {
        Self(tunnelID: peerTunnelID, ns: ns, nr: nr, avps: [
            .u16(.messageType, L2TPMessageType.stopCCN.rawValue),
            .u16(.assignedTunnelID, assignedTunnelID),
            .u16(.resultCode, 1),
        ])
    }

    public func encoded() -> [UInt8] {
        var writer = PacketWriter()
        writer.u16(L2TP.controlFlags)
        writer.u16(0)
        writer.u16(tunnelID)
        writer.u16(sessionID)
        writer.u16(ns)
        writer.u16(nr)
        for avp in avps { avp.write(to: &writer) }
        writer.set16(UInt16(truncatingIfNeeded: writer.count), at: 2)
        return writer.bytes
    }

    public var isZLB: Bool { avps.isEmpty }

    /// The Message Type AVP, which must come first; nil for a ZLB or an unknown type.
    public var messageType: L2TPMessageType? {
        guard let first = avps.first, first.vendorID == 0, first.type == L2TPAVPType.messageType.rawValue,
              first.value.count == 2 else { return nil }
        return L2TPMessageType(rawValue: UInt16(first.value[0]) << 8 | UInt16(first.value[1]))
    }

    public func avp(_ type: L2TPAVPType) -> [UInt8]? {
        avps.first { $0.vendorID == 0 && $0.type == type.rawValue && !$0.hidden }?.value
    }

    /// The tunnel ID the peer chose for itself (in SCCRP and StopCCN).
    public var assignedTunnelID: UInt16? {
        avp(.assignedTunnelID).flatMap { $0.count == 2 ? UInt16($0[0]) << 8 | UInt16($0[1]) : nil }
    }

    public var hostName: String? { avp(.hostName).map { String(decoding: $0, as: UTF8.self) } }

    /// The Result Code AVP's result (StopCCN, CDN), when present.
    public var resultCode: UInt16? {
        avp(.resultCode).flatMap { $0.count >= 2 ? UInt16($0[0]) << 8 | UInt16($0[1]) : nil }
    }
}

enum L2TP {
    /// T (control), L (length present), S (sequence present), version 2.
    static let controlFlags: UInt16 = 0xC802
}
