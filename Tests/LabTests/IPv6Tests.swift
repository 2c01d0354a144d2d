import Foundation
import Testing
import TestSupport

/// IPv6 in the lab as an ISP gives it (a routed home prefix, no NAT), and
/// through a WireGuard tunnel to a server that carries it.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct IPv6Tests {
    static let vpnctl = LabRunner.binaries.appendingPathComponent("vpnctl").path

    @Test func theHomeHasARoutedIPv6Prefix() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        let status = try lab.up()
        #expect(status["web_host_ipv6"] as? String == LabSession.webHost6)
        #expect((status["client"] as? [String: Any])?["address_ipv6"] as? String == "2001:db8:1::2")

        for target in [LabSession.webHost6, "2001:db8:1::1"] {
            let ping = try lab.runner.exec("client", "ping", "-6", "-c", "1", "-W", "5", target)
            #expect(ping.succeeded, "\(target): \(ping.summary)")
        }
        // No NAT for IPv6: the web host sees the client's own address.
        #expect(try lab.exitAddress6() == "2001:db8:1::2")
        // The router's RFC 6092 filter: nothing new comes in from outside.
        let inbound = try lab.runner.exec("inet", "ping", "-6", "-c", "1", "-W", "2", "-I", LabSession.webHost6, "2001:db8:1::2")
        #expect(inbound.succeeded, "echo requests may come in: \(inbound.summary)")
        let connect = try lab.runner.exec("inet", "curl", "-sS", "-6", "--max-time", "2", "http://[2001:db8:1::2]:9/")
        #expect(connect.status == 28, "a new connection from outside times out at the router: \(connect.summary)")

        // Only the servers that carry IPv6 say so in the list, and have an address.
        let list = try LabRunner.json(String(contentsOfFile: lab.stateDirectory + "/provider/servers.json", encoding: .utf8))
        let servers = try #require(list["servers"] as? [[String: Any]])
        let ipv6 = Dictionary(uniqueKeysWithValues: servers.map { ($0["id"] as! String, $0["ipv6"] as? String) })
        #expect(ipv6 == ["de-fra-001": "2001:db8:ff::11", "nl-ams-001": nil, "nl-ams-101": "2001:db8:ff::22", "us-nyc-101": nil])
        let serverPing = try lab.runner.exec("client", "ping", "-6", "-c", "1", "-W", "5", "2001:db8:ff::11")
        #expect(serverPing.succeeded, "\(serverPing.summary)")
    }

    @Test func wireGuardCarriesIPv6ToAServerThatOffersItAndLeavesNothing() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try lab.up()
        _ = try lab.runner.exec("client", Self.vpnctl, "plugins")
        let before = try lab.clientSnapshot()

        let connect = try lab.runner.exec("client", Self.vpnctl, "connect", "de-fra", "--protocol", "wireguard", "--json")
        try #require(connect.succeeded, "\(connect.summary)")
        let status = try LabRunner.json(connect.stdout)
        let addresses = status["addresses"] as? [String] ?? []
        #expect(addresses.count == 2 && addresses[1].hasPrefix("2001:db8:100::") && addresses[1].hasSuffix("/128"), "\(status)")
        let interface = try #require(status["interface"] as? String)

        // IPv6 leaves with the server's IPv6 address, and answers come back.
        #expect(try lab.exitAddress6() == "2001:db8:ff::11")
        #expect(try lab.exitAddress() == "203.0.113.11")
        let ping = try lab.runner.exec("client", "ping", "-6", "-c", "1", "-W", "5", LabSession.webHost6)
        #expect(ping.succeeded, "\(ping.summary)")
        let route = try lab.runner.exec("client", "ip", "-6", "route", "get", LabSession.webHost6).stdout
        #expect(route.contains("dev \(interface)"), "\(route)")
        let log = try String(contentsOfFile: lab.stateDirectory + "/logs/webhost.log", encoding: .utf8)
        #expect(log.contains("2001:db8:ff::11 GET /ip 200"), "the web host saw the server: \(log)")
        // On the wire: nothing to the web host, of either family, outside the
        // tunnel. (The LAN probes are the firewall's business: allow_lan.)
        let leaks = LeakHarness(lab)
        let wire = try leaks.once()
        #expect(wire.leakedProbes.allSatisfy { $0.hasSuffix("/router4") || $0.hasSuffix("/router6") }, "\(wire)")
        // TCP, UDP and ICMP to the web host, both families, go into the
        // tunnel; DNS to it is refused on the client (only the tunnel's
        // resolver may be asked).
        #expect(wire.tunnelPackets >= 6, "the web host's probes went into the tunnel: \(wire)")
        #expect(!wire.leakedProbes.contains { $0.hasPrefix("dns") }, "\(wire)")

        let disconnect = try lab.runner.exec("client", Self.vpnctl, "disconnect", "--json")
        #expect(try LabRunner.json(disconnect.stdout)["state"] as? String == "disconnected")
        let after = try lab.clientSnapshot()
        #expect(after == before, "\(LabSession.difference(before, after))")
        #expect(try lab.exitAddress6() == "2001:db8:1::2")
    }

    /// nl-ams-001 carries no IPv6: the plugin is given no IPv6 address and
    /// sets up no IPv6 (blocking it is the firewall's job).
    @Test func aServerWithoutIPv6GetsNoIPv6Setup() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try lab.up()
        let connect = try lab.runner.exec("client", Self.vpnctl, "connect", "nl-ams-001", "--protocol", "wireguard", "--json")
        try #require(connect.succeeded, "\(connect.summary)")
        let status = try LabRunner.json(connect.stdout)
        #expect((status["addresses"] as? [String])?.count == 1, "\(status)")
        let interface = try #require(status["interface"] as? String)
        let addresses = try lab.runner.exec("client", "ip", "-6", "address", "show", "dev", interface, "scope", "global").stdout
        #expect(addresses.isEmpty, "\(addresses)")
        let routes = try lab.runner.exec("client", "ip", "-6", "route", "show", "table", "all")
        #expect(routes.succeeded && !routes.stdout.contains("table 51820"), "\(routes.summary)")
        let rules = try lab.runner.exec("client", "ip", "-6", "rule", "show").stdout
        #expect(!rules.contains("51820"), "\(rules)")
        #expect(try lab.exitAddress() == "203.0.113.21")
        _ = try lab.runner.exec("client", Self.vpnctl, "disconnect")
    }
}
