import Addressing
extension WireGuardMessages {
    /// Where the next SET_DEVICE message resumes: at a peer, and inside its allowed IPs
    /// once the peer's first part has been sent.
    private struct Cursor: Equatable {
        var peer = 0
        /// Nil until the peer's first part (flags, keys, endpoint) has gone out.
        var allowedIP: Int?
    }

    /// Encodes an update as WG_CMD_SET_DEVICE messages of at most `sizeLimit` bytes each
    /// (nlmsghdr included), split the way `wg` splits them:
    ///
    /// - the first message carries the device settings (private key, port, fwmark) and
    ///   WGDEVICE_F_REPLACE_PEERS; later ones only name the interface and add peers, so
    ///   the peer list is cleared once and appended to afterwards;
    /// - a peer whose allowed IPs do not fit is sent again at the start of the next
    ///   message with only its public key and the remaining allowed IPs: without
    ///   WGPEER_F_REPLACE_ALLOWEDIPS (that would drop the ones already sent) and without
    ///   its preshared key, endpoint or keepalive. WGPEER_F_REMOVE_ME and
    ///   WGPEER_F_UPDATE_ONLY travel with every part, so a continuation can never create
    ///   a peer that its first part declined to create.
    ///
    /// The kernel applies the messages in order; each needs its own acknowledgement.
    public static func setDevice(_ update: WireGuardDeviceUpdate, familyID: UInt16,
                                 sizeLimit: Int = defaultSizeLimit) throws(NetlinkError) -> [NetlinkRequest] {
        let operation = "configure WireGuard \(update.interface)"
        let payloadLimit = sizeLimit - NetlinkMessageHeader.size
        var requests: [NetlinkRequest] = []
        var cursor = Cursor()
        repeat {
            var writer = ByteWriter(capacity: sizeLimit)
            GenericNetlinkHeader(command: WireGuardUAPI.setDevice, version: WireGuardUAPI.version).encode(into: &writer)
            try appendInterface(update.interface, into: &writer)
            if requests.isEmpty { appendDeviceSettings(update, into: &writer) }
            guard writer.count <= payloadLimit else {
                throw .messageTooLarge(operation: operation, size: writer.count + NetlinkMessageHeader.size, limit: sizeLimit)
            }

            let start = cursor
            if cursor.peer < update.peers.count {
                let peers = writer.beginNested(type: WireGuardDeviceAttribute.peers)
                if writer.count <= payloadLimit {
                    appendPeers(update.peers, from: &cursor, into: &writer, limit: payloadLimit)
                }
                if writer.count > payloadLimit || writer.isEmptyNest(peers) {
                    writer.truncate(to: peers.offset)
                } else {
                    writer.endNested(peers)
                }
            }
            // A message that moves no peer forward would be followed by identical ones forever.
            if !requests.isEmpty && cursor == start {
                throw .messageTooLarge(operation: operation, size: peerHeadSize(update.peers[cursor.peer]), limit: sizeLimit)
            }
            requests.append(NetlinkRequest(type: NetlinkMessageType(rawValue: familyID),
                                           flags: [.request, .acknowledge], payload: writer.bytes))
        } while cursor.peer < update.peers.count
        return requests
    }

    /// Device-wide settings, in `wg`'s order: private key, listen port, fwmark, flags.
    private static func appendDeviceSettings(_ update: WireGuardDeviceUpdate, into writer: inout ByteWriter) {
        if let key = update.privateKey { writer.appendAttribute(type: WireGuardDeviceAttribute.privateKey, payload: key.secretBytes) }
        if let port = update.listenPort { writer.appendAttribute(type: WireGuardDeviceAttribute.listenPort, u16: port) }
        if let fwmark = update.fwmark { writer.appendAttribute(type: WireGuardDeviceAttribute.fwmark, u32: fwmark) }
        if update.replacePeers { writer.appendAttribute(type: WireGuardDeviceAttribute.flags, u32: WireGuardUAPI.replacePeers) }
    }

    /// Appends peers from the cursor until one part no longer fits; the cursor then
    /// says where the next message resumes.
    private static func appendPeers(_ peers: [WireGuardPeerUpdate], from cursor: inout Cursor,
                                    into writer: inout ByteWriter, limit: Int) {
        while cursor.peer < peers.count {
            let peer = peers[cursor.peer]
            let peerStart = writer.count
            let entry = writer.beginNested(type: 0)
            appendPeerHead(peer, continuing: cursor.allowedIP != nil, into: &writer)
            guard writer.count <= limit else {
                writer.truncate(to: peerStart)
                return
            }
            var next = cursor.allowedIP ?? 0
            cursor.allowedIP = next

            var full = false
            if next < peer.allowedIPs.count {
                let listStart = writer.count
                let list = writer.beginNested(type: WireGuardPeerAttribute.allowedIPs)
                full = writer.count > limit
                while !full && next < peer.allowedIPs.count {
                    let ipStart = writer.count
                    appendAllowedIP(peer.allowedIPs[next], into: &writer)
                    if writer.count > limit {
                        writer.truncate(to: ipStart)
                        full = true
                    } else {
                        next += 1
                    }
                }
                if writer.count > limit || writer.isEmptyNest(list) {
                    writer.truncate(to: listStart)
                } else {
                    writer.endNested(list)
                }
                cursor.allowedIP = next
            }
            writer.endNested(entry)
            if full { return }
            cursor = Cursor(peer: cursor.peer + 1, allowedIP: nil)
        }
    }

    /// The peer's public key and, in its first part only, everything but allowed IPs.
    private static func appendPeerHead(_ peer: WireGuardPeerUpdate, continuing: Bool, into writer: inout ByteWriter) {
        writer.appendAttribute(type: WireGuardPeerAttribute.publicKey, payload: peer.publicKey.bytes)
        var flags: UInt32 = 0
        if peer.remove { flags |= WireGuardPeerFlag.removeMe }
        if peer.updateOnly { flags |= WireGuardPeerFlag.updateOnly }
        if !continuing {
            if peer.replaceAllowedIPs { flags |= WireGuardPeerFlag.replaceAllowedIPs }
            if let key = peer.presharedKey { writer.appendAttribute(type: WireGuardPeerAttribute.presharedKey, payload: key.secretBytes) }
            if let endpoint = peer.endpoint { writer.appendAttribute(type: WireGuardPeerAttribute.endpoint, payload: endpoint.socketAddressBytes) }
            if let interval = peer.persistentKeepaliveInterval {
                writer.appendAttribute(type: WireGuardPeerAttribute.persistentKeepaliveInterval, u16: interval)
            }
        }
        if flags != 0 { writer.appendAttribute(type: WireGuardPeerAttribute.flags, u32: flags) }
    }

    private static func appendAllowedIP(_ prefix: IPNetwork, into writer: inout ByteWriter) {
        let entry = writer.beginNested(type: 0)
        writer.appendAttribute(type: WireGuardAllowedIPAttribute.family, u16: UInt16(prefix.family.rawValue))
        writer.appendAttribute(type: WireGuardAllowedIPAttribute.address, payload: prefix.address.bytes)
        writer.appendAttribute(type: WireGuardAllowedIPAttribute.cidrMask, u8: prefix.prefixLength)
        writer.endNested(entry)
    }

    /// Size of a peer's first part, for the error when even that does not fit a message.
    private static func peerHeadSize(_ peer: WireGuardPeerUpdate) -> Int {
        var writer = ByteWriter()
        appendPeerHead(peer, continuing: false, into: &writer)
        return writer.count + NetlinkAttribute.headerSize
    }
}
