import Foundation
import TestSupport

/// A small world of the test's own for what needs the responder: a client,
/// a home router (nftables masquerade, the PPTP conntrack helper, switches
/// that drop what home routers drop) and a server running the real
/// `vpnctl-responder`, with the server's WireGuard-port redirect. The
/// router's WAN link has a smaller MTU than the LAN, for the MTU search.
///
///     client 198.18.0.2 ── 198.18.0.1 [router] 203.0.113.2 ══(MTU 1400)══ 203.0.113.11 [server]
final class ProbeWorld: @unchecked Sendable {
    static let clientAddress = "198.18.0.2"
    static let routerLAN = "198.18.0.1"
    static let routerWAN = "203.0.113.2"
    static let serverAddress = "203.0.113.11"
    static let wanMTU = 1400
    static let probePort = 3478

    let tag = String(UInt32.random(in: 0...0xFFFFF), radix: 16)
    var client: String { "vpnprb-c-\(tag)" }
    var router: String { "vpnprb-r-\(tag)" }
    var server: String { "vpnprb-s-\(tag)" }
    var namespaces: [String] { [client, router, server] }
    var clientNamespacePath: String { "/var/run/netns/\(client)" }

    private var responder: ProbeResponderProcess?

    /// Builds the namespaces and starts the responder; on failure, tears down what was made.
    func up() throws {
        do {
            try build()
            try startResponder()
        } catch {
            down()
            throw error
        }
    }

    private func build() throws {
        for namespace in namespaces {
            try Shell.run("ip", "netns", "add", namespace)
            try Shell.run("ip", "netns", "exec", namespace, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")
            try Shell.run("ip", "-n", namespace, "link", "set", "lo", "up")
        }
        try Shell.run("ip", "-n", client, "link", "add", "eth0", "type", "veth", "peer", "name", "lan0", "netns", router)
        try Shell.run("ip", "-n", router, "link", "add", "wan0", "mtu", "\(Self.wanMTU)", "type", "veth", "peer", "name", "eth0", "mtu", "\(Self.wanMTU)", "netns", server)
        try Shell.run("ip", "-n", client, "address", "add", "\(Self.clientAddress)/24", "dev", "eth0")
        try Shell.run("ip", "-n", router, "address", "add", "\(Self.routerLAN)/24", "dev", "lan0")
        try Shell.run("ip", "-n", router, "address", "add", "\(Self.routerWAN)/24", "dev", "wan0")
        try Shell.run("ip", "-n", server, "address", "add", "\(Self.serverAddress)/24", "dev", "eth0")
        for (namespace, link) in [(client, "eth0"), (router, "lan0"), (router, "wan0"), (server, "eth0")] {
            try Shell.run("ip", "-n", namespace, "link", "set", link, "up")
        }
        try Shell.run("ip", "-n", client, "route", "add", "default", "via", Self.routerLAN)
        try Shell.run("ip", "netns", "exec", router, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        try setRouter(blocking: [])
    }

    /// The router's ruleset: NAT, the PPTP helper, and a drop for each of
    /// `blocking` (nftables match expressions for packets from the LAN).
    func setRouter(blocking: [String]) throws {
        let drops = blocking.map { "        iifname \"lan0\" \($0) drop" }.joined(separator: "\n")
        _ = try Shell.output(["ip", "netns", "exec", router, "nft", "-f", "-"], input: """
            table ip vpnprb {}
            delete table ip vpnprb
            table ip vpnprb {
                ct helper pptp-helper {
                    type "pptp" protocol tcp
                    l3proto ip
                }
                chain forward {
                    type filter hook forward priority filter; policy accept;
            \(drops)
                    iifname "lan0" tcp dport 1723 ct helper set "pptp-helper"
                    ct state established,related accept
                    iifname "wan0" oifname "lan0" drop
                }
                chain postrouting {
                    type nat hook postrouting priority srcnat; policy accept;
                    oifname "wan0" masquerade
                }
            }
            """)
    }

    private func startResponder() throws {
        responder = try ProbeResponderProcess(namespace: server, address: Self.serverAddress, port: Self.probePort)
    }

    var responderLog: String { responder?.log ?? "" }

    /// Stops the responder and removes every namespace; safe to call more than once.
    func down() {
        responder?.stop()
        responder = nil
        for namespace in namespaces { try? Shell.run("ip", "netns", "del", namespace) }
    }

    var remains: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []).filter { $0.hasSuffix("-\(tag)") && $0.hasPrefix("vpnprb-") }
    }
}
