/// What the plugin sets on a WireGuard device, whether the kernel's (over
/// generic netlink) or wireguard-go's (over its UAPI socket).
struct DeviceConfiguration: Sendable, Hashable {
    struct Peer: Sendable, Hashable {
        var publicKey: WireGuardKey
        /// "203.0.113.11:51820".
        var endpoint: String
        var allowedIPs: [String]
        var persistentKeepalive: Int?
    }

    var privateKey: WireGuardKey
    var listenPort: Int?
    var firewallMark: UInt32?
    var peers: [Peer]
}

/// A device as read back: what `wg show` prints.
struct DeviceReport: Sendable, Hashable {
    struct Peer: Sendable, Hashable {
        var publicKey: WireGuardKey
        var endpoint: String?
        var allowedIPs: [String]
        var lastHandshake: Int
        var receivedBytes: UInt64
        var sentBytes: UInt64
    }

    var listenPort: Int?
    var firewallMark: UInt32?
    var peers: [Peer]
}
