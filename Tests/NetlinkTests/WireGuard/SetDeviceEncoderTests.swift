import Addressing
@testable import Netlink
import Testing

@Suite struct SetDeviceEncoderTests {
    static let familyID: UInt16 = 0x1B

    /// WG_CMD_SET_DEVICE for wg0 with a private key, port 51820, fwmark 0xca6c,
    /// WGDEVICE_F_REPLACE_PEERS and one peer (endpoint 203.0.113.5:51820, keepalive 25,
    /// WGPEER_F_REPLACE_ALLOWEDIPS, allowed 0.0.0.0/0 and ::/0), in `wg`'s attribute order.
    @Test func onePeerBytes() throws {
        let update = WireGuardDeviceUpdate(
            interface: .name("wg0"),
            privateKey: WireGuardPrivateKey(bytes: [UInt8](repeating: 0xAA, count: 32)),
            listenPort: 51820, fwmark: 0xCA6C, replacePeers: true,
            peers: [WireGuardPeerUpdate(publicKey: WireGuardPublicKey(bytes: [UInt8](repeating: 0xBB, count: 32))!,
                                        replaceAllowedIPs: true,
                                        endpoint: WireGuardEndpoint(address: IPAddress("203.0.113.5")!, port: 51820),
                                        persistentKeepaliveInterval: 25,
                                        allowedIPs: [IPNetwork("0.0.0.0/0")!, IPNetwork("::/0")!])])
        let requests = try WireGuardMessages.setDevice(update, familyID: Self.familyID)
        #expect(requests.count == 1)
        let aa = String(repeating: "aa ", count: 32), bb = String(repeating: "bb ", count: 32)
        #expect(requests[0].encoded(sequence: 9) == hex("""
            f0 00 00 00  1b 00  05 00  09 00 00 00  00 00 00 00
            01 01 00 00
            08 00 02 00  77 67 30 00
            24 00 03 00  \(aa)
            06 00 06 00  6c ca 00 00
            08 00 07 00  6c ca 00 00
            08 00 05 00  01 00 00 00
            98 00 08 80
              94 00 00 80
                24 00 01 00  \(bb)
                14 00 04 00  02 00 ca 6c cb 00 71 05 00 00 00 00 00 00 00 00
                06 00 05 00  19 00 00 00
                08 00 03 00  02 00 00 00
                48 00 09 80
                  1c 00 00 80  06 00 01 00 02 00 00 00  08 00 02 00 00 00 00 00  05 00 03 00 00 00 00 00
                  28 00 00 80  06 00 01 00 0a 00 00 00  14 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                               05 00 03 00 00 00 00 00
            """))
    }

    @Test func anUpdateWithoutPeersIsOneMessage() throws {
        let requests = try WireGuardMessages.setDevice(WireGuardDeviceUpdate(interface: .index(4), listenPort: 0), familyID: Self.familyID)
        #expect(requests.map(\.payload) == [hex("01 01 00 00  08 00 01 00 04 00 00 00  06 00 06 00 00 00 00 00")])
    }

    /// 300 peers with 40 allowed IPs each: far beyond one page, split like `wg` splits.
    @Test func largePeerSetsSplitUnderTheLimitAndDecodeToTheSameUpdate() throws {
        let update = Self.largeUpdate(peers: 300, allowedIPsPerPeer: 40)
        let limit = 4096
        let requests = try WireGuardMessages.setDevice(update, familyID: Self.familyID, sizeLimit: limit)

        #expect(requests.count > 1)
        for request in requests {
            #expect(request.encodedLength <= limit)
            #expect(request.type.rawValue == Self.familyID)
            #expect(request.flags == [.request, .acknowledge])
        }
        // Messages are filled, not sent half empty: all but the last use most of the page.
        for request in requests.dropLast() { #expect(request.encodedLength > limit - 200) }

        // Only the first message carries the device settings and REPLACE_PEERS.
        let deviceTypes = try requests.map { request in
            try WireGuardMessages.deviceAttributes(request.payload[...], command: 1).map(\.type)
        }
        #expect(Set(deviceTypes[0]).isSuperset(of: [WireGuardDeviceAttribute.privateKey, WireGuardDeviceAttribute.flags,
                                                    WireGuardDeviceAttribute.listenPort, WireGuardDeviceAttribute.fwmark]))
        for types in deviceTypes.dropFirst() {
            #expect(types == [WireGuardDeviceAttribute.interfaceName, WireGuardDeviceAttribute.peers])
        }

        // A peer continued in the next message carries only its key and allowed IPs.
        var continuations = 0
        for (previous, next) in zip(requests, requests.dropFirst()) {
            let last = try Self.peers(of: previous).last!
            let first = try Self.peers(of: next).first!
            guard try Self.publicKey(of: last) == Self.publicKey(of: first) else { continue }
            continuations += 1
            #expect(try first.nested().map(\.type) == [WireGuardPeerAttribute.publicKey, WireGuardPeerAttribute.allowedIPs])
        }
        #expect(continuations > 0)

        #expect(try WireGuardMessages.decodeSetDevice(requests) == update)
    }

    /// REMOVE_ME and UPDATE_ONLY go with every part; REPLACE_ALLOWEDIPS only with the first.
    @Test func continuationFlags() throws {
        var peer = Self.largeUpdate(peers: 1, allowedIPsPerPeer: 300).peers[0]
        peer.updateOnly = true
        let requests = try WireGuardMessages.setDevice(WireGuardDeviceUpdate(interface: .name("wg0"), peers: [peer]),
                                                       familyID: Self.familyID, sizeLimit: 4096)
        #expect(requests.count > 1)
        let flags = try requests.map { request in
            try Self.peers(of: request)[0].nested().first(ofType: WireGuardPeerAttribute.flags)?.u32("flags")
        }
        #expect(flags.first == WireGuardPeerFlag.replaceAllowedIPs | WireGuardPeerFlag.updateOnly)
        #expect(flags.dropFirst().allSatisfy { $0 == WireGuardPeerFlag.updateOnly })
        #expect(try WireGuardMessages.decodeSetDevice(requests).peers == [peer])
    }

    @Test func aLimitTooSmallForOnePeerIsAnError() {
        let update = Self.largeUpdate(peers: 2, allowedIPsPerPeer: 1)
        #expect(throws: NetlinkError.self) { try WireGuardMessages.setDevice(update, familyID: Self.familyID, sizeLimit: 120) }
    }

    // MARK: - Helpers

    static func largeUpdate(peers: Int, allowedIPsPerPeer: Int) -> WireGuardDeviceUpdate {
        var generator = SplitMix64(seed: 51820)
        func key() -> [UInt8] { (0 ..< 32).map { _ in UInt8.random(in: 0 ... 255, using: &generator) } }
        var peerUpdates: [WireGuardPeerUpdate] = []
        for index in 0 ..< peers {
            let endpoint: WireGuardEndpoint
            if index % 3 == 0 {
                endpoint = WireGuardEndpoint(address: IPAddress("2001:db8::\(String(index, radix: 16))")!, port: UInt16(10000 + index))
            } else {
                endpoint = WireGuardEndpoint(address: .ipv4(203, 0, 113, UInt8(index % 256)), port: 51820)
            }
            var allowedIPs: [IPNetwork] = []
            for ip in 0 ..< allowedIPsPerPeer {
                if ip % 2 == 0 {
                    allowedIPs.append(IPNetwork(address: .ipv4(198, 18, UInt8(index % 256), UInt8(ip % 256)), prefixLength: 32)!)
                } else {
                    allowedIPs.append(IPNetwork("2001:db8:\(String(index, radix: 16)):\(String(ip, radix: 16))::/64")!)
                }
            }
            peerUpdates.append(WireGuardPeerUpdate(
                publicKey: WireGuardPublicKey(bytes: key())!,
                replaceAllowedIPs: true,
                presharedKey: index % 2 == 0 ? WireGuardPresharedKey(bytes: key()) : nil,
                endpoint: endpoint,
                persistentKeepaliveInterval: index % 4 == 0 ? 25 : nil,
                allowedIPs: allowedIPs))
        }
        return WireGuardDeviceUpdate(interface: .name("wg0"), privateKey: WireGuardPrivateKey(bytes: key()),
                                     listenPort: 51820, fwmark: 0xCA6C, replacePeers: true, peers: peerUpdates)
    }

    static func peers(of request: NetlinkRequest) throws -> [NetlinkAttribute] {
        try WireGuardMessages.deviceAttributes(request.payload[...], command: 1)
            .first(ofType: WireGuardDeviceAttribute.peers)?.nested() ?? []
    }

    static func publicKey(of peer: NetlinkAttribute) throws -> [UInt8]? {
        try peer.nested().first(ofType: WireGuardPeerAttribute.publicKey).map { Array($0.payload) }
    }
}
