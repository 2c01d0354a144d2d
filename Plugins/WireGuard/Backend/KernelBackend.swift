import Addressing
import Netlink
import PluginKit

/// The kernel's WireGuard: the link made over rtnetlink, keys and peer set
/// over the `wireguard` generic netlink family, as `wg` does.
struct KernelBackend: WireGuardBackend {
    let interface: String
    var name: String { "kernel" }

    /// Nil when the kernel has no WireGuard (the caller falls back).
    static func create(interface: String) async throws(NetlinkError) -> KernelBackend? {
        do {
            _ = try await NetlinkThread.run { () throws(NetlinkError) in
                try RTNetlink().createLink(name: interface, kind: .wireguard)
            }
            return KernelBackend(interface: interface)
        } catch .kernelLacksWireGuard {
            return nil
        }
    }

    func configure(_ configuration: DeviceConfiguration) async throws {
        guard let privateKey = WireGuardPrivateKey(bytes: configuration.privateKey.bytes) else { throw PluginFailure("bad private key") }
        let peers = try configuration.peers.map { peer throws -> WireGuardPeerUpdate in
            guard let key = WireGuardPublicKey(bytes: peer.publicKey.bytes),
                  let colon = peer.endpoint.lastIndex(of: ":"),
                  let address = IPAddress(String(peer.endpoint[..<colon])),
                  let port = UInt16(peer.endpoint[peer.endpoint.index(after: colon)...])
            else { throw PluginFailure("bad peer") }
            return WireGuardPeerUpdate(
                publicKey: key, replaceAllowedIPs: true, endpoint: WireGuardEndpoint(address: address, port: port),
                persistentKeepaliveInterval: peer.persistentKeepalive.map(UInt16.init), allowedIPs: peer.allowedIPs.compactMap(IPNetwork.init)
            )
        }
        let update = WireGuardDeviceUpdate(
            interface: .name(interface), privateKey: privateKey, listenPort: configuration.listenPort.map(UInt16.init),
            fwmark: configuration.firewallMark, replacePeers: true, peers: peers
        )
        try await NetlinkThread.run { () throws(NetlinkError) in try WireGuardNetlink().configure(update) }
    }

    func report() async throws -> DeviceReport {
        let device = try await NetlinkThread.run { () throws(NetlinkError) in try WireGuardNetlink().device(.name(interface)) }
        return DeviceReport(
            listenPort: Int(device.listenPort), firewallMark: device.fwmark,
            peers: device.peers.compactMap { peer in
                WireGuardKey(base64: peer.publicKey.base64).map {
                    DeviceReport.Peer(
                        publicKey: $0, endpoint: peer.endpoint?.description, allowedIPs: peer.allowedIPs.map(\.description),
                        lastHandshake: Int(peer.lastHandshake?.seconds ?? 0), receivedBytes: peer.receivedBytes, sentBytes: peer.transmittedBytes
                    )
                }
            }
        )
    }

    func remove() async {
        _ = try? await NetlinkThread.run { () throws(NetlinkError) in try RTNetlink().deleteLink(.name(interface)) }
    }
}
