import Foundation
import TestSupport

/// Two network namespaces of the test's own, joined by a veth pair: a
/// client (198.51.100.1) and a WireGuard server (198.51.100.2, in the
/// tunnel 198.19.0.1 and 2001:db8:100::1) running
/// wireguard-go configured with `wg` (test infrastructure; the plugin itself
/// uses neither `ip` nor `wg`).
final class NamespacePair: @unchecked Sendable {
    let tag = String(UInt32.random(in: 0...0xFFFFF), radix: 16)
    var client: String { "vpnctl-test-wgc-\(tag)" }
    var server: String { "vpnctl-test-wgs-\(tag)" }
    var serverInterface: String { "wgs\(tag)" }
    var clientInterface: String { "wgc\(tag)" }
    let secrets: TemporaryDirectory
    private(set) var serverPublicKey = ""
    private(set) var clientPrivateKey = ""
    private var serverProcess: Process?

    init() throws {
        secrets = try TemporaryDirectory(prefix: "vpnctl-wg-test")
    }

    func up() throws {
        try TestNetwork.makePair(client: client, server: server)
        // The pair has IPv6 off; the tunnels get it, for the address6 tests:
        // links made from now on take `default` (the veths keep it off), and
        // without DAD their addresses are final at once.
        for namespace in [client, server] {
            try Shell.run("ip", "netns", "exec", namespace, "sysctl", "-qw",
                          "net.ipv6.conf.default.disable_ipv6=0", "net.ipv6.conf.default.accept_dad=0")
        }
        let serverKeys = try TestNetwork.wireGuardKeys()
        let serverKey = serverKeys.privateKey
        serverPublicKey = serverKeys.publicKey
        let clientKeys = try TestNetwork.wireGuardKeys()
        clientPrivateKey = clientKeys.privateKey
        let clientPublicKey = clientKeys.publicKey
        let keyFile = try secrets.write("server.key", serverKey + "\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["netns", "exec", server, "wireguard-go", "-f", serverInterface]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        serverProcess = process
        try Shell.waitFor(path: "/var/run/wireguard/\(serverInterface).sock")
        try Shell.run("ip", "netns", "exec", server, "wg", "set", serverInterface, "private-key", keyFile.path, "listen-port", "51820",
                      "peer", clientPublicKey, "allowed-ips", "198.19.0.7/32,2001:db8:100::7/128")
        try Shell.run("ip", "-n", server, "address", "add", "198.19.0.1/16", "dev", serverInterface)
        try Shell.run("ip", "-n", server, "address", "add", "2001:db8:100::1/64", "dev", serverInterface, "nodad")
        try Shell.run("ip", "-n", server, "link", "set", serverInterface, "up")
    }

    /// `up()` and `clientSnapshot()` wait for child processes: off the pool.
    func start() async throws { try await offPool { try self.up() } }

    func snapshot() async throws -> String {
        try await offPool { try self.clientSnapshot() }
    }

    /// The client namespace's network state, to compare before and after.
    func clientSnapshot() throws -> String {
        try [
            Shell.output("ip", "-n", client, "-j", "link", "show"),
            Shell.output("ip", "-n", client, "-j", "address", "show"),
            Shell.output("ip", "-n", client, "-j", "route", "show", "table", "all"),
            Shell.output("ip", "-n", client, "-j", "rule", "show"),
            Shell.output("ip", "-n", client, "-6", "-j", "route", "show", "table", "all"),
            Shell.output("ip", "-n", client, "-6", "-j", "rule", "show"),
            Shell.output("ip", "netns", "exec", client, "cat", "/proc/sys/net/ipv4/conf/all/src_valid_mark"),
        ].joined(separator: "\n")
    }

    func down() {
        serverProcess?.terminate()
        serverProcess?.waitUntilExit()
        try? Shell.run("ip", "netns", "del", client)
        try? Shell.run("ip", "netns", "del", server)
        secrets.remove()
    }
}
