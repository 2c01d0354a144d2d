import Addressing
@testable import Firewall
import Foundation
import Testing
import VPNCore

@Suite struct RulesetTests {
    let server = Relay(address: IPAddress("203.0.113.11")!, purpose: .server)
    let server6 = Relay(address: IPAddress("2001:db8:ff::11")!, purpose: .server)
    let api = Relay(address: IPAddress("198.51.100.10")!, port: 443, purpose: .api)
    let tunnel = TunnelPassage(interface: "vpnctl-wg", addresses: [IPAddress("198.19.0.7")!], resolvers: [IPAddress("198.19.0.1")!], carriesIPv6: false)

    @Test func blockingEndsInARejectAndDropsByDefault() {
        let ruleset = Ruleset(policy: FirewallPolicy(blocking: true, relays: [server, api]))
        #expect(ruleset.chains.map(\.name) == ["output", "input", "forward"])
        #expect(ruleset.chains.allSatisfy { $0.policy == .drop })
        let output = ruleset.chain("output")!.rules
        #expect(output.first == Rule([.outputLoopback], .accept, comment: "loopback"))
        #expect(output.last?.verdict == .reject && output.last?.matches == [])
    }

    @Test func relaysPassOnlyWithTheMark() {
        let output = Ruleset(policy: FirewallPolicy(blocking: true, relays: [server, server6, api])).chain("output")!.rules
        let marked = output.filter { $0.matches.contains(.mark(FirewallPolicy.mark)) }
        #expect(marked.count == 3, "IPv4 server, IPv6 server, API")
        #expect(marked.contains { $0.matches == [.mark(FirewallPolicy.mark), .destination([IPNetwork("198.51.100.10/32")!]), .destinationPort(443, on: .tcp)] })
        // Nothing else to a relay: only the IPsec route exception, also limited to the server.
        let toServer = output.filter { rule in rule.matches.contains(.destination([IPNetwork("203.0.113.11/32")!])) }
        #expect(Set(toServer.map(\.comment)) == ["the VPN server, vpnctl's packets only", "to the VPN server inside IPsec"])
    }

    @Test func dnsIsDecidedBeforeTheTunnelAndTheLAN() {
        let policy = FirewallPolicy(blocking: true, relays: [server], localNetworks: [IPNetwork("198.18.0.0/24")!], tunnel: tunnel)
        let comments = Ruleset(policy: policy).chain("output")!.rules.map(\.comment)
        let dnsToTunnel = comments.firstIndex(of: "DNS to the tunnel's resolvers")!
        let dnsRefused = comments.firstIndex(of: "DNS outside the tunnel")!
        let tunnelAccept = comments.firstIndex(of: "through the tunnel")!
        let lan = comments.firstIndex(of: "local network (allow_lan)")!
        #expect(dnsToTunnel < dnsRefused && dnsRefused < tunnelAccept && dnsRefused < lan)
        #expect(!comments.contains("IPv6 through the tunnel"), "an IPv4-only tunnel lets no IPv6 through")
    }

    @Test func aTunnelThatCarriesIPv6LetsIPv6Through() {
        var six = tunnel
        six.carriesIPv6 = true
        six.addresses.append(IPAddress("2001:db8:100::7")!)
        let ruleset = Ruleset(policy: FirewallPolicy(blocking: true, tunnel: six))
        #expect(ruleset.chain("output")!.rules.contains { $0.matches == [.outputInterface("vpnctl-wg"), .family(.ipv6)] && $0.verdict == .accept })
        #expect(ruleset.chain("prerouting")!.rules.count == 2, "a spoof guard per tunnel address")
    }

