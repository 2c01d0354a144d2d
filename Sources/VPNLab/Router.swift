/// The home router's switches, as a consumer router's web page has them.
struct RouterSettings: Codable, Equatable {
    var nat = true
    var pptpPassthrough = true
    var ipsecPassthrough = true
    var l2tpPassthrough = true
    var udp = true
    /// miniupnpd: on, as on most home routers.
    var upnp = true
}

/// The home router: forwarding, NAT (masquerade out of the WAN) and the
/// passthrough switches, as nftables rules the way Linux-based firmware
/// implements them, and miniupnpd (UPnP IGD, NAT-PMP, PCP) when switched on.
enum Router {
    static let table = "vpnlab"

    /// `state` is the lab's; `vpnlab` always takes it from the environment.
    static func setUp(_ settings: RouterSettings, state: StateDirectory) throws {
        let router = Namespace(Topology.routerNamespace)
        try router.sysctl(["net.ipv4.ip_forward": "1", "net.ipv6.conf.all.forwarding": "1"])
        try apply(settings, state: state)
    }

    /// Replaces the router's ruleset in one transaction, so a switch flips
    /// without a moment in which everything (or nothing) passes, then starts
    /// or stops miniupnpd (each a no-op when it already is as asked). The
    /// ruleset is the `ip vpnlab` and `ip6 vpnlab` tables only: miniupnpd's
    /// `inet miniupnpd` table, and the mappings in it, stay as they are.
    static func apply(_ settings: RouterSettings, state: StateDirectory) throws {
        try Namespace(Topology.routerNamespace).nft(ruleset(settings))
        let upnp = MiniUPnPD(state: state)
        if settings.upnp { try upnp.start() } else { try upnp.stop() }
    }

    static func ruleset(_ settings: RouterSettings) -> String {
        let lan = "iifname \"\(Topology.routerLANInterface)\""
        var forward: [String] = []
        // Off means what D-Link-style firmware drops, for connections from
        // the LAN; without the first packet out there is nothing to come back.
        if !settings.pptpPassthrough {
            forward += ["\(lan) tcp dport 1723 drop", "\(lan) ip protocol gre drop"]
        }
        if !settings.ipsecPassthrough {
            forward += ["\(lan) udp dport { 500, 4500 } drop", "\(lan) ip protocol { esp, ah } drop"]
        }
        if !settings.l2tpPassthrough {
            forward += ["\(lan) udp dport 1701 drop"]
        }
        if !settings.udp {
            forward += ["\(lan) udp dport != 53 drop"]
        }
        if settings.pptpPassthrough {
            // PPTP's GRE carries a call id the NAT must rewrite: that is the
            // conntrack helper's job (nf_conntrack_pptp + nf_nat_pptp).
            forward += ["\(lan) tcp dport 1723 ct helper set \"pptp-helper\""]
        }
        forward += ["ct state established,related accept"]
        if settings.nat {
            // Behind NAT nothing from outside reaches the LAN unless the
            // router was asked to forward it (a DNAT of miniupnpd's).
            forward += [
                "iifname \"\(Topology.routerWANInterface)\" oifname \"\(Topology.routerLANInterface)\" ct status dnat accept",
                "iifname \"\(Topology.routerWANInterface)\" oifname \"\(Topology.routerLANInterface)\" drop",
            ]
        }

        var body: [String] = []
        if settings.pptpPassthrough {
            body += ["    ct helper pptp-helper {", "        type \"pptp\" protocol tcp", "        l3proto ip", "    }"]
        }
        body += ["    chain forward {", "        type filter hook forward priority filter; policy accept;"]
        body += forward.map { "        " + $0 }
        body += ["    }"]
        if settings.nat {
            body += [
                "    chain postrouting {",
                "        type nat hook postrouting priority srcnat; policy accept;",
                "        oifname \"\(Topology.routerWANInterface)\" masquerade",
                "    }",
            ]
        }
        // Declaring the table first makes the delete valid on the first run.
        return (["table ip \(table) {}", "delete table ip \(table)", "table ip \(table) {"] + body + ["}"]
            + ["table ip6 \(table) {}", "delete table ip6 \(table)", "table ip6 \(table) {"] + ipv6Forward + ["}"])
            .joined(separator: "\n") + "\n"
    }

    /// IPv6 is routed, never translated, whatever the NAT switch says: the
    /// home has a prefix of its own, as ISPs give it. What stands in for NAT
    /// is the stateful filter of RFC 6092 that home routers ship: answers
    /// and pings come in, new connections from outside do not. The
    /// passthrough switches stay IPv4-only: the firmware they imitate
    /// filters the VPN protocols of IPv4 only.
    private static var ipv6Forward: [String] {
        [
            "    chain forward {",
            "        type filter hook forward priority filter; policy accept;",
            "        ct state established,related accept",
            "        iifname \"\(Topology.routerWANInterface)\" oifname \"\(Topology.routerLANInterface)\" icmpv6 type echo-request accept",
            "        iifname \"\(Topology.routerWANInterface)\" oifname \"\(Topology.routerLANInterface)\" drop",
            "    }",
        ]
    }
}
