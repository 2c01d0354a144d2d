import Addressing
/// A change to a WireGuard interface, sent as WG_CMD_SET_DEVICE. Fields left nil are
/// left as they are.
public struct WireGuardDeviceUpdate: Sendable, Equatable {
    public var interface: LinkSelector
    /// 32 zero bytes remove the key.
    public var privateKey: WireGuardPrivateKey?
    /// 0 picks a random port.
    public var listenPort: UInt16?
    /// 0 turns the mark off.
    public var fwmark: UInt32?
    /// Remove every current peer before adding `peers` (wg's `setconf` as opposed to `addconf`).
    public var replacePeers: Bool
    public var peers: [WireGuardPeerUpdate]

    public init(interface: LinkSelector, privateKey: WireGuardPrivateKey? = nil, listenPort: UInt16? = nil,
                fwmark: UInt32? = nil, replacePeers: Bool = false, peers: [WireGuardPeerUpdate] = []) {
        self.interface = interface
        self.privateKey = privateKey
        self.listenPort = listenPort
        self.fwmark = fwmark
        self.replacePeers = replacePeers
        self.peers = peers
    }
}

/// One peer's part of a `WireGuardDeviceUpdate`.
public struct WireGuardPeerUpdate: Sendable, Equatable {
    public var publicKey: WireGuardPublicKey
    /// Remove the peer (WGPEER_F_REMOVE_ME).
    public var remove: Bool
    /// Change the peer only if it exists; never create it (WGPEER_F_UPDATE_ONLY).
    public var updateOnly: Bool
    /// Drop the peer's current allowed IPs before adding `allowedIPs`.
    public var replaceAllowedIPs: Bool
    /// 32 zero bytes remove it.
    public var presharedKey: WireGuardPresharedKey?
    public var endpoint: WireGuardEndpoint?
    /// Seconds; 0 turns keepalives off.
    public var persistentKeepaliveInterval: UInt16?
    public var allowedIPs: [IPNetwork]

    public init(publicKey: WireGuardPublicKey, remove: Bool = false, updateOnly: Bool = false,
                replaceAllowedIPs: Bool = false, presharedKey: WireGuardPresharedKey? = nil,
                endpoint: WireGuardEndpoint? = nil, persistentKeepaliveInterval: UInt16? = nil,
                allowedIPs: [IPNetwork] = []) {
        self.publicKey = publicKey
        self.remove = remove
        self.updateOnly = updateOnly
        self.replaceAllowedIPs = replaceAllowedIPs
        self.presharedKey = presharedKey
        self.endpoint = endpoint
        self.persistentKeepaliveInterval = persistentKeepaliveInterval
        self.allowedIPs = allowedIPs
    }
}
