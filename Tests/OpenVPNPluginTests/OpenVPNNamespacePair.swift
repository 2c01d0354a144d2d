import Foundation
import TestSupport

/// Two namespaces of the test's own joined by a veth pair: the client
/// (198.51.100.1), where the plugin runs, and the server (198.51.100.2)
/// with a real openvpn server.
final class OpenVPNNamespacePair: @unchecked Sendable {
    let tag = String(UInt32.random(in: 0x10000...0xFFFFF), radix: 16)
    var client: String { "vpnctl-test-ovc-\(tag)" }
    var serverNamespace: String { "vpnctl-test-ovs-\(tag)" }
    var clientInterface: String { "ovc\(tag)" }
    let server: OpenVPNTestServer
    /// /etc/netns/<client>/resolv.conf: `ip netns exec` binds it over
    /// /etc/resolv.conf, so the plugin's DNS change stays in the namespace.
    private(set) var resolvConf: String?
    private var madeNetnsRoot = false

    init(transport: OpenVPNTestServer.Transport) throws {
        let tag = self.tag
        server = try OpenVPNTestServer(transport: transport, namespace: "vpnctl-test-ovs-\(tag)", device: "ovs\(tag)")
    }

    static func start(_ transport: OpenVPNTestServer.Transport, withResolvConf: Bool = false) async throws -> OpenVPNNamespacePair {
        let pair = try OpenVPNNamespacePair(transport: transport)
        do {
            try await offPool {
                try TestNetwork.makePair(client: pair.client, server: pair.serverNamespace)
                if withResolvConf { try pair.makeResolvConf() }
                try pair.server.start()
            }
        } catch {
            pair.down()
            throw error
        }
        return pair
    }

    private func makeResolvConf() throws {
        let directory = "/etc/netns/\(client)"
        madeNetnsRoot = !FileManager.default.fileExists(atPath: "/etc/netns")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(directory)/resolv.conf"
        try "nameserver 203.0.113.53\nsearch example.test\n".write(toFile: path, atomically: false, encoding: .utf8)
        resolvConf = path
    }

    var privateDirectory: String { "/run/vpnctl-openvpn/\(clientInterface)" }

    /// The openvpn the plugin started, from its pid file.
    func openVPNPID() throws -> String {
        try String(contentsOfFile: "\(privateDirectory)/openvpn.pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func snapshot() async throws -> String {
        try await offPool { try self.clientSnapshot() }
    }

    /// The client namespace as the plugin may change it: links, addresses,
    /// routes of all tables, rules, processes, src_valid_mark, the private
    /// directory, the DNS backup and resolv.conf.
    func clientSnapshot() throws -> String {
        let fileManager = FileManager.default
        return try [
            Shell.output("ip", "-n", client, "-j", "link", "show"),
            Shell.output("ip", "-n", client, "-j", "address", "show"),
            Shell.output("ip", "-n", client, "-j", "route", "show", "table", "all"),
            Shell.output("ip", "-n", client, "-j", "rule", "show"),
            "processes: " + Shell.output("ip", "netns", "pids", client).split(separator: "\n").sorted().joined(separator: ","),
            "private directory: \(fileManager.fileExists(atPath: privateDirectory))",
            "dns backup: \(fileManager.fileExists(atPath: "/run/vpnctl-dns/\(clientInterface).resolv.conf"))",
            "resolv.conf: " + (resolvConf.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "-"),
            Shell.output("ip", "netns", "exec", client, "cat", "/proc/sys/net/ipv4/conf/all/src_valid_mark"),
        ].joined(separator: "\n")
    }

    func down() {
        server.stop()
        // Whatever a failed test left running in the client namespace goes with it.
        if let pids = try? Shell.output("ip", "netns", "pids", client) {
            for pid in pids.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
        }
        try? Shell.run("ip", "netns", "del", client)
        try? Shell.run("ip", "netns", "del", serverNamespace)
        if let resolvConf {
            unlink(resolvConf)
            rmdir("/etc/netns/\(client)")
            if madeNetnsRoot { rmdir("/etc/netns") }
        }
        try? FileManager.default.removeItem(atPath: privateDirectory)
        rmdir("/run/vpnctl-openvpn")
        unlink("/run/vpnctl-dns/\(clientInterface).resolv.conf")
    }

    static func difference(_ before: String, _ after: String) -> String {
        let old = Set(before.split(separator: "\n")), new = Set(after.split(separator: "\n"))
        return "gone: \(old.subtracting(new)) added: \(new.subtracting(old))"
    }
}
