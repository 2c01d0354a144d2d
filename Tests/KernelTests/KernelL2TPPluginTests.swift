import Foundation
import PluginKit
import Testing
import TestSupport

/// The L2TP/IPsec plugin, as the daemon drives it, on a kernel with PPP, L2TP and
/// ESP (the VM): IPsec in transport mode with a real charon responder, L2TP with a
/// real xl2tpd LNS, MS-CHAPv2 with the account token, a ping through the PPP link,
/// and after disconnect (or a dropped link) the client namespace exactly as before.
@Suite(.serialized) struct KernelL2TPPluginTests {
    static let plugin = KernelEnvironment.binaries.appendingPathComponent("vpnctl-plugin-l2tp").path

    static func requireL2TPKernel() throws {
        var info = stat()
        try #require(stat("/dev/ppp", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR,
                     "KernelL2TPPluginTests need /dev/ppp (modprobe ppp_generic); they run inside the VM of scripts/vm-test.sh")
        try #require(FileManager.default.fileExists(atPath: "/sys/module/esp4"),
                     "KernelL2TPPluginTests need esp4 (modprobe esp4); they run inside the VM of scripts/vm-test.sh")
        try #require(FileManager.default.isExecutableFile(atPath: plugin), "\(plugin) is not built")
    }

    func descriptor(in namespace: String, directory: TemporaryDirectory) throws -> PluginDescriptor {
        try directory.writeExecutable("l2tp-in-netns", "#!/bin/sh\nexec ip netns exec \(namespace) \(Self.plugin)\n")
        let file = try directory.write("l2tp.json", #"{"contract": 1, "name": "l2tp", "executable": "l2tp-in-netns", "protocols": [{"name": "l2tp-ipsec", "transport": "udp"}]}"#)
        return try DescriptorParser.parse(Data(contentsOf: file), file: file.path)
    }

    func params(_ lab: KernelL2TPServer) -> ConnectParams {
        ConnectParams(
            protocolName: "l2tp-ipsec",
            server: ServerEndpoint(id: "test-l2tp-001", hostname: "test-l2tp-001.example.net", address: TestNetwork.serverAddress, port: 500, transport: "udp"),
            parameters: ["ipsec_psk": KernelL2TPServer.psk],
            credentials: Credentials(username: "vpnctl", password: KernelL2TPServer.token),
            // No resolvers: the VM's /etc is read-only.
            options: ConnectOptions(interfaceName: lab.clientInterface, mtu: 1400)
        )
    }

    /// Server up, a folder for the descriptor, the plugin launched in the client.
    func setUp() throws -> (KernelL2TPServer, TemporaryDirectory) {
        let lab = try KernelL2TPServer()
        do {
            try lab.up()
        } catch {
            let logs = lab.logs()
            lab.down()
            throw KernelL2TPFailure(description: "\(error)\n\(logs)")
        }
        let directory = try TemporaryDirectory(prefix: "vpnctl-kernel-l2tp-plugin")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        return (lab, directory)
    }

    @Test func connectsThroughIPsecAndPPPAndLeavesNothingBehind() async throws {
        try Self.requireL2TPKernel()
        let (lab, directory) = try setUp()
        defer { lab.down() }
        let before = try lab.clientSnapshot()
        let marks = try MarkCounter(namespace: lab.client, server: TestNetwork.serverAddress)
        defer { marks.remove() }

        // Emulated, a Swift binary starts slowly: generous deadlines.
        let (plugin, hello) = try await PluginConnection.launch(try descriptor(in: lab.client, directory: directory), hostVersion: "test", timeout: .seconds(60))
        #expect(hello.usable)
        #expect(hello.notes == ["kernel PPP and ESP present"])

        let state: TunnelState
        do {
            state = try await plugin.call(Contract.Connect.self, params(lab), timeout: .seconds(120))
        } catch {
            await plugin.terminate()
            Issue.record("connect failed: \(error)\n\(lab.logs())")
            return
        }
        #expect(state.phase == .connected)
        #expect(state.interface == lab.clientInterface)
        #expect(state.addresses.first?.hasPrefix("198.18.102.") == true)

        // Traffic through the PPP link, carried by ESP in transport mode.
        _ = try Shell.output("ip", "netns", "exec", lab.client, "ping", "-c", "2", "-W", "5", KernelL2TPServer.serverTunnelAddress)
        let states = try Shell.output("ip", "-n", lab.client, "xfrm", "state")
        #expect(states.contains("proto esp"))
        #expect(states.contains("mode transport"))
        // The kill switch passes only marked packets to the server: the
        // outbound SA marks its ESP (set_mark_out), charon's sockets mark
        // IKE (socket-default's fwmark), and the plaintext L2TP leaves only
        // under the IPsec policy; nothing else went to the server.
        #expect(states.contains("output-mark 0xca6c"), "\(states)")
        let sockets = try Shell.output("ip", "netns", "exec", lab.client, "ss", "-uaen")
        let ikeSockets = sockets.split(separator: "\n").filter { $0.contains(":500 ") || $0.contains(":4500 ") }
        #expect(!ikeSockets.isEmpty && ikeSockets.allSatisfy { $0.contains("fwmark:0xca6c") }, "\(sockets)")
        let counted = try marks.counts()
        #expect(counted.marked > 0)
        #expect(counted.unmarked == 0, "\(counted.unmarked) packets to the server left without the mark 0xca6c")
        let rules = try Shell.output("ip", "-n", lab.client, "rule", "show")
        #expect(rules.contains("lookup main suppress_prefixlength 0"))
        let tunnelRoutes = try Shell.output("ip", "-n", lab.client, "route", "show", "table", "51820")
        #expect(tunnelRoutes.contains("default dev \(lab.clientInterface)"))
        // charon is in the plugin's process group, which the host kills
        // whole should the plugin die. (xl2tpd is started there too but
        // leaves it by its own setsid(), taking its pppd along: a fresh
        // plugin's cleanup stops them, as the next test shows.)
        let group = Processes.members(ofGroup: plugin.processGroup).compactMap { pid in
            (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(group.contains("charon"), "the plugin's group holds \(group)")
        // The secrets stay in the 0600 files: not in any daemon's argv.
        #expect(!lab.clientDaemons().contains { $0.contains(KernelL2TPServer.token) || $0.contains(KernelL2TPServer.psk) })
        let status = try await plugin.call(Contract.Status.self, StatusParams(), timeout: .seconds(30))
        #expect(status.phase == .connected)
        #expect((status.stats?.sentBytes ?? 0) > 0)

        let down = try await plugin.call(Contract.Disconnect.self, DisconnectParams(), timeout: .seconds(60))
        #expect(down.phase == .disconnected)
        await plugin.terminate()
        marks.remove()
        let after = try lab.clientSnapshot()
        #expect(after == before, "\(KernelNamespacePair.difference(before, after))")
    }

    @Test func aDroppedLinkIsReportedAndAFreshPluginCleansUp() async throws {
        try Self.requireL2TPKernel()
        let (lab, directory) = try setUp()
        defer { lab.down() }
        let before = try lab.clientSnapshot(includingSysctl: false)
        let descriptor = try descriptor(in: lab.client, directory: directory)
        let (plugin, _) = try await PluginConnection.launch(descriptor, hostVersion: "test", timeout: .seconds(60))
        do {
            _ = try await plugin.call(Contract.Connect.self, params(lab), timeout: .seconds(120))
        } catch {
            await plugin.terminate()
            Issue.record("connect failed: \(error)\n\(lab.logs())")
            return
        }
        // The client's pppd dies: the link goes, the plugin must say so.
        let pppd = try #require(Self.pppdPID(lab.clientInterface), "no pppd pid file for \(lab.clientInterface)")
        kill(pppd, SIGKILL)
        var reported: TunnelState?
        // Should the report never come, stopping the plugin ends the stream.
        let deadline = Task {
            try await Task.sleep(for: .seconds(60))
            await plugin.terminate()
        }
        for await notification in plugin.notifications {
            if case let .state(state) = notification, state.phase == .error {
                reported = state
                break
            }
        }
        deadline.cancel()
        #expect(reported?.reason?.contains("went down") == true || reported?.reason?.contains("exited") == true,
                 "\(String(describing: reported))")

        // The plugin is killed before it could disconnect; a fresh one cleans up.
        kill(plugin.processIdentifier, SIGKILL)
        for await _ in plugin.notifications {}
        let (fresh, _) = try await PluginConnection.launch(descriptor, hostVersion: "test", timeout: .seconds(60))
        _ = try await fresh.call(Contract.Disconnect.self, DisconnectParams(interface: lab.clientInterface), timeout: .seconds(60))
        await fresh.terminate()
        // src_valid_mark's earlier value died with the killed plugin; 1 is kept.
        let after = try lab.clientSnapshot(includingSysctl: false)
        #expect(after == before, "\(KernelNamespacePair.difference(before, after))")
    }

    /// pppd writes its pid to /var/run/<ifname>.pid.
    static func pppdPID(_ interface: String) -> pid_t? {
        (try? String(contentsOfFile: "/var/run/\(interface).pid", encoding: .utf8))
            .flatMap { pid_t($0.split(separator: "\n").first ?? "") }
    }
}

struct KernelL2TPFailure: Error, CustomStringConvertible {
    let description: String
}
