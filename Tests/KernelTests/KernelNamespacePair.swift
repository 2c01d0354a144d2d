import Foundation
import TestSupport

/// Two named network namespaces of the test's own, joined by a veth pair: a client
/// (198.51.100.1) and a server (198.51.100.2) whose WireGuard is the kernel's: a
/// `wireguard` link configured with `wg` (test infrastructure; the plugin uses neither
/// `ip` nor `wg`). Tunnel addresses in 198.19.0.0/16 and 2001:db8:100::/64.
final class KernelNamespacePair {
    let tag = String(UInt32.random(in: 0 ... 0xFFFFF), radix: 16)
    var client: String { "vpnctl-ktest-c-\(tag)" }
    var server: String { "vpnctl-ktest-s-\(tag)" }
    var serverInterface: String { "wgs\(tag)" }
    var clientInterface: String { "wgc\(tag)" }
    static let serverTunnelAddress = "198.19.0.1"
    static let clientTunnelAddress = "198.19.0.7/32"
    static let serverTunnelAddress6 = "2001:db8:100::1"
    static let clientTunnelAddress6 = "2001:db8:100::7/128"
    let secrets: TemporaryDirectory
    private(set) var serverPublicKey = ""
    private(set) var clientPrivateKey = ""
    private(set) var clientPublicKey = ""

    init() throws {
        secrets = try TemporaryDirectory(prefix: "vpnctl-kernel-wg-test")
    }

    func up() throws {
        try TestNetwork.makePair(client: client, server: server)
        // The pair has IPv6 off; the tunnels get it, for the address6 test:
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
        clientPublicKey = clientKeys.publicKey
        let keyFile = try secrets.write("server.key", serverKey + "\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)

        try Shell.run("ip", "-n", server, "link", "add", serverInterface, "type", "wireguard")
        try Shell.run("ip", "netns", "exec", server, "wg", "set", serverInterface, "private-key", keyFile.path, "listen-port", "51820",
                      "peer", clientPublicKey, "allowed-ips", "\(Self.clientTunnelAddress),\(Self.clientTunnelAddress6)")
        try Shell.run("ip", "-n", server, "address", "add", "\(Self.serverTunnelAddress)/16", "dev", serverInterface)
        try Shell.run("ip", "-n", server, "address", "add", "\(Self.serverTunnelAddress6)/64", "dev", serverInterface, "nodad")
        try Shell.run("ip", "-n", server, "link", "set", serverInterface, "up")
    }

    /// The client namespace's network state, to compare before and after: links,
    /// addresses, routes of every table, rules and src_valid_mark.
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

    /// IFLA_INFO_KIND of a client link, as `ip -d` reports it.
    func clientLinkKind(_ name: String) throws -> String? {
        let json = try Shell.output("ip", "-n", client, "-d", "-j", "link", "show", "dev", name)
        let links = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        return (links?.first?["linkinfo"] as? [String: Any])?["info_kind"] as? String
    }

    /// Deleting the namespaces deletes everything in them, the WireGuard links included.
    func down() {
        try? Shell.run("ip", "netns", "del", client)
        try? Shell.run("ip", "netns", "del", server)
        secrets.remove()
    }

    static func difference(_ before: String, _ after: String) -> String {
        let old = Set(before.split(separator: "\n")), new = Set(after.split(separator: "\n"))
        return "gone: \(old.subtracting(new)) added: \(new.subtracting(old))"
    }
}
