import Addressing
import VPNCore

extension Ruleset {
    /// The rules that enforce `policy`. Blocking: output, input and forward
    /// chains that reject what is not allowed and drop by default; guarded
    /// (a tunnel without the kill switch): only the tunnel's leak guards.
    /// Rule order matters: DNS is decided before the tunnel and the LAN are
    /// let through, so the LAN router's resolver is refused too.
    public init(policy: FirewallPolicy) {
        var chains: [Chain]
        if policy.blocking {
            chains = [
                Chain(name: "output", hook: .output, priority: 0, policy: .drop, rules: Self.blockingOutput(policy)),
                Chain(name: "input", hook: .input, priority: 0, policy: .drop, rules: Self.blockingInput(policy)),
                Chain(name: "forward", hook: .forward, priority: 0, policy: .drop, rules: Self.blockingForward(policy)),
            ]
        } else {
            chains = [Chain(name: "output", hook: .output, priority: 0, policy: .accept, rules: Self.guardedOutput(policy))]
        }
        if let tunnel = policy.tunnel, !tunnel.addresses.isEmpty {
            // Before conntrack and routing, as wg-quick's `preraw`.
            chains.append(Chain(name: "prerouting", hook: .prerouting, priority: -300, policy: .accept, rules: Self.spoofGuard(tunnel)))
        }
        self.init(chains: chains)
    }

    // MARK: Blocking

    static func blockingOutput(_ policy: FirewallPolicy) -> [Rule] {
        var rules = [Rule([.outputLoopback], .accept, comment: "loopback")]
        rules += relayRules(policy.relays)
        rules += [dhcp4Out, dhcp6Out, neighbourDiscoveryOut]
        if let tunnel = policy.tunnel { rules += tunnelDNS(tunnel) }
        rules.append(Rule([.transportProtocols([.tcp, .udp]), .destinationPort(53)], .reject, counted: true, comment: "DNS outside the tunnel"))
        if let tunnel = policy.tunnel {
            rules.append(Rule([.outputInterface(tunnel.interface), .family(.ipv4)], .accept, comment: "through the tunnel"))
            if tunnel.carriesIPv6 {
                rules.append(Rule([.outputInterface(tunnel.interface), .family(.ipv6)], .accept, comment: "IPv6 through the tunnel"))
            }
        }
        rules += networkRules(policy.localNetworks, comment: "local network (allow_lan)") { .destination($0) }
        rules.append(Rule([.transportProtocols([.tcp])], .rejectWithReset, counted: true, comment: "blocked outside the tunnel"))
        rules.append(Rule([], .reject, counted: true, comment: "blocked outside the tunnel"))
        return rules
    }

    static func blockingInput(_ policy: FirewallPolicy) -> [Rule] {
        var rules = [
            Rule([.inputLoopback], .accept, comment: "loopback"),
            Rule([.conntrackState(["established", "related"])], .accept, comment: "answers to what was let out"),
        ]
        if let tunnel = policy.tunnel {
            rules.append(Rule([.inputInterface(tunnel.interface)], .accept, comment: "from the tunnel"))
        }
        rules += [
            Rule([.sourcePort(67, on: .udp), .destinationPort(68, on: .udp)], .accept, comment: "DHCPv4"),
            Rule([.source([linkLocal6]), .sourcePort(547, on: .udp), .destinationPort(546, on: .udp)], .accept, comment: "DHCPv6"),
            Rule(
                [.icmpv6Types(["nd-router-advert", "nd-neighbor-solicit", "nd-neighbor-advert", "nd-redirect"]), .hopLimit(255)],
                .accept, comment: "IPv6 neighbour discovery"
            ),
        ]
        rules += networkRules(policy.localNetworks, comment: "local network (allow_lan)") { .source($0) }
        return rules
    }

    static func blockingForward(_ policy: FirewallPolicy) -> [Rule] {
        var rules: [Rule] = []
        if let tunnel = policy.tunnel {
            rules.append(Rule([.outputInterface(tunnel.interface), .family(.ipv4)], .accept, comment: "into the tunnel"))
            if tunnel.carriesIPv6 {
                rules.append(Rule([.outputInterface(tunnel.interface), .family(.ipv6)], .accept, comment: "IPv6 into the tunnel"))
            }
            rules.append(Rule([.inputInterface(tunnel.interface), .conntrackState(["established", "related"])], .accept, comment: "answers from the tunnel"))
        }
        rules += networkRules(policy.localNetworks, comment: "within the local network (allow_lan)") { .destination($0) }
        return rules
    }

