import Addressing
import Firewall
import Foundation
import TestSupport
import Testing
import VPNCore

/// The rules in a real kernel: applied in a namespace of the test's own,
/// read back, and judged by real packets.
@Suite(.serialized) struct FirewallKernelTests {
    static let server = Relay(address: IPAddress(FirewallNamespace.serverAddress)!, purpose: .server)
    static let lan = IPNetwork("192.0.2.0/24")!

    @Test func blockingLetsOnlyMarkedPacketsToTheServerAndTheLAN() async throws {
        let network = try FirewallNamespace(tag: "block")
        #expect(network.ping(FirewallNamespace.webAddress), "without the table the web host answers: the check itself works")

        let policy = FirewallPolicy(blocking: true, relays: [Self.server], localNetworks: [Self.lan])
        let milliseconds = try await network.inHost {
            let start = ContinuousClock.now
            try Firewall().apply(policy)
            return (ContinuousClock.now - start) / .milliseconds(1)
        }
        print("firewall: blocking policy applied and read back in \(String(format: "%.2f", milliseconds)) ms")

        #expect(!network.ping(FirewallNamespace.webAddress), "the web host is outside the tunnel")
        #expect(!network.ping(FirewallNamespace.serverAddress), "the server, but not from vpnctl (no mark)")
        #expect(network.ping(FirewallNamespace.serverAddress, mark: FirewallPolicy.mark), "the server, from vpnctl")
        #expect(network.ping(FirewallNamespace.routerAddress), "the LAN (allow_lan)")

        try network.sendDNSQuery(to: FirewallNamespace.routerAddress)
        let table = try #require(try await network.inHost { try Firewall().installed() })
        #expect(table.count("DNS outside the tunnel") == 1, "DNS to the LAN router is refused too")
        #expect(table.count("blocked outside the tunnel") >= 2)
    }

    @Test func withoutTheLANTheRouterIsBlockedToo() async throws {
        let network = try FirewallNamespace(tag: "nolan")
        try await network.inHost {
            try Firewall().apply(FirewallPolicy(blocking: true, relays: [Self.server]))
        }
        #expect(!network.ping(FirewallNamespace.routerAddress))
        #expect(network.ping(FirewallNamespace.serverAddress, mark: FirewallPolicy.mark))
    }

    @Test func replacingAndRemovingLeaveNothingBehind() async throws {
        let network = try FirewallNamespace(tag: "swap")
        let before = try Shell.listRuleset(in: network.host)
        try await network.inHost {
            let firewall = Firewall()
            try firewall.apply(FirewallPolicy(blocking: true, relays: [Self.server], localNetworks: [Self.lan]))
            // Replaced whole: a second policy leaves no rule of the first.
            try firewall.apply(FirewallPolicy(blocking: true))
            let table = try #require(try firewall.installed())
            #expect(table.chains.first { $0.name == "output" }?.comments.contains("the VPN server, vpnctl's packets only") == false)
        }
        #expect(!network.ping(FirewallNamespace.serverAddress, mark: FirewallPolicy.mark), "the first policy's server is gone")
        try await network.inHost {
            try Firewall().apply(nil)
            try Firewall().apply(nil) // idempotent
            #expect(try Firewall().installed() == nil)
        }
        #expect(try Shell.listRuleset(in: network.host) == before)
        #expect(network.ping(FirewallNamespace.webAddress))
    }

    @Test func theConnectPathGrowsTheTableAndEndsAsAWholeApplyWould() async throws {
        let network = try FirewallNamespace(tag: "grow")
        let lan = [Self.lan]
        let tunnel = TunnelPassage(interface: "vpnctl-wg", addresses: [IPAddress("198.19.0.7")!], resolvers: [IPAddress("198.19.0.1")!], carriesIPv6: false)
        let preparing = FirewallPolicy(blocking: true, localNetworks: lan)
        let toward = FirewallPolicy(blocking: true, relays: [Self.server], localNetworks: lan)
        let connected = FirewallPolicy(blocking: true, relays: [Self.server], localNetworks: lan, tunnel: tunnel)
        let (grown, whole, times) = try await network.inHost {
            let firewall = Firewall()
            try firewall.apply(preparing)
            var times: [Double] = []
            for (policy, previous) in [(toward, preparing), (connected, toward)] {
                let start = ContinuousClock.now
                try firewall.apply(policy, replacing: previous)
                times.append((ContinuousClock.now - start) / .milliseconds(1))
            }
            let grown = try firewall.installed()
            let start = ContinuousClock.now
            try firewall.apply(connected)
            times.append((ContinuousClock.now - start) / .milliseconds(1))
            return (grown, try firewall.installed(), times)
        }
        print("firewall: grown in \(times[0...1].map { String(format: "%.2f", $0) }) ms, replaced whole in \(String(format: "%.2f", times[2])) ms")
        #expect(grown?.chains.map(\.comments) == whole?.chains.map(\.comments), "grown or replaced, the same rules in the same order")
        #expect(network.ping(FirewallNamespace.serverAddress, mark: FirewallPolicy.mark))
        #expect(!network.ping(FirewallNamespace.webAddress))
    }

    @Test func aTableThatIsNotTheOneBelievedIsReplacedWhole() async throws {
        let network = try FirewallNamespace(tag: "drift")
        let believed = FirewallPolicy(blocking: true, localNetworks: [Self.lan])
        let wanted = FirewallPolicy(blocking: true, relays: [Self.server], localNetworks: [Self.lan])
        let table = try await network.inHost {
            let firewall = Firewall()
            // In the kernel: something else than what the caller believes.
            try firewall.apply(FirewallPolicy(blocking: true))
            try firewall.apply(wanted, replacing: believed)
            return try firewall.installed()
        }
        let expected = Ruleset(policy: wanted).chains.map { $0.rules.map(\.comment) }
        #expect(table?.chains.map(\.comments) == expected)
        #expect(network.ping(FirewallNamespace.serverAddress, mark: FirewallPolicy.mark))
    }

    @Test func aTunnelGuardAloneBlocksDNSButNotTraffic() async throws {
        let network = try FirewallNamespace(tag: "guard")
        let tunnel = TunnelPassage(interface: "vpnctl-wg", addresses: [IPAddress("198.19.0.7")!], resolvers: [IPAddress("198.19.0.1")!], carriesIPv6: false)
        try await network.inHost {
            try Firewall().apply(FirewallPolicy(blocking: false, tunnel: tunnel))
        }
        #expect(network.ping(FirewallNamespace.webAddress), "without the kill switch, traffic is not blocked")
        try network.sendDNSQuery(to: FirewallNamespace.webAddress)
        let table = try #require(try await network.inHost { try Firewall().installed() })
        #expect(table.count("DNS outside the tunnel") == 1)
        #expect(table.chains.map(\.name).sorted() == ["output", "prerouting"])
    }
}

extension Shell {
    static func listRuleset(in namespace: String) throws -> String {
        try output("ip", "netns", "exec", namespace, "nft", "list", "ruleset")
    }
}
