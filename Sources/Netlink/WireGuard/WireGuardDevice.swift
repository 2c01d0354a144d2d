import Addressing
/// A WireGuard interface's state, as WG_CMD_GET_DEVICE reports it (merged across the
/// dump's messages).
public struct WireGuardDevice: Sendable, Equatable {
    public var interfaceIndex: Int32
    public var interfaceName: String
    public var privateKey: WireGuardPrivateKey?
    public var publicKey: WireGuardPublicKey?
    public var listenPort: UInt16
    public var fwmark: UInt32
    public var peers: [WireGuardPeer]

    public init(interfaceIndex: Int32, interfaceName: String, privateKey: WireGuardPrivateKey? = nil,
                publicKey: WireGuardPublicKey? = nil, listenPort: UInt16 = 0, fwmark: UInt32 = 0,
                peers: [WireGuardPeer] = []) {
        self.interfaceIndex = interfaceIndex
        self.interfaceName = interfaceName
        self.privateKey = privateKey
        self.publicKey = publicKey
        self.listenPort = listenPort
        self.fwmark = fwmark
        self.peers = peers
    }
}

/// A peer as the kernel reports it.
public struct WireGuardPeer: Sendable, Equatable {
    public var publicKey: WireGuardPublicKey
    /// Nil when the peer has none (the kernel reports 32 zero bytes).
    public var presharedKey: WireGuardPresharedKey?
    public var endpoint: WireGuardEndpoint?
    /// Seconds; 0 when off.
    public var persistentKeepaliveInterval: UInt16
    /// Wall-clock time of the last handshake; nil when there was none.
    public var lastHandshake: Timestamp?
    public var receivedBytes: UInt64
    public var transmittedBytes: UInt64
    public var allowedIPs: [IPNetwork]
    public var protocolVersion: UInt32?

    /// `struct __kernel_timespec`.
    public struct Timestamp: Sendable, Hashable {
        public var seconds: Int64
        public var nanoseconds: Int64

        public init(seconds: Int64, nanoseconds: Int64) {
            self.seconds = seconds
            self.nanoseconds = nanoseconds
        }
    }

    public init(publicKey: WireGuardPublicKey, presharedKey: WireGuardPresharedKey? = nil, endpoint: WireGuardEndpoint? = nil,
                persistentKeepaliveInterval: UInt16 = 0, lastHandshake: Timestamp? = nil, receivedBytes: UInt64 = 0,
                transmittedBytes: UInt64 = 0, allowedIPs: [IPNetwork] = [], protocolVersion: UInt32? = nil) {
        self.publicKey = publicKey
        self.presharedKey = presharedKey
        self.endpoint = endpoint
        self.persistentKeepaliveInterval = persistentKeepaliveInterval
        self.lastHandshake = lastHandshake
        self.receivedBytes = receivedBytes
        self.transmittedBytes = transmittedBytes
        self.allowedIPs = allowedIPs
        self.protocolVersion = protocolVersion
    }
}
