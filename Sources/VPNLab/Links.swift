/// The veth pairs between the lab's namespaces, and the addresses and
/// routes on them (see Topology for the picture).
enum Links {
    /// Creates every veth pair, each end directly inside its namespace: the
    /// kernel makes them there, so the machine's own namespace never holds a
    /// lab link, not even for a moment.
    static func create() throws {
        var pairs = [
            pair(Topology.clientInterface, in: Topology.clientNamespace, Topology.routerLANInterface, in: Topology.routerNamespace),
            pair(Topology.routerWANInterface, in: Topology.routerNamespace, Topology.inetHomeInterface, in: Topology.inetNamespace),
        ]
        for server in Topology.servers {
            pairs.append(pair(server.inetInterface, in: Topology.inetNamespace, server.uplinkInterface, in: server.namespace))
        }
        try Subprocess.run(["ip", "-batch", "-"], input: pairs.joined(separator: "\n") + "\n")
    }

    private static func pair(_ name: String, in namespace: String, _ peer: String, in peerNamespace: String) -> String {
        "link add \(name) netns \(namespace) type veth peer name \(peer) netns \(peerNamespace)"
    }

    static func configure() throws {
        try Namespace(Topology.clientNamespace).ip([
            "addr add \(Topology.clientAddress)/24 dev \(Topology.clientInterface)",
            // nodad: usable at once, never "tentative" while a test starts.
            "addr add \(Topology.clientAddress6)/64 dev \(Topology.clientInterface) nodad",
            "link set \(Topology.clientInterface) up",
            "route add default via \(Topology.routerLANAddress)",
            "route add ::/0 via \(Topology.routerLANAddress6) dev \(Topology.clientInterface)",
        ])

        let router = Namespace(Topology.routerNamespace)
        try router.ip([
            "addr add \(Topology.routerLANAddress)/24 dev \(Topology.routerLANInterface)",
            "addr add \(Topology.routerLANAddress6)/64 dev \(Topology.routerLANInterface) nodad",
            "link set \(Topology.routerLANInterface) up",
            "addr add \(Topology.routerWANAddress)/32 dev \(Topology.routerWANInterface)",
            "addr add \(Topology.routerWANAddress6)/128 dev \(Topology.routerWANInterface) nodad",
            "link set \(Topology.routerWANInterface) up",
            "route add \(Topology.inetAddress)/32 dev \(Topology.routerWANInterface)",
            "route add default via \(Topology.inetAddress) dev \(Topology.routerWANInterface)",
            "route add \(Topology.inetAddress6)/128 dev \(Topology.routerWANInterface)",
            "route add ::/0 via \(Topology.inetAddress6) dev \(Topology.routerWANInterface)",
        ])

        let inet = Namespace(Topology.inetNamespace)
        var commands = [
            // Services answer on inet's loopback: reachable from every link,
            // and no extra interface needed (this kernel has no dummy links).
            "addr add \(Topology.providerAddress)/32 dev lo",
            "addr add \(Topology.webHostAddress)/32 dev lo",
            "addr add \(Topology.webHostAddress6)/128 dev lo nodad",
            "addr add \(Topology.inetAddress)/32 dev \(Topology.inetHomeInterface)",
            "addr add \(Topology.inetAddress6)/128 dev \(Topology.inetHomeInterface) nodad",
            "link set \(Topology.inetHomeInterface) up",
            "route add \(Topology.routerWANAddress)/32 dev \(Topology.inetHomeInterface)",
            // Only used when the router's NAT is off (a routed home network).
            "route add \(Topology.lanPrefix) via \(Topology.routerWANAddress) dev \(Topology.inetHomeInterface)",
            // IPv6 is routed to the home, never translated: the ISP's delegated prefix.
            "route add \(Topology.routerWANAddress6)/128 dev \(Topology.inetHomeInterface)",
            "route add \(Topology.lanPrefix6) via \(Topology.routerWANAddress6) dev \(Topology.inetHomeInterface)",
        ]
        for server in Topology.servers {
            commands += [
                "addr add \(Topology.inetAddress)/32 dev \(server.inetInterface)",
                "link set \(server.inetInterface) up",
                "route add \(server.address)/32 dev \(server.inetInterface)",
            ]
            if let address6 = server.address6 {
                commands += [
                    "addr add \(Topology.inetAddress6)/128 dev \(server.inetInterface) nodad",
                    "route add \(address6)/128 dev \(server.inetInterface)",
                ]
            }
        }
        try inet.ip(commands)

        for server in Topology.servers {
            var commands = [
                "addr add \(server.address)/32 dev \(server.uplinkInterface)",
                "link set \(server.uplinkInterface) up",
                "route add \(Topology.inetAddress)/32 dev \(server.uplinkInterface)",
                "route add default via \(Topology.inetAddress) dev \(server.uplinkInterface)",
            ]
            if let address6 = server.address6 {
                commands += [
                    "addr add \(address6)/128 dev \(server.uplinkInterface) nodad",
                    "route add \(Topology.inetAddress6)/128 dev \(server.uplinkInterface)",
                    "route add ::/0 via \(Topology.inetAddress6) dev \(server.uplinkInterface)",
                ]
            }
            try Namespace(server.namespace).ip(commands)
        }
    }

    /// Waits until IPv6 works on every link that carries it. The kernel
    /// starts IPv6 on a link (its link-local address, the solicited-node
    /// groups of its addresses) only once the link watch has seen the
    /// carrier, which it may report up to a second late; until then a
    /// neighbour solicitation goes unanswered and the first IPv6 packet
    /// waits a second for the retry. Nothing of IPv6 should change behind a
    /// test's back, so `up` returns only when each link has its link-local
    /// address, final (not tentative).
    static func awaitIPv6() throws {
        var links = [
            (Topology.clientNamespace, Topology.clientInterface),
            (Topology.routerNamespace, Topology.routerLANInterface), (Topology.routerNamespace, Topology.routerWANInterface),
            (Topology.inetNamespace, Topology.inetHomeInterface),
        ]
        for server in Topology.servers where server.address6 != nil {
            links += [(Topology.inetNamespace, server.inetInterface), (server.namespace, server.uplinkInterface)]
        }
        try Await.condition("IPv6 on the lab's links (a final link-local address on each)") {
            try Dictionary(grouping: links, by: \.0).allSatisfy { namespace, links in
                // One line per address: "2: eth0    inet6 fe80::.../64 scope link \ ..."
                let lines = try Namespace(namespace).run(["ip", "-6", "-o", "address", "show", "scope", "link"]).split(separator: "\n")
                return links.allSatisfy { _, interface in
                    lines.contains { line in
                        line.split(separator: " ", maxSplits: 2).dropFirst().first == Substring(interface) && !line.contains("tentative")
                    }
                }
            }
        }
    }
}