    @Test func theGuardAloneRefusesDNSAndIPv6AroundTheTunnel() {
        let ruleset = Ruleset(policy: FirewallPolicy(blocking: false, tunnel: tunnel))
        let output = ruleset.chain("output")!
        #expect(output.policy == .accept)
        #expect(output.rules.map(\.comment).suffix(2) == ["IPv6 neighbour discovery", "IPv6 around an IPv4-only tunnel"])
        #expect(ruleset.chain("input") == nil)
        let prerouting = ruleset.chain("prerouting")!.rules
        #expect(prerouting == [Rule(
            [.inputInterface("vpnctl-wg", negated: true), .destination([IPNetwork("198.19.0.7/32")!]), .sourceNotLocal], .drop,
            comment: "to the tunnel's address from outside it"
        )])
    }

    @Test func jsonIsWhatNftablesReadsBack() throws {
        let ruleset = Ruleset(policy: FirewallPolicy(blocking: true, relays: [server], localNetworks: [IPNetwork("198.18.0.0/24")!, IPNetwork("fe80::/10")!], tunnel: tunnel))
        let text = NFTJSON.text(NFTJSON.replace(table: "vpnctl", with: ruleset))
        // The forms `nft -j list` prints for the same rules (nftables 1.0.6).
        #expect(text.contains(#"{"match":{"left":{"meta":{"key":"mark"}},"op":"==","right":51820}}"#))
        #expect(text.contains(#"{"match":{"left":{"payload":{"field":"daddr","protocol":"ip"}},"op":"==","right":{"prefix":{"addr":"198.18.0.0","len":24}}}}"#))
        #expect(text.contains(#"{"match":{"left":{"rt":{"key":"ipsec"}},"op":"==","right":true}}"#))
        #expect(text.contains(#"{"reject":{"expr":"admin-prohibited","type":"icmpx"}}"#))
        #expect(text.contains(#"{"match":{"left":{"fib":{"flags":["saddr"],"result":"type"}},"op":"!=","right":"local"}}"#))
        let commands = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [[String: Any]]])["nftables"]
        #expect(commands?.prefix(3).map { $0.keys.first } == ["add", "delete", "add"], "add, delete, add: one transaction replaces the table")
    }

    @Test func theConnectPathOnlyAddsAndEverythingElseReplaces() throws {
        let preparing = Ruleset(policy: FirewallPolicy(blocking: true, relays: [api], localNetworks: [IPNetwork("198.18.0.0/24")!]))
        let toward = Ruleset(policy: FirewallPolicy(blocking: true, relays: [server, api], localNetworks: [IPNetwork("198.18.0.0/24")!]))
        let connected = Ruleset(policy: FirewallPolicy(blocking: true, relays: [server, api], localNetworks: [IPNetwork("198.18.0.0/24")!], tunnel: tunnel))
        let first = try #require(preparing.growth(to: toward))
        #expect(first.addedChains.isEmpty)
        #expect(first.insertions["output"]?.map(\.rule.comment) == ["the VPN server, vpnctl's packets only", "to the VPN server inside IPsec"])
        let second = try #require(toward.growth(to: connected))
        #expect(second.addedChains.map(\.name) == ["prerouting"])
        #expect(second.insertions["output"]?.map(\.rule.comment) == ["DNS to the tunnel's resolvers", "through the tunnel"])
        // Each goes before the rule that follows it in the new chain.
        let output = toward.chain("output")!.rules
        let dns = try #require(second.insertions["output"]?.first?.before)
        #expect(output[dns].comment == "DNS outside the tunnel")
        // Going back (the tunnel lost, a disconnect) removes rules: replaced whole.
        #expect(connected.growth(to: toward) == nil)
        #expect(toward.growth(to: Ruleset(policy: FirewallPolicy(blocking: false, tunnel: tunnel))) == nil, "a policy changed: replaced")
    }

    @Test func aReadBackThatDiffersIsAnError() throws {
        let ruleset = Ruleset(policy: FirewallPolicy(blocking: true))
        var chains = ruleset.chains.map { InstalledTable.Chain(name: $0.name, policy: "drop", comments: $0.rules.map(\.comment), counts: [:]) }
        #expect(throws: Never.self) { try Firewall.verify(InstalledTable(chains: chains), against: ruleset) }
        chains[0].comments.removeLast()
        #expect(throws: FirewallError.self) { try Firewall.verify(InstalledTable(chains: chains), against: ruleset) }
        chains = Array(chains.dropFirst())
        #expect(throws: FirewallError.self) { try Firewall.verify(InstalledTable(chains: chains), against: ruleset) }
    }
}
