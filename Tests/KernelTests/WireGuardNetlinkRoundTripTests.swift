#if canImport(Glibc)
import Glibc
#endif
import Addressing
import Netlink
import TestSupport
import Testing

/// The `wireguard` generic netlink family against the real kernel module: a large
/// device written with `WireGuardNetlink.configure` (many SET_DEVICE messages) and read
/// back with `WireGuardNetlink.device` (a multi-part GET_DEVICE dump) must come back as
/// it was sent, and `wg` (the reference tool) must see the same device.
@Suite struct WireGuardNetlinkRoundTripTests {
    static let peerCount = 300
    static let allowedIPsPerPeer = 40

    @Test func aDeviceWith300PeersOf40AllowedIPsComesBackIdentical() async throws {
        try KernelEnvironment.requireWireGuard()
        let namespace = try await PrivateNamespace.create()
        defer { namespace.close() }
        let rt = namespace.route
        try #require(try rt.links().map(\.name) == ["lo"], "not in a fresh namespace: nothing may be changed")

        var generator = SplitMix64(seed: 0x5EED_3000_0040)
        let privateKey = try #require(WireGuardPrivateKey(bytes: clamped(randomKey(&generator))))
        let peers = try (0 ..< Self.peerCount).map { try Self.peer($0, &generator) }
        let update = WireGuardDeviceUpdate(interface: .name("wg0"), privateKey: privateKey, listenPort: 51820,
                                           fwmark: 0xCA6C, replacePeers: true, peers: peers)

        let (link, device, messages) = try await NetlinkThread.run { () throws -> (Link, WireGuardDevice, Int) in
            let link = try rt.createLink(name: "wg0", kind: .wireguard)
            let wireguard = try WireGuardNetlink(socket: namespace.generic)
            try wireguard.configure(update)
            let messages = try WireGuardMessages.setDevice(update, familyID: wireguard.family.id).count
            return (link, try wireguard.device(.name("wg0")), messages)
        }
        #expect(link.kind == "wireguard")
        #expect(messages > 10, "the update should take many SET_DEVICE messages, took \(messages)")

        // Device-wide settings; the public key is the one `wg pubkey` derives.
        #expect(device.interfaceIndex == link.index)
        #expect(device.interfaceName == "wg0")
        #expect(device.privateKey == privateKey)
        let publicKey = try Shell.output("wg", "pubkey", input: try #require(device.privateKey).secretBase64)
        #expect(device.publicKey?.base64 == publicKey)
        #expect(device.listenPort == 51820)
        #expect(device.fwmark == 0xCA6C)

        // Peers: the kernel keeps them in the order they were added, but only the
        // content is compared; allowed IPs as sets (the kernel keeps them in a trie).
        #expect(device.peers.count == Self.peerCount)
        #expect(device.peers.map(\.publicKey) == peers.map(\.publicKey), "peers come back in the order they were added")
        let read = Dictionary(device.peers.map { ($0.publicKey, $0) }, uniquingKeysWith: { first, _ in first })
        var mismatches: [String] = []
        for sent in peers {
            guard let got = read[sent.publicKey] else {
                mismatches.append("\(sent.publicKey): missing")
                continue
            }
            if got.presharedKey != sent.presharedKey { mismatches.append("\(sent.publicKey): preshared key differs") }
            if got.endpoint != sent.endpoint { mismatches.append("\(sent.publicKey): endpoint \(got.endpoint.map(String.init(describing:)) ?? "none") ≠ \(sent.endpoint!)") }
            if got.persistentKeepaliveInterval != (sent.persistentKeepaliveInterval ?? 0) {
                mismatches.append("\(sent.publicKey): keepalive \(got.persistentKeepaliveInterval) ≠ \(sent.persistentKeepaliveInterval ?? 0)")
            }
            if got.allowedIPs.count != sent.allowedIPs.count || Set(got.allowedIPs) != Set(sent.allowedIPs) {
                let missing = Set(sent.allowedIPs).subtracting(got.allowedIPs), extra = Set(got.allowedIPs).subtracting(sent.allowedIPs)
                mismatches.append("\(sent.publicKey): \(got.allowedIPs.count) allowed IPs, missing \(missing.prefix(3)), extra \(extra.prefix(3))")
            }
            if got.lastHandshake != nil || got.receivedBytes != 0 || got.transmittedBytes != 0 {
                mismatches.append("\(sent.publicKey): traffic on a link that is down")
            }
            if got.protocolVersion != 1 { mismatches.append("\(sent.publicKey): protocol version \(String(describing: got.protocolVersion))") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) peers differ: \(mismatches.prefix(10))")

        // The reference tool reads the same device out of the same namespace.
        let dump = try Shell.output("nsenter", "--net=\(namespace.path)", "wg", "show", "wg0", "dump")
        let lines = dump.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(privateKey.secretBase64)\t\(publicKey)\t51820\t0xca6c")
        #expect(Set(lines.dropFirst().map(Self.sortingAllowedIPs)) == Set(peers.map(Self.dumpLine)))

        // Deleting the link takes every peer with it.
        try await NetlinkThread.run { try rt.deleteLink(.index(link.index)) }
        #expect(try rt.links().map(\.name) == ["lo"])
        let gone = try #require(throws: NetlinkError.self) {
            try WireGuardNetlink(socket: namespace.generic).device(.name("wg0"))
        }
        #expect(gone.errno == ENODEV)
    }

    /// Peer `n`: a random key; a preshared key on every third peer; an endpoint in
    /// 203.0.113.0/24 (every tenth in 2001:db8::/32); a keepalive on every fourth; 40
    /// allowed IPs alternating IPv4 (198.18.0.0/15) and IPv6 (2001:db8::/32), all
    /// distinct across peers (a prefix given to a second peer would move to it).
    static func peer(_ n: Int, _ generator: inout SplitMix64) throws -> WireGuardPeerUpdate {
        let publicKey = try #require(WireGuardPublicKey(bytes: randomKey(&generator)))
        let presharedKey = n % 3 == 0 ? WireGuardPresharedKey(bytes: randomKey(&generator)) : nil
        let endpoint = n % 10 == 7
            ? WireGuardEndpoint(address: try #require(IPAddress("2001:db8:ffff::\(String(n, radix: 16))")), port: 51820)
            : WireGuardEndpoint(address: .ipv4(203, 0, 113, UInt8(1 + n % 254)), port: UInt16(1024 + n))
        let allowedIPs = try (0 ..< allowedIPsPerPeer).map { j -> IPNetwork in
            let k = n * allowedIPsPerPeer + j
            let text: String
            switch j % 4 {
            case 0: // a host in 198.18.0.0/16
                let host = k / 4 * 2
                text = "198.18.\(host / 256).\(host % 256)/32"
            case 2: // a /28 in 198.19.0.0/16
                let network = k / 4
                text = "198.19.\(network / 16).\(network % 16 * 16)/28"
            case 1:
                text = "2001:db8:\(String(n, radix: 16)):\(String(j, radix: 16))::/64"
            default:
                text = "2001:db8:ffff:\(String(n, radix: 16))::\(String(j, radix: 16))/128"
            }
            return try #require(IPNetwork(text))
        }
        return WireGuardPeerUpdate(publicKey: publicKey, presharedKey: presharedKey, endpoint: endpoint,
                                   persistentKeepaliveInterval: n % 4 == 1 ? UInt16(15 + n % 50) : nil, allowedIPs: allowedIPs)
    }

    /// The line `wg show IF dump` prints for a peer that never had a handshake.
    static func dumpLine(_ peer: WireGuardPeerUpdate) -> String {
        [
            peer.publicKey.base64, peer.presharedKey?.secretBase64 ?? "(none)", peer.endpoint.map(\.description) ?? "(none)",
            peer.allowedIPs.map(\.description).sorted().joined(separator: ","), "0", "0", "0",
            peer.persistentKeepaliveInterval.map(String.init) ?? "off",
        ].joined(separator: "\t")
    }

    /// A dump line with its allowed IPs (fourth column) in sorted order.
    static func sortingAllowedIPs(_ line: String) -> String {
        var columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        if columns.count > 3 { columns[3] = columns[3].split(separator: ",").map(String.init).sorted().joined(separator: ",") }
        return columns.joined(separator: "\t")
    }
}

func randomKey(_ generator: inout SplitMix64) -> [UInt8] {
    (0 ..< 4).flatMap { _ in withUnsafeBytes(of: generator.next()) { Array($0) } }
}

/// A Curve25519 secret as the kernel stores it (it clamps whatever it is given).
func clamped(_ key: [UInt8]) -> [UInt8] {
    var key = key
    key[0] &= 248
    key[31] = (key[31] & 127) | 64
    return key
}

/// SplitMix64: a seeded generator, so a failure reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
