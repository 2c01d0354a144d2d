import Foundation
import PluginKit
import Testing
import TestSupport

/// The WireGuard plugin, as the daemon drives it, on a kernel that has WireGuard: it
/// must take the kernel backend (no wireguard-go), carry traffic to a kernel WireGuard
/// server, and leave the client namespace exactly as it found it.
@Suite(.serialized) struct KernelWireGuardPluginTests {
    static let plugin = KernelEnvironment.binaries.appendingPathComponent("vpnctl-plugin-wireguard").path

    /// A descriptor whose executable runs the plugin inside `namespace`.
    func descriptor(in namespace: String, directory: TemporaryDirectory) throws -> PluginDescriptor {
        try directory.writeExecutable("wireguard-in-netns", "#!/bin/sh\nexec ip netns exec \(namespace) \(Self.plugin)\n")
        let file = try directory.write("wireguard.json", #"{"contract": 1, "name": "wireguard", "executable": "wireguard-in-netns", "protocols": [{"name": "wireguard", "transport": "udp"}]}"#)
        return try DescriptorParser.parse(Data(contentsOf: file), file: file.path)
    }

    @Test func connectsThroughKernelWireGuardAndLeavesNothingBehind() async throws {
        try KernelEnvironment.requireWireGuard()
        try #require(FileManager.default.isExecutableFile(atPath: Self.plugin), "\(Self.plugin) is not built")
        let pair = try KernelNamespacePair()
        defer { pair.down() }
        try pair.up()
        let directory = try TemporaryDirectory(prefix: "vpnctl-kernel-wg-plugin")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let before = try pair.clientSnapshot()

        // Emulated, a Swift binary starts slowly: generous deadlines.
        let (plugin, hello) = try await PluginConnection.launch(try descriptor(in: pair.client, directory: directory),
                                                                hostVersion: "test", timeout: .seconds(60))
        #expect(hello.usable)
        #expect(hello.notes == ["kernel WireGuard"])

        let params = ConnectParams(
            protocolName: "wireguard",
            server: ServerEndpoint(id: "test-001", hostname: "test-001.example.net", address: "198.51.100.2", port: 51820, transport: "udp"),
            parameters: ["public_key": pair.serverPublicKey],
            credentials: Credentials(privateKey: pair.clientPrivateKey, address: KernelNamespacePair.clientTunnelAddress),
            options: ConnectOptions(interfaceName: pair.clientInterface)
        )
        let state = try await plugin.call(Contract.Connect.self, params, timeout: .seconds(60))
        #expect(state.phase == .connected)
        #expect(state.interface == pair.clientInterface)
        #expect(state.addresses == [KernelNamespacePair.clientTunnelAddress])

        // The kernel backend, not wireguard-go: a `wireguard` link, no wireguard-go
        // process, no UAPI socket; the kernel reports the configuration the plugin set.
        #expect(try pair.clientLinkKind(pair.clientInterface) == "wireguard")
        #expect(!Shell.succeeds("pgrep", "-x", "wireguard-go"), "a wireguard-go process is running")
        #expect(!FileManager.default.fileExists(atPath: "/var/run/wireguard/\(pair.clientInterface).sock"))
        let clientDump = try Shell.output("ip", "netns", "exec", pair.client, "wg", "show", pair.clientInterface, "dump")
            .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(clientDump.count == 2)
        #expect(clientDump.first?[1] == pair.clientPublicKey)
        #expect(clientDump.first?[3] == "0xca6c")
        if clientDump.count == 2 {
            let peer = clientDump[1]
            #expect(peer[0] == pair.serverPublicKey)
            #expect(peer[2] == "198.51.100.2:51820")
            #expect(peer[3] == "0.0.0.0/0")
            #expect(peer[4] != "0", "no handshake recorded")
            #expect(peer[7] == "25")
        }

        // Traffic through the tunnel: the server's tunnel address answers, and the
        // server saw the handshake.
        _ = try Shell.output("ip", "netns", "exec", pair.client, "ping", "-c", "1", "-W", "5", KernelNamespacePair.serverTunnelAddress)
        let handshakes = try Shell.output("ip", "netns", "exec", pair.server, "wg", "show", pair.serverInterface, "latest-handshakes")
        #expect(!handshakes.isEmpty && !handshakes.hasSuffix("\t0"))
        let rules = try Shell.output("ip", "-n", pair.client, "rule", "show")
        #expect(rules.contains("not from all fwmark 0xca6c lookup 51820"))
        #expect(rules.contains("lookup main suppress_prefixlength 0"))
        let status = try await plugin.call(Contract.Status.self, StatusParams(), timeout: .seconds(30))
        #expect(status.phase == .connected)
        #expect((status.stats?.sentBytes ?? 0) > 0)
        #expect((status.stats?.receivedBytes ?? 0) > 0)

        let down = try await plugin.call(Contract.Disconnect.self, DisconnectParams(), timeout: .seconds(30))
        #expect(down.phase == .disconnected)
        await plugin.terminate()
        let after = try pair.clientSnapshot()
        #expect(after == before, "\(KernelNamespacePair.difference(before, after))")
    }

    /// With `address6`: the kernel's peer takes ::/0 as well, IPv6 reaches
    /// the server through the tunnel, and disconnect leaves nothing of it.
    @Test func carriesIPv6ThroughKernelWireGuardAndLeavesNothingBehind() async throws {
        try KernelEnvironment.requireWireGuard()
        try #require(FileManager.default.isExecutableFile(atPath: Self.plugin), "\(Self.plugin) is not built")
        let pair = try KernelNamespacePair()
        defer { pair.down() }
        try pair.up()
        let directory = try TemporaryDirectory(prefix: "vpnctl-kernel-wg-plugin")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let before = try pair.clientSnapshot()
        let (plugin, _) = try await PluginConnection.launch(try descriptor(in: pair.client, directory: directory),
                                                            hostVersion: "test", timeout: .seconds(60))
        let params = ConnectParams(
            protocolName: "wireguard",
            server: ServerEndpoint(id: "test-001", hostname: "test-001.example.net", address: "198.51.100.2", port: 51820, transport: "udp"),
            parameters: ["public_key": pair.serverPublicKey],
            credentials: Credentials(privateKey: pair.clientPrivateKey, address: KernelNamespacePair.clientTunnelAddress,
                                     address6: KernelNamespacePair.clientTunnelAddress6),
            options: ConnectOptions(interfaceName: pair.clientInterface)
        )
        let state = try await plugin.call(Contract.Connect.self, params, timeout: .seconds(60))
        #expect(state.addresses == [KernelNamespacePair.clientTunnelAddress, KernelNamespacePair.clientTunnelAddress6])
        let allowed = try Shell.output("ip", "netns", "exec", pair.client, "wg", "show", pair.clientInterface, "allowed-ips")
        #expect(allowed.contains("0.0.0.0/0") && allowed.contains("::/0"), "\(allowed)")
        _ = try Shell.output("ip", "netns", "exec", pair.client, "ping", "-6", "-c", "1", "-W", "5", KernelNamespacePair.serverTunnelAddress6)
        let rules = try Shell.output("ip", "-n", pair.client, "-6", "rule", "show")
        #expect(rules.contains("not from all fwmark 0xca6c lookup 51820") && rules.contains("lookup main suppress_prefixlength 0"), "\(rules)")

        let down = try await plugin.call(Contract.Disconnect.self, DisconnectParams(), timeout: .seconds(30))
        #expect(down.phase == .disconnected)
        await plugin.terminate()
        let after = try pair.clientSnapshot()
        #expect(after == before, "\(KernelNamespacePair.difference(before, after))")
    }
}