    /// The daemon's and its plugins' own packets, marked, to the hosts they
    /// need: the server (every port: transport and probe) and the API.
    static func relayRules(_ relays: [Relay]) -> [Rule] {
        var rules: [Rule] = []
        let groups = Dictionary(grouping: relays) { RelayGroup(isIPv6: $0.address.isIPv6, port: $0.port, purpose: $0.purpose) }
        for group in groups.keys.sorted() {
            let networks = unique(groups[group]!.map { IPNetwork(address: $0.address, prefixLength: $0.address.isIPv6 ? 128 : 32)! })
            var matches: [Match] = [.mark(FirewallPolicy.mark), .destination(networks)]
            if let port = group.port { matches.append(.destinationPort(port, on: .tcp)) }
            rules.append(Rule(matches, .accept, comment: group.purpose == .server ? "the VPN server, vpnctl's packets only" : "the provider API, vpnctl's requests only"))
            if group.purpose == .server {
                rules.append(Rule([.ipsecRoute, .destination(networks)], .accept, comment: "to the VPN server inside IPsec"))
            }
        }
        return rules
    }

    static let dhcp4Out = Rule(
        [.destination([IPNetwork("255.255.255.255/32")!]), .sourcePort(68, on: .udp), .destinationPort(67, on: .udp)],
        .accept, comment: "DHCPv4"
    )
    static let dhcp6Out = Rule([.source([linkLocal6]), .sourcePort(546, on: .udp), .destinationPort(547, on: .udp)], .accept, comment: "DHCPv6")
    static let neighbourDiscoveryOut = Rule(
        [.icmpv6Types(["nd-router-solicit", "nd-neighbor-solicit", "nd-neighbor-advert"]), .hopLimit(255)],
        .accept, comment: "IPv6 neighbour discovery"
    )

    /// DNS to the tunnel's resolvers, through the tunnel; any resolver
    /// through it when the server names none.
    static func tunnelDNS(_ tunnel: TunnelPassage) -> [Rule] {
        let resolvers = tunnel.resolvers.filter { tunnel.carriesIPv6 || !$0.isIPv6 }
        guard !resolvers.isEmpty else {
            return [Rule([.outputInterface(tunnel.interface), .transportProtocols([.tcp, .udp]), .destinationPort(53)], .accept, comment: "DNS through the tunnel")]
        }
        return [false, true].compactMap { isIPv6 -> Rule? in
            let family = resolvers.filter { $0.isIPv6 == isIPv6 }.map { IPNetwork(address: $0, prefixLength: isIPv6 ? 128 : 32)! }
            guard !family.isEmpty else { return nil }
            return Rule(
                [.outputInterface(tunnel.interface), .destination(unique(family)), .transportProtocols([.tcp, .udp]), .destinationPort(53)],
                .accept, comment: "DNS to the tunnel's resolvers"
            )
        }
    }

    // MARK: Guarded (connected, kill switch off)

    static func guardedOutput(_ policy: FirewallPolicy) -> [Rule] {
        var rules = [Rule([.outputLoopback], .accept, comment: "loopback")]
        if let tunnel = policy.tunnel {
            rules += tunnelDNS(tunnel)
            rules.append(Rule([.transportProtocols([.tcp, .udp]), .destinationPort(53)], .reject, counted: true, comment: "DNS outside the tunnel"))
            if !tunnel.carriesIPv6 {
                rules += [dhcp6Out, neighbourDiscoveryOut]
                rules += networkRules(policy.localNetworks.filter(\.isIPv6), comment: "local network (allow_lan)") { .destination($0) }
                rules.append(Rule([.family(.ipv6)], .reject, counted: true, comment: "IPv6 around an IPv4-only tunnel"))
            }
        }
        return rules
    }

    /// Packets for the tunnel's address that did not come through it are
    /// someone on the LAN probing for the tunnel (CVE-2019-14899).
    static func spoofGuard(_ tunnel: TunnelPassage) -> [Rule] {
        tunnel.addresses.map { address in
            Rule(
                [.inputInterface(tunnel.interface, negated: true), .destination([IPNetwork(address: address, prefixLength: address.isIPv6 ? 128 : 32)!]), .sourceNotLocal],
                .drop, comment: "to the tunnel's address from outside it"
            )
        }
    }

    // MARK: Helpers

    static let linkLocal6 = IPNetwork("fe80::/10")!

    /// One rule per family, networks in a set.
    static func networkRules(_ networks: [IPNetwork], comment: String, _ match: ([IPNetwork]) -> Match) -> [Rule] {
        [false, true].compactMap { isIPv6 in
            let family = networks.filter { $0.isIPv6 == isIPv6 }
            return family.isEmpty ? nil : Rule([match(unique(family))], .accept, comment: comment)
        }
    }

    static func unique(_ networks: [IPNetwork]) -> [IPNetwork] {
        var seen = Set<IPNetwork>()
        return networks.filter { seen.insert($0).inserted }
    }

    struct RelayGroup: Hashable, Comparable {
        let isIPv6: Bool
        let port: UInt16?
        let purpose: Relay.Purpose

        static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.purpose.rawValue, lhs.isIPv6 ? 1 : 0, lhs.port ?? 0) < (rhs.purpose.rawValue, rhs.isIPv6 ? 1 : 0, rhs.port ?? 0)
        }
    }
}
