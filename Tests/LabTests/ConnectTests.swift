import Foundation
import Testing
import TestSupport

/// `vpnctl connect` in the lab, the product's whole path: the daemon started
/// on demand in the home client's namespace, the signed list from the lab's
/// provider, a registered device key, the WireGuard plugin (wireguard-go on
/// this kernel) through the NAT router, and the exit seen by the web host.
@Suite(.serialized) struct ConnectTests {
    static let webHost = "198.51.100.80"
    static let vpnctl = LabRunner.binaries.appendingPathComponent("vpnctl").path

    /// What the client namespace holds, to compare before and after: the
    /// network state, the processes running there, and the files in the
    /// daemon's runtime directory.
    func clientSnapshot(_ lab: LabSession, account: String = "free") throws -> String {
        let network = try [
            ["ip", "-j", "link", "show"], ["ip", "-j", "address", "show"], ["ip", "-j", "route", "show", "table", "all"],
            ["ip", "-j", "rule", "show"], ["nft", "list", "ruleset"], ["cat", "/proc/sys/net/ipv4/conf/all/src_valid_mark"],
            ["cat", "/etc/resolv.conf"],
        ].map { command in
            let outcome = try lab.runner.exec("client", arguments: command)
            guard outcome.succeeded else { throw LabTestError("\(command.joined(separator: " ")): \(outcome.summary)") }
            return outcome.stdout
        }
        let pids = try LabRunner.run("/usr/sbin/ip", ["netns", "pids", "vpnlab-client"], environment: [:]).stdout
        let processes = pids.split(separator: "\n").compactMap { pid in
            (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }.sorted()
        let runtime = (try? FileManager.default.contentsOfDirectory(atPath: lab.stateDirectory + "/client/\(account)/run")) ?? []
        return (network + ["processes: \(processes)", "runtime: \(runtime.sorted())"]).joined(separator: "\n")
    }

    func exitAddress(_ lab: LabSession) throws -> String {
        try lab.runner.exec("client", "curl", "-sS", "--max-time", "10", "http://\(Self.webHost)/ip").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: [("free", "de-fra", "de-fra-001", "203.0.113.11"), ("premium", "us-nyc", "us-nyc-101", "203.0.113.31")])
    func connectsSendsThroughTheTunnelAndLeavesNothing(_ account: String, _ location: String, _ server: String, _ exit: String) throws {
        let hostResolvers = FileManager.default.contents(atPath: "/etc/resolv.conf")
        let lab = try LabSession()
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
        let before = try clientSnapshot(lab, account: account)
        #expect(before.contains("processes: [\"vpnctld\"]"))
        #expect(try exitAddress(lab) == "203.0.113.2")

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
        #expect(try exitAddress(lab) == exit)
        let resolvers = try lab.runner.exec("client", "cat", "/etc/resolv.conf").stdout
        #expect(resolvers.contains("nameserver 198.19.0.1"), "\(resolvers)")
        let ping = try lab.runner.exec("client", "ping", "-c", "1", "-W", "5", Self.webHost)
        #expect(ping.succeeded, "\(ping.summary)")
        // The plugin's counters: the handshake, the curl and the ping moved bytes both ways.
        let live = try LabRunner.json(lab.runner.exec("client", account: account, Self.vpnctl, "status", "--json").stdout)
        #expect(live["state"] as? String == "connected")
        #expect((live["rx_bytes"] as? Int ?? 0) > 0, "\(live)")
        #expect((live["tx_bytes"] as? Int ?? 0) > 0, "\(live)")

        let disconnect = try lab.runner.exec("client", account: account, Self.vpnctl, "disconnect", "--json")
        #expect(try LabRunner.json(disconnect.stdout)["state"] as? String == "disconnected")
        #expect(try exitAddress(lab) == "203.0.113.2")
        let after = try clientSnapshot(lab, account: account)
        #expect(after == before, "\(Self.difference(before, after))")
    }

    @Test func theSecondFreeDeviceIsRefused() throws {
        let lab = try LabSession()
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

    @Test func aKilledDaemonLeavesNothingOnceANewOneStarts() throws {
        let lab = try LabSession()
        defer { lab.close() }
        try lab.up()
        _ = try lab.runner.exec("client", account: "free", Self.vpnctl, "plugins")
        let before = try clientSnapshot(lab)
        let connect = try lab.runner.exec("client", account: "free", Self.vpnctl, "connect", "de-fra")
        try #require(connect.succeeded, "\(connect.summary)")
        #expect(try exitAddress(lab) == "203.0.113.11")

        let config = lab.stateDirectory + "/client/free/config.toml"
        let daemon = try #require(Self.processes { $0.contains("vpnctld") && $0.contains(config) }.first)
        kill(daemon, SIGKILL)
        // The plugin sees its host gone and takes the tunnel down; a new
        // daemon finds the dead one's record and makes sure of it.
        try awaitCondition("the WireGuard plugin to exit after the daemon died", timeout: .seconds(20)) {
            Self.processes { $0.contains("vpnctl-plugin-wireguard") }.isEmpty
        }
        let restart = try lab.runner.exec("client", account: "free", Self.vpnctl, "plugins")
        #expect(restart.succeeded, "\(restart.summary)")
        let status = try lab.runner.exec("client", account: "free", Self.vpnctl, "status", "--json")
        #expect(try LabRunner.json(status.stdout)["state"] as? String == "disconnected")
        #expect(!FileManager.default.fileExists(atPath: lab.stateDirectory + "/client/free/state/tunnel.json"))
        let after = try clientSnapshot(lab)
        #expect(after == before, "\(Self.difference(before, after))")
        #expect(try exitAddress(lab) == "203.0.113.2")
    }

    static func difference(_ before: String, _ after: String) -> String {
        let old = Set(before.split(separator: "\n")), new = Set(after.split(separator: "\n"))
        return "gone: \(old.subtracting(new)), added: \(new.subtracting(old))"
    }

    /// Processes (not zombies) whose command line matches.
    static func processes(_ matching: (String) -> Bool) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { name in
            guard let pid = Int32(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"), !data.isEmpty else { return nil }
            let command = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return matching(command) ? pid : nil
        }
    }
}
