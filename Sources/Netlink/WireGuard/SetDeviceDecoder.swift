extension WireGuardMessages {
    /// Decodes WG_CMD_SET_DEVICE messages back into the update they carry, joining a
    /// peer continued at the start of the next message to its earlier part. The
    /// inverse of `setDevice`, used to check the splitting (and to log what was sent).
    public static func decodeSetDevice(_ requests: [NetlinkRequest]) throws(WireFormatError) -> WireGuardDeviceUpdate {
        var update: WireGuardDeviceUpdate?
        for request in requests {
            let attributes = try deviceAttributes(request.payload[...], command: WireGuardUAPI.setDevice)
            guard let interface = try interface(in: attributes) else {
                throw .missingAttribute(field: "WGDEVICE_A_IFNAME or WGDEVICE_A_IFINDEX")
            }
            let isFirst = update == nil
            var current = update ?? WireGuardDeviceUpdate(interface: interface)
            if let key = attributes.first(ofType: WireGuardDeviceAttribute.privateKey) {
                current.privateKey = WireGuardPrivateKey(bytes: try key.bytes(count: WireGuardUAPI.keyLength, "WGDEVICE_A_PRIVATE_KEY"))
            }
            if let port = attributes.first(ofType: WireGuardDeviceAttribute.listenPort) {
                current.listenPort = try port.u16("WGDEVICE_A_LISTEN_PORT")
            }
            if let fwmark = attributes.first(ofType: WireGuardDeviceAttribute.fwmark) {
                current.fwmark = try fwmark.u32("WGDEVICE_A_FWMARK")
            }
            if let flags = try attributes.first(ofType: WireGuardDeviceAttribute.flags)?.u32("WGDEVICE_A_FLAGS"),
               flags & WireGuardUAPI.replacePeers != 0 {
                current.replacePeers = true
            }
            if let peers = attributes.first(ofType: WireGuardDeviceAttribute.peers) {
                for (position, entry) in try peers.nested().enumerated() {
                    let part = try decodePeerUpdate(entry)
                    if !isFirst, position == 0, let last = current.peers.last, last.publicKey == part.publicKey {
                        current.peers[current.peers.count - 1].allowedIPs += part.allowedIPs
                    } else {
                        current.peers.append(part)
                    }
                }
            }
            update = current
        }
        guard let update else { throw .missingAttribute(field: "any WG_CMD_SET_DEVICE message") }
        return update
    }

    private static func decodePeerUpdate(_ entry: NetlinkAttribute) throws(WireFormatError) -> WireGuardPeerUpdate {
        let attributes = try entry.nested()
        guard let keyAttribute = attributes.first(ofType: WireGuardPeerAttribute.publicKey) else {
            throw .missingAttribute(field: "WGPEER_A_PUBLIC_KEY")
        }
        let publicKey = WireGuardPublicKey(bytes: try keyAttribute.bytes(count: WireGuardUAPI.keyLength, "WGPEER_A_PUBLIC_KEY"))!
        var peer = WireGuardPeerUpdate(publicKey: publicKey)
        if let flags = try attributes.first(ofType: WireGuardPeerAttribute.flags)?.u32("WGPEER_A_FLAGS") {
            peer.remove = flags & WireGuardPeerFlag.removeMe != 0
            peer.updateOnly = flags & WireGuardPeerFlag.updateOnly != 0
            peer.replaceAllowedIPs = flags & WireGuardPeerFlag.replaceAllowedIPs != 0
        }
        if let key = attributes.first(ofType: WireGuardPeerAttribute.presharedKey) {
            peer.presharedKey = WireGuardPresharedKey(bytes: try key.bytes(count: WireGuardUAPI.keyLength, "WGPEER_A_PRESHARED_KEY"))
        }
        if let endpoint = attributes.first(ofType: WireGuardPeerAttribute.endpoint) {
            peer.endpoint = try WireGuardEndpoint.decode(socketAddress: endpoint.payload)
        }
        peer.persistentKeepaliveInterval = try attributes.first(ofType: WireGuardPeerAttribute.persistentKeepaliveInterval)?
            .u16("WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL")
        if let list = attributes.first(ofType: WireGuardPeerAttribute.allowedIPs) {
            for allowed in try list.nested() { peer.allowedIPs.append(try decodeAllowedIP(allowed)) }
        }
        return peer
    }
}
