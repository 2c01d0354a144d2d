extension WireGuardMessages {
    /// Merges the messages of a WG_CMD_GET_DEVICE dump into one device.
    ///
    /// The kernel splits a large device across messages: device attributes come first,
    /// then peers continue in later messages, and a peer whose allowed IPs overflow one
    /// message reappears in the next with only its public key and the rest of its
    /// allowed IPs. As linux/wireguard.h asks of the receiver, adjacent peers with the
    /// same public key are coalesced.
    public static func decodeDevice(_ messages: [NetlinkMessage]) throws(WireFormatError) -> WireGuardDevice {
        var index: Int32?
        var name: String?
        var device = WireGuardDevice(interfaceIndex: 0, interfaceName: "")
        for message in messages {
            let attributes = try deviceAttributes(message.payload, command: WireGuardUAPI.getDevice)
            for attribute in attributes {
                switch attribute.type {
                case WireGuardDeviceAttribute.interfaceIndex:
                    index = Int32(bitPattern: try attribute.u32("WGDEVICE_A_IFINDEX"))
                case WireGuardDeviceAttribute.interfaceName:
                    name = attribute.string
                case WireGuardDeviceAttribute.privateKey:
                    device.privateKey = WireGuardPrivateKey(bytes: try attribute.bytes(count: WireGuardUAPI.keyLength, "WGDEVICE_A_PRIVATE_KEY"))
                case WireGuardDeviceAttribute.publicKey:
                    device.publicKey = WireGuardPublicKey(bytes: try attribute.bytes(count: WireGuardUAPI.keyLength, "WGDEVICE_A_PUBLIC_KEY"))
                case WireGuardDeviceAttribute.listenPort:
                    device.listenPort = try attribute.u16("WGDEVICE_A_LISTEN_PORT")
                case WireGuardDeviceAttribute.fwmark:
                    device.fwmark = try attribute.u32("WGDEVICE_A_FWMARK")
                case WireGuardDeviceAttribute.peers:
                    for entry in try attribute.nested() {
                        let peer = try decodePeer(entry)
                        if let last = device.peers.last, last.publicKey == peer.publicKey {
                            device.peers[device.peers.count - 1].allowedIPs += peer.allowedIPs
                        } else {
                            device.peers.append(peer)
                        }
                    }
                default:
                    break
                }
            }
        }
        guard let index, let name else { throw .missingAttribute(field: "WGDEVICE_A_IFINDEX and WGDEVICE_A_IFNAME") }
        device.interfaceIndex = index
        device.interfaceName = name
        return device
    }

    private static func decodePeer(_ entry: NetlinkAttribute) throws(WireFormatError) -> WireGuardPeer {
        let attributes = try entry.nested()
        guard let keyAttribute = attributes.first(ofType: WireGuardPeerAttribute.publicKey) else {
            throw .missingAttribute(field: "WGPEER_A_PUBLIC_KEY")
        }
        var peer = WireGuardPeer(publicKey: WireGuardPublicKey(bytes: try keyAttribute.bytes(count: WireGuardUAPI.keyLength, "WGPEER_A_PUBLIC_KEY"))!)
        for attribute in attributes {
            switch attribute.type {
            case WireGuardPeerAttribute.presharedKey:
                let key = WireGuardPresharedKey(bytes: try attribute.bytes(count: WireGuardUAPI.keyLength, "WGPEER_A_PRESHARED_KEY"))!
                peer.presharedKey = key.isZero ? nil : key
            case WireGuardPeerAttribute.endpoint:
                peer.endpoint = try WireGuardEndpoint.decode(socketAddress: attribute.payload)
            case WireGuardPeerAttribute.persistentKeepaliveInterval:
                peer.persistentKeepaliveInterval = try attribute.u16("WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL")
            case WireGuardPeerAttribute.lastHandshakeTime:
                var reader = ByteReader(Array(try attribute.bytes(count: 16, "WGPEER_A_LAST_HANDSHAKE_TIME")))
                let seconds = try reader.read(Int64.self, "tv_sec")
                let nanoseconds = try reader.read(Int64.self, "tv_nsec")
                peer.lastHandshake = seconds == 0 && nanoseconds == 0 ? nil : .init(seconds: seconds, nanoseconds: nanoseconds)
            case WireGuardPeerAttribute.receivedBytes:
                peer.receivedBytes = try attribute.u64("WGPEER_A_RX_BYTES")
            case WireGuardPeerAttribute.transmittedBytes:
                peer.transmittedBytes = try attribute.u64("WGPEER_A_TX_BYTES")
            case WireGuardPeerAttribute.allowedIPs:
                for allowed in try attribute.nested() { peer.allowedIPs.append(try decodeAllowedIP(allowed)) }
            case WireGuardPeerAttribute.protocolVersion:
                peer.protocolVersion = try attribute.u32("WGPEER_A_PROTOCOL_VERSION")
            default:
                break
            }
        }
        return peer
    }
}
