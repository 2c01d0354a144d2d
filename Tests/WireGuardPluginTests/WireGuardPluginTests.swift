import Foundation
import PluginKit
import Testing
import TestSupport

/// The WireGuard plugin, as the daemon drives it, in a client namespace of
/// the test's own against a real wireguard-go server: a handshake, traffic
/// through the tunnel, and after disconnect the namespace exactly as before.
@Suite(.serialized) struct WireGuardPluginTests {
    static let plugin = VPNCtlBinaries.directory.appendingPathComponent("vpnctl-plugin-wireguard").path

    /// A descriptor whose executable runs the plugin inside `namespace`.
    func descriptor(in namespace: String, directory: TemporaryDirectory) throws -> PluginDescriptor {
        try directory.writeExecutable("wireguard-in-netns", "#!/bin/sh\nexec ip netns exec \(namespace) \(Self.plugin)\n")
        let file = try directory.write("wireguard.json", #"{"contract": 1, "name": "wireguard", "executable": "wireguard-in-netns", "protocols": [{"name": "wireguard", "transport": "udp"}]}"#)
        return try DescriptorParser.parse(Data(contentsOf: file), file: file.path)
    }

    /// A namespace pair with its server up, and a place for the plugin's descriptor.
    func setUp() async throws -> (NamespacePair, TemporaryDirectory) {
        let pair = try NamespacePair()
        do {
            try await pair.start()
        } catch {
            pair.down()
            throw error
        }
        let directory = try TemporaryDirectory(prefix: "vpnctl-wg-plugin")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        return (pair, directory)
    }

    /// What the daemon would send to connect to the pair's server.
    func connectParams(_ pair: NamespacePair, port: Int = 51820, address: String = "198.51.100.2", address6: String? = nil) -> ConnectParams {
        let credentials = Credentials(privateKey: pair.clientPrivateKey, address: "198.19.0.7/32", address6: address6)
        return ConnectParams(
            protocolName: "wireguard",
            server: ServerEndpoint(id: "test-001", hostname: "test-001.example.net", address: address, port: port, transport: "udp"),
            parameters: ["public_key": pair.serverPublicKey],
            credentials: credentials,
            options: ConnectOptions(interfaceName: pair.clientInterface)
        )
    }

    @Test func connectsThroughWireGuardGoAndLeavesNothingBehind() async throws {
        let (pair, directory) = try await setUp()
        defer { pair.down() }
        let before = try await pair.snapshot()
        let marks = try MarkCounter(namespace: pair.client, server: "198.51.100.2")
        defer { marks.remove() }

        let (plugin, hello) = try await PluginConnection.launch(try descriptor(in: pair.client, directory: directory), hostVersion: "test")
        #expect(hello.usable)
        #expect(hello.notes == ["kernel module missing, using wireguard-go"])

        let params = connectParams(pair)
        let state = try await plugin.call(Contract.Connect.self, params, timeout: .seconds(30))
        #expect(state.phase == .connected)
        #expect(state.interface == pair.clientInterface)
        #expect(state.addresses == ["198.19.0.7/32"])

        // Traffic through the tunnel: the server's tunnel address answers, and
        // the server saw the handshake.
        _ = try await offPool { try Shell.output("ip", "netns", "exec", pair.client, "ping", "-c", "1", "-W", "3", "198.19.0.1") }
        let handshakes = try await offPool { try Shell.output("ip", "netns", "exec", pair.server, "wg", "show", pair.serverInterface, "latest-handshakes") }
        #expect(!handshakes.hasSuffix("\t0") && !handshakes.isEmpty)
        let rules = try await offPool { try Shell.output("ip", "-n", pair.client, "rule", "show") }
        #expect(rules.contains("not from all fwmark 0xca6c lookup 51820"))
        #expect(rules.contains("lookup main suppress_prefixlength 0"))
        let status = try await plugin.call(Contract.Status.self, StatusParams(), timeout: .seconds(5))
        #expect((status.stats?.sentBytes ?? 0) > 0)
        // The kill switch passes only marked packets to the server: the
        // device reads back the mark, and every packet wireguard-go sent
        // there (handshake, the ping's) carried it.
        let fwmark = try await offPool { try Shell.output("ip", "netns", "exec", pair.client, "wg", "show", pair.clientInterface, "fwmark") }
        #expect(fwmark == "0xca6c")
        let counted = try await offPool { try marks.counts() }
        #expect(counted.marked > 0)
        #expect(counted.unmarked == 0, "\(counted.unmarked) packets to the server left without the mark 0xca6c")

        let down = try await plugin.call(Contract.Disconnect.self, DisconnectParams(), timeout: .seconds(15))
        #expect(down.phase == .disconnected)
        await plugin.terminate()
        marks.remove()
        let after = try await pair.snapshot()
        #expect(after == before)
        #expect(!FileManager.default.fileExists(atPath: "/var/run/wireguard/\(pair.clientInterface).sock"))
    }

    /// With `address6` (a server that carries IPv6), IPv6 goes through the
    /// tunnel as IPv4 does, wg-quick style, and all of it goes on disconnect.
    @Test func carriesIPv6WithAnAddress6AndLeavesNothingBehind() async throws {
        let (pair, directory) = try await setUp()
        defer { pair.down() }
        let before = try await pair.snapshot()
        let (plugin, _) = try await PluginConnection.launch(try descriptor(in: pair.client, directory: directory), hostVersion: "test")
        let params = connectParams(pair, address6: "2001:db8:100::7/128")
        let state = try await plugin.call(Contract.Connect.self, params, timeout: .seconds(30))
        #expect(state.phase == .connected)
        #expect(state.addresses == ["198.19.0.7/32", "2001:db8:100::7/128"])

        _ = try await offPool { try Shell.output("ip", "netns", "exec", pair.client, "ping", "-6", "-c", "1", "-W", "3", "2001:db8:100::1") }
        let rules = try await offPool { try Shell.output("ip", "-n", pair.client, "-6", "rule", "show") }
        #expect(rules.contains("not from all fwmark 0xca6c lookup 51820"), "\(rules)")
        #expect(rules.contains("lookup main suppress_prefixlength 0"), "\(rules)")
        let routes = try await offPool { try Shell.output("ip", "-n", pair.client, "-6", "route", "show", "table", "51820") }
        #expect(routes.contains("default dev \(pair.clientInterface)"), "\(routes)")
        let peer = try await offPool { try Shell.output("ip", "netns", "exec", pair.client, "wg", "show", pair.clientInterface, "allowed-ips") }
        #expect(peer.contains("0.0.0.0/0") && peer.contains("::/0"), "\(peer)")

        let down = try await plugin.call(Contract.Disconnect.self, DisconnectParams(), timeout: .seconds(15))
        #expect(down.phase == .disconnected)
        await plugin.terminate()
        let after = try await pair.snapshot()
        #expect(after == before, "\(Self.difference(before, after))")
    }

    /// Without `address6`, nothing of IPv6: no address, no route, no rule,
    /// and the peer takes no IPv6 (the firewall blocks it instead).
    @Test func setsUpNoIPv6WithoutAnAddress6() async throws {
        let (pair, directory) = try await setUp()
        defer { pair.down() }
        let rulesBefore = try await offPool { try Shell.output("ip", "-n", pair.client, "-6", "rule", "show") }
        let (plugin, _) = try await PluginConnection.launch(try descriptor(in: pair.client, directory: directory), hostVersion: "test")
        _ = try await plugin.call(Contract.Connect.self, connectParams(pair), timeout: .seconds(30))
        let rules = try await offPool { try Shell.output("ip", "-n", pair.client, "-6", "rule", "show") }
        #expect(rules == rulesBefore)
        let routes = try await offPool { try Shell.output("ip", "-n", pair.client, "-6", "route", "show", "table", "all") }
        #expect(!routes.contains("table 51820") && !routes.contains("default"), "\(routes)")
        let addresses = try await offPool { try Shell.output("ip", "-n", pair.client, "-6", "address", "show", "dev", pair.clientInterface, "scope", "global") }
        #expect(addresses.isEmpty, "\(addresses)")
        let peer = try await offPool { try Shell.output("ip", "netns", "exec", pair.client, "wg", "show", pair.clientInterface, "allowed-ips") }
        #expect(peer.contains("0.0.0.0/0") && !peer.contains("::/0"), "\(peer)")
        _ = try await plugin.call(Contract.Disconnect.self, DisconnectParams(), timeout: .seconds(15))
        await plugin.terminate()
    }

    @Test func aServerThatNeverAnswersIsAnErrorAndCleanedUp() async throws {
        let (pair, directory) = try await setUp()
        defer { pair.down() }
        let before = try await pair.snapshot()
        let (plugin, _) = try await PluginConnection.launch(try descriptor(in: pair.client, directory: directory), hostVersion: "test")
        let params = connectParams(pair, port: 51999)
        do throws(PluginError) {
            _ = try await plugin.call(Contract.Connect.self, params, timeout: .seconds(30))
            Issue.record("connected to a port nobody listens on")
        } catch {
            #expect(error.description.contains("no handshake with the server within 10 s"))
        }
        await plugin.terminate()
        let after = try await pair.snapshot()
        #expect(after == before, "\(Self.difference(before, after))")
    }

    static func difference(_ before: String, _ after: String) -> String {
        let old = Set(before.split(separator: "\n")), new = Set(after.split(separator: "\n"))
        return "gone: \(old.subtracting(new)) added: \(new.subtracting(old))"
    }

    @Test func aDyingWireGuardGoIsReportedAsAnError() async throws {
        let (pair, directory) = try await setUp()
        defer { pair.down() }
        let (plugin, _) = try await PluginConnection.launch(try descriptor(in: pair.client, directory: directory), hostVersion: "test")
        let params = connectParams(pair)
        _ = try await plugin.call(Contract.Connect.self, params, timeout: .seconds(30))
        let victim = try await offPool { try Shell.output("pgrep", "-f", "wireguard-go -f \(pair.clientInterface)") }
        try await offPool { try Shell.run("kill", "-9", victim) }
        var reported: TunnelState?
        // Should the report never come, stopping the plugin ends the stream.
        let deadline = Task {
            try await Task.sleep(for: .seconds(10))
            await plugin.terminate()
        }
        defer { deadline.cancel() }
        for await notification in plugin.notifications {
            if case let .state(state) = notification, state.phase == .error {
                reported = state
                break
            }
        }
        #expect(reported?.reason == "wireguard-go exited unexpectedly")
        _ = try await plugin.call(Contract.Disconnect.self, DisconnectParams(), timeout: .seconds(15))
        await plugin.terminate()
        let rules = try await offPool { try Shell.output("ip", "-n", pair.client, "rule", "show") }
        #expect(!rules.contains("51820"))
    }

    @Test(arguments: [nil, "2001:db8:100::7/128"])
    func aFreshPluginRemovesWhatAKilledOneLeft(_ address6: String?) async throws {
        let (pair, directory) = try await setUp()
        defer { pair.down() }
        let before = try await pair.snapshot()
        let descriptor = try descriptor(in: pair.client, directory: directory)
        let (plugin, _) = try await PluginConnection.launch(descriptor, hostVersion: "test")
        let params = connectParams(pair, address6: address6)
        _ = try await plugin.call(Contract.Connect.self, params, timeout: .seconds(30))
        let wireguardGo = try #require(WireGuardGoProcess.find(interface: pair.clientInterface))
        kill(plugin.processIdentifier, SIGKILL)
        for await _ in plugin.notifications {}
        // Its wireguard-go dies with it (the host kills the plugin's
        // group), and the tunnel with it: no traffic flows through a tunnel
        // nobody owns.
        #expect(await Processes.eventually { Processes.isGone(wireguardGo) }, "wireguard-go \(wireguardGo) outlived its killed plugin")
        let afterKill = try await pair.snapshot()
        #expect(afterKill != before, "a killed plugin cannot clean up")
        #expect(!afterKill.contains("\"ifname\":\"\(pair.clientInterface)\""), "the tunnel's interface outlived its plugin")

        let (fresh, _) = try await PluginConnection.launch(descriptor, hostVersion: "test")
        _ = try await fresh.call(Contract.Disconnect.self, DisconnectParams(interface: pair.clientInterface), timeout: .seconds(15))
        await fresh.terminate()
        // Everything, src_valid_mark included: its earlier value was kept
        // where a fresh plugin finds it.
        let after = try await pair.snapshot()
        #expect(after == before, "\(Self.difference(before, after))")
    }

    /// A daemon that dies (kill -9) leaves its plugin with closed pipes
    /// and nobody to kill its group: the plugin itself must tear its
    /// tunnel down and end.
    @Test func aPluginWhoseHostDiesTearsItsTunnelDownAndEnds() async throws {
        let (pair, directory) = try await setUp()
        defer { pair.down() }
        let before = try await pair.snapshot()
        let plugin = try HandDrivenPlugin(executable: try descriptor(in: pair.client, directory: directory).executable)
        _ = try await plugin.request(Contract.Initialize.name, InitializeParams(hostVersion: "test")).get()
        let state = try await plugin.request(Contract.Connect.name, connectParams(pair)).get()
        #expect(try state.decode(TunnelState.self).phase == .connected)
        let wireguardGo = try #require(WireGuardGoProcess.find(interface: pair.clientInterface), "no wireguard-go for \(pair.clientInterface)")

        try plugin.hostDies()
        let status = await plugin.process.exitStatus()
        #expect(status == 0, "the plugin ended with \(status), not by itself after its disconnect")
        #expect(kill(wireguardGo, 0) == -1 && errno == ESRCH, "wireguard-go \(wireguardGo) outlived its plugin")
        let after = try await pair.snapshot()
        #expect(after == before, "\(Self.difference(before, after))")
    }

    @Test(arguments: [("198.51.100.2\nup /bin/sh", nil, "server.address"), ("198.51.100.2", "2001:db8:100::7/200", "credentials.address6"),
                      ("198.51.100.2", "198.19.0.8/32", "credentials.address6"), ("198.51.100.2", "2001:db8:100::7/128\nup", "credentials.address6")])
    func aBadRequestNamesTheFieldAndChangesNothing(_ address: String, _ address6: String?, _ field: String) async throws {
        let (pair, directory) = try await setUp()
        defer { pair.down() }
        let before = try await pair.snapshot()
        let (plugin, _) = try await PluginConnection.launch(try descriptor(in: pair.client, directory: directory), hostVersion: "test")
        let params = connectParams(pair, address: address, address6: address6)
        do throws(PluginError) {
            _ = try await plugin.call(Contract.Connect.self, params, timeout: .seconds(10))
            Issue.record("accepted a hostile request")
        } catch {
            #expect(error.description.contains(field), "\(error)")
        }
        await plugin.terminate()
        let after = try await pair.snapshot()
        #expect(after == before)
    }
}

enum VPNCtlBinaries {
    static let directory = Bundle.main.executableURL?.deletingLastPathComponent()
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}
