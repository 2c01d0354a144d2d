import Foundation
import Testing
import TestSupport

/// `vpnctl connect` in the lab, the product's whole path: the daemon started
/// on demand in the home client's namespace, the signed list from the lab's
/// provider, a registered device key, the WireGuard plugin (wireguard-go on
/// this kernel) through the NAT router, and the exit seen by the web host.
@Suite(.serialized) struct ConnectTests {
    static let vpnctl = LabRunner.binaries.appendingPathComponent("vpnctl").path

    @Test(arguments: [("free", "de-fra", "de-fra-001", "203.0.113.11"), ("premium", "us-nyc", "us-nyc-101", "203.0.113.31")])
    func connectsSendsThroughTheTunnelAndLeavesNothing(_ account: String, _ location: String, _ server: String, _ exit: String) async throws {
        let hostResolvers = FileManager.default.contents(atPath: "/etc/resolv.conf")
        let lab = try await LabSession.make()
        defer {
            lab.close()
            #expect(FileManager.default.contents(atPath: "/etc/resolv.conf") == hostResolvers, "the machine's own resolv.conf must never change")
            #expect(!FileManager.default.fileExists(atPath: "/etc/netns/vpnlab-client"))
        }
        try lab.up()
        // The daemon runs from here on (started by `plugins`); what the
        // connection adds must be gone after disconnect.
        let plugins = try lab.runner.exec("client", account: account, Self.vpnctl, "plugins")
        // Here wireguard-go; in the VM (scripts/vm-test.sh) the kernel's WireGuard.
        let backend = FileManager.default.fileExists(atPath: "/sys/module/wireguard") ? "kernel WireGuard" : "kernel module missing, using wireguard-go"
        #expect(plugins.stdout.contains("wireguard: wireguard — usable (\(backend))"), "\(plugins.summary)")
        let before = try lab.clientSnapshot(account: account)
        #expect(before.contains("processes: [\"vpnctld\"]"))
        #expect(try lab.exitAddress() == "203.0.113.2")

        let connect = try lab.runner.exec("client", account: account, Self.vpnctl, "connect", location, "--json")
        try #require(connect.succeeded, "\(connect.summary)")
        let status = try LabRunner.json(connect.stdout)
        #expect(status["state"] as? String == "connected")
        #expect(status["server"] as? String == server)
        #expect(status["protocol"] as? String == "wireguard")
        #expect((status["addresses"] as? [String])?.first?.hasPrefix("198.19.") == true)
        // The kernel's own device in the VM, wireguard-go's tun here.
        let link = try lab.runner.exec("client", "ip", "-d", "link", "show", status["interface"] as? String ?? "?").stdout
        #expect(link.contains(backend == "kernel WireGuard" ? "wireguard" : "tun"), "\(link)")
        // The web host sees the location server's exit, not the home router,
        // and names resolve through the tunnel's resolver.
        #expect(try lab.exitAddress() == exit)
        let resolvers = try lab.runner.exec("client", "cat", "/etc/resolv.conf").stdout
        #expect(resolvers.contains("nameserver 198.19.0.1"), "\(resolvers)")
        let ping = try lab.runner.exec("client", "ping", "-c", "1", "-W", "5", LabSession.webHost)
        #expect(ping.succeeded, "\(ping.summary)")
        // The plugin's counters: the handshake, the curl and the ping moved bytes both ways.
        let live = try LabRunner.json(lab.runner.exec("client", account: account, Self.vpnctl, "status", "--json").stdout)
        #expect(live["state"] as? String == "connected")
        #expect((live["rx_bytes"] as? Int ?? 0) > 0, "\(live)")
        #expect((live["tx_bytes"] as? Int ?? 0) > 0, "\(live)")

        let disconnect = try lab.runner.exec("client", account: account, Self.vpnctl, "disconnect", "--json")
        #expect(try LabRunner.json(disconnect.stdout)["state"] as? String == "disconnected")
        #expect(try lab.exitAddress() == "203.0.113.2")
        let after = try lab.clientSnapshot(account: account)
        #expect(after == before, "\(LabSession.difference(before, after))")
    }

    @Test func theSecondFreeDeviceIsRefused() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try lab.up()
        let first = try lab.runner.exec("client", account: "free", Self.vpnctl, "connect", "de-fra")
        try #require(first.succeeded, "\(first.summary)")
        _ = try lab.runner.exec("client", account: "free", Self.vpnctl, "disconnect")
        // Forget this machine's key: the next connect registers a new device.
        let state = lab.stateDirectory + "/client/free/state"
        try? FileManager.default.removeItem(atPath: state + "/device.key")
        try? FileManager.default.removeItem(atPath: state + "/device.json")
        let second = try lab.runner.exec("client", account: "free", Self.vpnctl, "connect", "de-fra")
        #expect(second.status == 3, "\(second.summary)")
        #expect(second.stderr.contains("no device left"))
    }

    @Test func aKilledDaemonLeavesNothingOnceANewOneStarts() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try lab.up()
        _ = try lab.runner.exec("client", account: "free", Self.vpnctl, "plugins")
        let before = try lab.clientSnapshot()
        let connect = try lab.runner.exec("client", account: "free", Self.vpnctl, "connect", "de-fra")
        try #require(connect.succeeded, "\(connect.summary)")
        #expect(try lab.exitAddress() == "203.0.113.11")

        let config = lab.stateDirectory + "/client/free/config.toml"
        let daemon = try #require(LabSession.processes { $0.contains("vpnctld") && $0.contains(config) }.first)
        kill(daemon, SIGKILL)
        // The plugin sees its host gone and takes the tunnel down; a new
        // daemon finds the dead one's record and makes sure of it.
        try awaitCondition("the WireGuard plugin to exit after the daemon died", timeout: .seconds(20)) {
            LabSession.processes { $0.contains("vpnctl-plugin-wireguard") }.isEmpty
        }
        let restart = try lab.runner.exec("client", account: "free", Self.vpnctl, "plugins")
        #expect(restart.succeeded, "\(restart.summary)")
        // The tunnel is gone, the block is not: in error until the user says.
        let status = try lab.runner.exec("client", account: "free", Self.vpnctl, "status", "--json")
        #expect(try LabRunner.json(status.stdout)["state"] as? String == "error")
        let blocked = try lab.runner.exec("client", "ping", "-c", "1", "-W", "2", LabSession.webHost)
        #expect(!blocked.succeeded, "nothing leaves while the block holds: \(blocked.summary)")
        let disconnect = try lab.runner.exec("client", account: "free", Self.vpnctl, "disconnect", "--json")
        #expect(try LabRunner.json(disconnect.stdout)["state"] as? String == "disconnected")
        #expect(!FileManager.default.fileExists(atPath: lab.stateDirectory + "/client/free/state/connection.json"))
        let after = try lab.clientSnapshot()
        #expect(after == before, "\(LabSession.difference(before, after))")
        #expect(try lab.exitAddress() == "203.0.113.2")
    }
}
