import Foundation
import PluginKit
import Testing
import TestSupport

/// The OpenVPN plugin as the daemon drives it: its built executable in a
/// client namespace of the test's own, against a real openvpn server; after
/// disconnect (or a failure) the namespace is exactly as before.
@Suite(.serialized) struct OpenVPNPluginTests {
    static let plugin = PluginBinaries.directory.appendingPathComponent("vpnctl-plugin-openvpn").path

    /// A descriptor whose executable runs the plugin inside `namespace`.
    func descriptor(in namespace: String) throws -> (PluginDescriptor, TemporaryDirectory) {
        let directory = try TemporaryDirectory(prefix: "vpnctl-ovpn-plugin")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        try directory.writeExecutable("openvpn-in-netns", "#!/bin/sh\nexec ip netns exec \(namespace) \(Self.plugin)\n")
        let file = try directory.write("openvpn.json", #"{"contract": 1, "name": "openvpn", "executable": "openvpn-in-netns", "protocols": [{"name": "openvpn-udp", "transport": "udp"}, {"name": "openvpn-tcp", "transport": "tcp"}]}"#)
        return (try DescriptorParser.parse(Data(contentsOf: file), file: file.path), directory)
    }

    func launch(_ pair: OpenVPNNamespacePair) async throws -> (PluginConnection, InitializeResult, TemporaryDirectory) {
        let (descriptor, directory) = try descriptor(in: pair.client)
        let (plugin, hello) = try await PluginConnection.launch(descriptor, hostVersion: "test")
        return (plugin, hello, directory)
    }

    /// What the daemon sends to connect to the pair's server.
    static func connectParams(
        _ pair: OpenVPNNamespacePair, password: String = OpenVPNTestServer.password, dns: [String] = [], port: Int? = nil
    ) -> ConnectParams {
        let server = pair.server
        return ConnectParams(
            protocolName: "openvpn-\(server.transport.rawValue)",
            server: ServerEndpoint(id: "test-001", hostname: OpenVPNTestServer.hostname, address: TestNetwork.serverAddress,
                                   port: port ?? server.port, transport: server.transport.rawValue),
            parameters: ["ca": server.ca, "tls_crypt": server.tlsCrypt],
            credentials: Credentials(username: OpenVPNTestServer.username, password: password),
            options: ConnectOptions(interfaceName: pair.clientInterface, dns: dns)
        )
    }

    /// Connects, sends traffic through the tunnel, checks routing, DNS and
    /// the byte counts, disconnects, and compares the namespace.
    func connectPingAndDisconnect(_ transport: OpenVPNTestServer.Transport, dns: [String]) async throws {
        let pair = try await OpenVPNNamespacePair.start(transport, withResolvConf: !dns.isEmpty)
        defer { pair.down() }
        let before = try await pair.snapshot()
        let marks = try MarkCounter(namespace: pair.client, server: TestNetwork.serverAddress)
        defer { marks.remove() }
        let (plugin, hello, directory) = try await launch(pair)
        defer { directory.remove() }
        #expect(hello.usable)
        #expect(hello.protocols == ["openvpn-udp", "openvpn-tcp"])
        let notifications = NotificationCollector(plugin.notifications)

        let state = try await plugin.call(Contract.Connect.self, Self.connectParams(pair, dns: dns), timeout: .seconds(45))
        #expect(state.phase == .connected)
        #expect(state.interface == pair.clientInterface)
        let subnet = transport == .udp ? "198.18.100." : "198.18.101."
        #expect(state.addresses.count == 1)
        #expect(state.addresses.first?.hasPrefix(subnet) == true && state.addresses.first?.hasSuffix("/24") == true)

        let first = await notifications.first(within: .seconds(5)) { if case .stats = $0 { true } else { false } }
        guard case let .stats(initial)? = first else {
            Issue.record("no stats notification after connect")
            return
        }
        _ = try await offPool { try Shell.output("ip", "netns", "exec", pair.client, "ping", "-c", "3", "-i", "0.2", "-W", "3", pair.server.tunnelAddress) }
        // openvpn reports its counts once a second; the ping's bytes show in a later report.
        let moved = await notifications.first(within: .seconds(5)) {
            if case let .stats(stats) = $0 { stats.receivedBytes > initial.receivedBytes && stats.sentBytes > initial.sentBytes } else { false }
        }
        #expect(moved != nil, "the byte counts did not grow after a ping")
        let status = try await plugin.call(Contract.Status.self, StatusParams(), timeout: .seconds(5))
        #expect(status.phase == .connected)
        #expect((status.stats?.receivedBytes ?? 0) > initial.receivedBytes)
        #expect((status.stats?.sentBytes ?? 0) > initial.sentBytes)

        // Routing is the plugin's: wg-quick's rules, and nothing the server pushed.
        let rules = try await offPool { try Shell.output("ip", "-n", pair.client, "rule", "show") }
        #expect(rules.contains("not from all fwmark 0xca6c lookup 51820"))
        #expect(rules.contains("lookup main suppress_prefixlength 0"))
        let table = try await offPool { try Shell.output("ip", "-n", pair.client, "route", "show", "table", "51820") }
        #expect(table == "default dev \(pair.clientInterface) scope link")
        let main = try await offPool { try Shell.output("ip", "-n", pair.client, "route", "show") }
        #expect(!main.contains("203.0.113.0") && !main.contains("0.0.0.0/1"), "a pushed route was installed: \(main)")
        if let resolvConf = pair.resolvConf {
            let text = try String(contentsOfFile: resolvConf, encoding: .utf8)
            #expect(text.contains("nameserver \(dns[0])\n"))
            #expect(!text.contains("203.0.113.53"))
        }
        // The kill switch passes only marked packets to the server: every
        // packet openvpn sent there (handshake, control, the ping's) carried
        // `mark 51820`.
        let counted = try await offPool { try marks.counts() }
        #expect(counted.marked > 0)
        #expect(counted.unmarked == 0, "\(counted.unmarked) packets to the server left without the mark 0xca6c")

        let down = try await plugin.call(Contract.Disconnect.self, DisconnectParams(), timeout: .seconds(15))
        #expect(down.phase == .disconnected)
        await plugin.terminate()
        marks.remove()
        let after = try await pair.snapshot()
        #expect(after == before, "\(OpenVPNNamespacePair.difference(before, after))")
    }

    @Test func connectsOverUDPWithDNSAndLeavesNothingBehind() async throws {
        try await connectPingAndDisconnect(.udp, dns: ["198.18.100.1"])
    }

    @Test func connectsOverTCPAndLeavesNothingBehind() async throws {
        try await connectPingAndDisconnect(.tcp, dns: [])
    }

    @Test func aWrongPasswordIsAnAuthenticationErrorAndLeavesNothing() async throws {
        let pair = try await OpenVPNNamespacePair.start(.udp)
        defer { pair.down() }
        let before = try await pair.snapshot()
        let (plugin, _, directory) = try await launch(pair)
        defer { directory.remove() }
        do throws(PluginError) {
            _ = try await plugin.call(Contract.Connect.self, Self.connectParams(pair, password: "not the token"), timeout: .seconds(45))
            Issue.record("connected with a wrong password")
        } catch {
            #expect(error.description.contains("authentication failed"), "\(error)")
            #expect(!error.description.contains("not the token"))
        }
        // Nothing left while the plugin still runs, and nothing after.
        #expect(!FileManager.default.fileExists(atPath: pair.privateDirectory))
        await plugin.terminate()
        let after = try await pair.snapshot()
        #expect(after == before, "\(OpenVPNNamespacePair.difference(before, after))")
    }

    /// A port nobody listens on: TCP is refused at once, UDP stays silent
    /// until openvpn's poll timeout; either way an error and nothing left.
    @Test(arguments: [OpenVPNTestServer.Transport.tcp, .udp])
    func anUnreachableServerIsAnErrorAndLeavesNothing(_ transport: OpenVPNTestServer.Transport) async throws {
        let pair = try await OpenVPNNamespacePair.start(transport)
        defer { pair.down() }
        let before = try await pair.snapshot()
        let (plugin, _, directory) = try await launch(pair)
        defer { directory.remove() }
        do throws(PluginError) {
            _ = try await plugin.call(Contract.Connect.self, Self.connectParams(pair, port: 1999), timeout: .seconds(45))
            Issue.record("connected to a port nobody listens on")
        } catch {
            #expect(error.description.contains("port 1999"), "\(error)")
            #expect(error.description.contains("openvpn last said:"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: pair.privateDirectory))
        await plugin.terminate()
        let after = try await pair.snapshot()
        #expect(after == before, "\(OpenVPNNamespacePair.difference(before, after))")
    }

    /// The server's certificate names another host than the list says.
    @Test func aCertificateForAnotherHostIsRefused() async throws {
        let pair = try await OpenVPNNamespacePair.start(.tcp)
        defer { pair.down() }
        let before = try await pair.snapshot()
        let (plugin, _, directory) = try await launch(pair)
        defer { directory.remove() }
        var params = Self.connectParams(pair)
        params.server.hostname = "impostor.example.net"
        do throws(PluginError) {
            _ = try await plugin.call(Contract.Connect.self, params, timeout: .seconds(45))
            Issue.record("accepted a certificate for \(OpenVPNTestServer.hostname) as impostor.example.net")
        } catch {
            #expect(error.description.contains("certificate may not match impostor.example.net"), "\(error)")
        }
        await plugin.terminate()
        let after = try await pair.snapshot()
        #expect(after == before, "\(OpenVPNNamespacePair.difference(before, after))")
    }

    @Test func aKilledOpenVPNIsReportedAndCleanedUp() async throws {
        let pair = try await OpenVPNNamespacePair.start(.udp)
        defer { pair.down() }
        let before = try await pair.snapshot()
        let (plugin, _, directory) = try await launch(pair)
        defer { directory.remove() }
        let notifications = NotificationCollector(plugin.notifications)
        _ = try await plugin.call(Contract.Connect.self, Self.connectParams(pair), timeout: .seconds(45))
        let victim = try pair.openVPNPID()
        let killedAt = ContinuousClock.now
        try await offPool { try Shell.run("kill", "-9", victim) }
        let reported = await notifications.first(within: .seconds(5)) {
            if case let .state(state) = $0 { state.phase == .error } else { false }
        }
        guard case let .state(state)? = reported else {
            Issue.record("no error notification within 5 s of openvpn's death")
            return
        }
        #expect(ContinuousClock.now - killedAt < .seconds(5))
        #expect(state.reason == "openvpn was killed by signal 9")
        #expect(state.interface == pair.clientInterface)
        // The plugin cleaned up before it said so.
        let rules = try await offPool { try Shell.output("ip", "-n", pair.client, "rule", "show") }
        #expect(!rules.contains("51820"))
        #expect(!FileManager.default.fileExists(atPath: pair.privateDirectory))

        let down = try await plugin.call(Contract.Disconnect.self, DisconnectParams(), timeout: .seconds(15))
        #expect(down.phase == .disconnected)
        await plugin.terminate()
        let after = try await pair.snapshot()
        #expect(after == before, "\(OpenVPNNamespacePair.difference(before, after))")
    }

    @Test func aHungOpenVPNIsReportedAndCleanedUp() async throws {
        let pair = try await OpenVPNNamespacePair.start(.tcp)
        defer { pair.down() }
        let before = try await pair.snapshot()
        let (plugin, _, directory) = try await launch(pair)
        defer { directory.remove() }
        let notifications = NotificationCollector(plugin.notifications)
        _ = try await plugin.call(Contract.Connect.self, Self.connectParams(pair), timeout: .seconds(45))
        let victim = try pair.openVPNPID()
        try await offPool { try Shell.run("kill", "-STOP", victim) }
        // Five silent seconds make it hung; the report follows the cleanup.
        let reported = await notifications.first(within: .seconds(12)) {
            if case let .state(state) = $0 { state.phase == .error } else { false }
        }
        guard case let .state(state)? = reported else {
            Issue.record("no error notification for a hung openvpn")
            return
        }
        #expect(state.reason?.contains("stopped answering") == true, "\(state)")
        #expect(!FileManager.default.fileExists(atPath: pair.privateDirectory))
        await plugin.terminate()
        let after = try await pair.snapshot()
        #expect(after == before, "\(OpenVPNNamespacePair.difference(before, after))")
    }

    @Test func aFreshPluginRemovesWhatKilledOnesLeft() async throws {
        let pair = try await OpenVPNNamespacePair.start(.udp, withResolvConf: true)
        defer { pair.down() }
        // src_valid_mark included: its earlier value is kept where a fresh
        // plugin finds it.
        let before = try await pair.snapshot()
        let (plugin, _, directory) = try await launch(pair)
        defer { directory.remove() }
        _ = try await plugin.call(Contract.Connect.self, Self.connectParams(pair, dns: ["198.18.100.1"]), timeout: .seconds(45))
        let openvpn = try pair.openVPNPID()
        // Stopped first, so it cannot undo anything by itself (it would
        // leave once its management peer is gone) before the host's kill of
        // the plugin's group ends it too: what is left is the plugin's.
        try await offPool { try Shell.run("kill", "-STOP", openvpn) }
        kill(plugin.processIdentifier, SIGKILL)
        await plugin.terminate()
        let openvpnPID = try #require(pid_t(openvpn))
        #expect(await Processes.eventually { Processes.isGone(openvpnPID) }, "openvpn \(openvpn) outlived its killed plugin")
        let afterKill = try await pair.snapshot()
        #expect(afterKill != before, "a killed plugin cannot clean up")
        #expect(afterKill.contains("private directory: true"))
        #expect(afterKill.contains("dns backup: true"))

        let (fresh, _, freshDirectory) = try await launch(pair)
        defer { freshDirectory.remove() }
        let down = try await fresh.call(Contract.Disconnect.self, DisconnectParams(interface: pair.clientInterface), timeout: .seconds(20))
        #expect(down.phase == .disconnected)
        await fresh.terminate()
        let after = try await pair.snapshot()
        #expect(after == before, "\(OpenVPNNamespacePair.difference(before, after))")
    }

    /// A daemon that dies (kill -9) leaves its plugin with closed pipes
    /// and nobody to kill its group: the plugin itself must tear the tunnel
    /// down and end, though openvpn's byte counts keep it writing to a host
    /// that is gone (a plugin that died of SIGPIPE would leave it all up).
    @Test func aPluginWhoseHostDiesTearsItsTunnelDownAndEnds() async throws {
        let pair = try await OpenVPNNamespacePair.start(.udp, withResolvConf: true)
        defer { pair.down() }
        let before = try await pair.snapshot()
        let (descriptor, directory) = try descriptor(in: pair.client)
        defer { directory.remove() }
        let plugin = try HandDrivenPlugin(executable: descriptor.executable)
        _ = try await plugin.request(Contract.Initialize.name, InitializeParams(hostVersion: "test")).get()
        let state = try await plugin.request(Contract.Connect.name, Self.connectParams(pair, dns: ["198.18.100.1"])).get()
        #expect(try state.decode(TunnelState.self).phase == .connected)
        let openvpn = try #require(pid_t(try pair.openVPNPID()))

        try plugin.hostDies()
        let status = await plugin.process.exitStatus()
        #expect(status == 0, "the plugin ended with \(status), not by itself after its disconnect")
        #expect(kill(openvpn, 0) == -1 && errno == ESRCH, "openvpn \(openvpn) outlived its plugin")
        let after = try await pair.snapshot()
        #expect(after == before, "\(OpenVPNNamespacePair.difference(before, after))")
    }

    @Test func aFreshPluginRemovesWhatAKilledPluginAndOpenVPNLeft() async throws {
        let pair = try await OpenVPNNamespacePair.start(.tcp)
        defer { pair.down() }
        let before = try await pair.snapshot()
        let (plugin, _, directory) = try await launch(pair)
        defer { directory.remove() }
        _ = try await plugin.call(Contract.Connect.self, Self.connectParams(pair), timeout: .seconds(45))
        let openvpn = try pair.openVPNPID()
        try await offPool { try Shell.run("kill", "-9", openvpn) }
        kill(plugin.processIdentifier, SIGKILL)
        await plugin.terminate()
        let afterKill = try await pair.snapshot()
        #expect(afterKill.contains("private directory: true"))
        #expect(afterKill.contains("51820"), "the killed plugin's rules should still be there")

        let (fresh, _, freshDirectory) = try await launch(pair)
        defer { freshDirectory.remove() }
        _ = try await fresh.call(Contract.Disconnect.self, DisconnectParams(interface: pair.clientInterface), timeout: .seconds(20))
        await fresh.terminate()
        let after = try await pair.snapshot()
        #expect(after == before, "\(OpenVPNNamespacePair.difference(before, after))")
    }
}

enum PluginBinaries {
    static let directory = Bundle.main.executableURL?.deletingLastPathComponent()
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}
