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
            "link set \(Topology.clientInterface) up",
            "route add default via \(Topology.routerLANAddress)",
        ])

        let router = Namespace(Topology.routerNamespace)
        try router.ip([
            "addr add \(Topology.routerLANAddress)/24 dev \(Topology.routerLANInterface)",
            "link set \(Topology.routerLANInterface) up",
            "addr add \(Topology.routerWANAddress)/32 dev \(Topology.routerWANInterface)",
            "link set \(Topology.routerWANInterface) up",
            "route add \(Topology.inetAddress)/32 dev \(Topology.routerWANInterface)",
            "route add default via \(Topology.inetAddress) dev \(Topology.routerWANInterface)",
        ])

        let inet = Namespace(Topology.inetNamespace)
        var commands = [
            // Services answer on inet's loopback: reachable from every link,
            // and no extra interface needed (this kernel has no dummy links).
            "addr add \(Topology.providerAddress)/32 dev lo",
            "addr add \(Topology.webHostAddress)/32 dev lo",
            "addr add \(Topology.inetAddress)/32 dev \(Topology.inetHomeInterface)",
            "link set \(Topology.inetHomeInterface) up",
            "route add \(Topology.routerWANAddress)/32 dev \(Topology.inetHomeInterface)",
            // Only used when the router's NAT is off (a routed home network).
            "route add \(Topology.lanPrefix) via \(Topology.routerWANAddress) dev \(Topology.inetHomeInterface)",
        ]
        for server in Topology.servers {
            commands += [
                "addr add \(Topology.inetAddress)/32 dev \(server.inetInterface)",
                "link set \(server.inetInterface) up",
                "route add \(server.address)/32 dev \(server.inetInterface)",
            ]
        }
        try inet.ip(commands)

        for server in Topology.servers {
            try Namespace(server.namespace).ip([
                "addr add \(server.address)/32 dev \(server.uplinkInterface)",
                "link set \(server.uplinkInterface) up",
                "route add \(Topology.inetAddress)/32 dev \(server.uplinkInterface)",
                "route add default via \(Topology.inetAddress) dev \(server.uplinkInterface)",
            ])
        }
    }
}
