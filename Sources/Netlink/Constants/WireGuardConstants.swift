// Numbers of the `wireguard` generic netlink family, from linux/wireguard.h, restated
// because Glibc's module map does not expose them to Swift.

/// linux/wireguard.h.
enum WireGuardUAPI {
    static let familyName = "wireguard"   // WG_GENL_NAME
    static let version: UInt8 = 1         // WG_GENL_VERSION
    static let keyLength = 32             // WG_KEY_LEN

    static let getDevice: UInt8 = 0       // WG_CMD_GET_DEVICE
    static let setDevice: UInt8 = 1       // WG_CMD_SET_DEVICE

    static let replacePeers: UInt32 = 1 << 0  // WGDEVICE_F_REPLACE_PEERS
}

/// linux/wireguard.h: `enum wgdevice_attribute`.
enum WireGuardDeviceAttribute {
    static let interfaceIndex: UInt16 = 1
    static let interfaceName: UInt16 = 2
    static let privateKey: UInt16 = 3
    static let publicKey: UInt16 = 4
    static let flags: UInt16 = 5
    static let listenPort: UInt16 = 6
    static let fwmark: UInt16 = 7
    static let peers: UInt16 = 8
}

/// linux/wireguard.h: `enum wgpeer_flag`.
enum WireGuardPeerFlag {
    static let removeMe: UInt32 = 1 << 0
    static let replaceAllowedIPs: UInt32 = 1 << 1
    static let updateOnly: UInt32 = 1 << 2
}

/// linux/wireguard.h: `enum wgpeer_attribute`.
enum WireGuardPeerAttribute {
    static let publicKey: UInt16 = 1
    static let presharedKey: UInt16 = 2
    static let flags: UInt16 = 3
    static let endpoint: UInt16 = 4
    static let persistentKeepaliveInterval: UInt16 = 5
    static let lastHandshakeTime: UInt16 = 6
    static let receivedBytes: UInt16 = 7
    static let transmittedBytes: UInt16 = 8
    static let allowedIPs: UInt16 = 9
    static let protocolVersion: UInt16 = 10
}

/// linux/wireguard.h: `enum wgallowedip_attribute`.
enum WireGuardAllowedIPAttribute {
    static let family: UInt16 = 1
    static let address: UInt16 = 2
    static let cidrMask: UInt16 = 3
}
