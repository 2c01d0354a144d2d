import Foundation

/// What `vpnlab status` says, as JSON (`--json`) or as text.
struct StatusReport {
    let state: StateDirectory
    let record: LabRecord?
    let up: Bool

    init(lab: Lab) {
        state = lab.state
        record = try? lab.state.load()
        up = record.map { $0.phase == .up && lab.isWhole($0) } ?? false
    }

    var json: [String: Any] {
        var report: [String: Any] = [
            "up": up,
            "state_dir": state.path,
            "web_host": Topology.webHostAddress,
            "web_host_ipv6": Topology.webHostAddress6,
            "provider": [
                "url": Topology.providerURL,
                "address": Topology.providerAddress,
                "ca_file": state.pki + "/ca.pem",
                "directory_public_key": record?.directoryPublicKey ?? NSNull(),
            ] as [String: Any],
            "client": [
                "namespace": Topology.clientNamespace,
                "address": Topology.clientAddress,
                "gateway": Topology.routerLANAddress,
                "address_ipv6": Topology.clientAddress6,
                "gateway_ipv6": Topology.routerLANAddress6,
            ],
            "accounts": Dictionary(uniqueKeysWithValues: Topology.Tier.allCases.map { tier in
                (tier.rawValue, [
                    "config": state.clientConfiguration(tier),
                    "token_file": state.tokenFile(tier),
                    "max_devices": tier.maxDevices,
                ] as [String: Any])
            }),
            "locations": Topology.locations.map { location in
                [
                    "id": location.id,
                    "city": location.city,
                    "servers": Topology.servers.filter { $0.location == location.id }.map(server),
                ] as [String: Any]
            },
            "processes": (record?.processes ?? []).map { process in
                ["name": process.name, "namespace": process.namespace, "pid": Int(process.pid),
                 "running": Processes.isRunning(process.pid)] as [String: Any]
            },
        ]
        let settings = record?.router ?? RouterSettings()
        report["router"] = [
            "namespace": Topology.routerNamespace,
            "lan_address": Topology.routerLANAddress,
            "wan_address": Topology.routerWANAddress,
            "lan_address_ipv6": Topology.routerLANAddress6,
            "wan_address_ipv6": Topology.routerWANAddress6,
            "lan_prefix_ipv6": Topology.lanPrefix6,
            "nat": settings.nat,
            "upnp": settings.upnp,
            "passthrough": ["pptp": settings.pptpPassthrough, "ipsec": settings.ipsecPassthrough,
                            "l2tp": settings.l2tpPassthrough, "udp": settings.udp],
        ] as [String: Any]
        return report
    }

    private func server(_ server: Topology.Server) -> [String: Any] {
        [
            "id": server.id,
            "tier": server.tier.rawValue,
            "ipv4": server.address,
            // null: the server carries no IPv6 in the tunnel.
            "ipv6": server.address6 ?? NSNull(),
            "hostname": server.hostname,
            "namespace": server.namespace,
            "wireguard": [
                "interface": server.wireGuardInterface,
                "public_key": record?.servers.first { $0.id == server.id }?.publicKey ?? NSNull(),
                "port": Topology.wireGuardPort,
                "tunnel_address": Topology.tunnelServerAddress,
                "tunnel_address_ipv6": server.address6 == nil ? NSNull() : Topology.tunnelServerAddress6,
            ] as [String: Any],
            "openvpn": [
                "udp_port": Topology.openVPNUDPPort,
                "tcp_port": Topology.openVPNTCPPort,
                "udp_server_address": openVPNServerAddress(Topology.openVPNUDPSubnet),
                "tcp_server_address": openVPNServerAddress(Topology.openVPNTCPSubnet),
                "ca_file": OpenVPNPKI(state: state).caFile,
            ] as [String: Any],
            "l2tp": [
                "port": Topology.l2tpPort,
                "ike_ports": Topology.ikePorts,
                "server_address": Topology.l2tpServerAddress,
                "vici_socket": IPsecResponder(server: server, state: state).viciSocket,
            ] as [String: Any],
            "responder": [
                "stun_ports": [Topology.probePort, Topology.probePort + 1],
                "echo_port": Topology.probePort,
                "pptp_port": Topology.pptpPort,
            ] as [String: Any],
        ]
    }

    /// .1 of a /24 tunnel subnet.
    private func openVPNServerAddress(_ subnet: String) -> String {
        subnet.split(separator: ".").dropLast().joined(separator: ".") + ".1"
    }

    func jsonText() throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
    }

    var text: String {
        guard up else {
            return record == nil ? "lab: down (state directory \(state.path))" : "lab: not whole; run `vpnlab down` and `vpnlab up` (state directory \(state.path))"
        }
        let settings = record?.router ?? RouterSettings()
        func onOff(_ flag: Bool) -> String { flag ? "on" : "off" }
        var lines = [
            "lab: up (state directory \(state.path))",
            "provider API  \(Topology.providerURL)  (CA \(state.pki)/ca.pem)",
            "web host      \(Topology.webHostAddress), \(Topology.webHostAddress6)",
            "client        \(Topology.clientAddress) and \(Topology.clientAddress6) in \(Topology.clientNamespace), gateway \(Topology.routerLANAddress), \(Topology.routerLANAddress6)",
            "router        WAN \(Topology.routerWANAddress), NAT \(onOff(settings.nat)), passthrough pptp \(onOff(settings.pptpPassthrough)) ipsec \(onOff(settings.ipsecPassthrough)) l2tp \(onOff(settings.l2tpPassthrough)) udp \(onOff(settings.udp))",
        ]
        for server in Topology.servers {
            lines.append("server        \(server.id) (\(server.tier.rawValue)) \(server.address)\(server.address6.map { " " + $0 } ?? "") in \(server.namespace): wireguard udp/\(Topology.wireGuardPort), "
                + "openvpn udp/\(Topology.openVPNUDPPort) tcp/\(Topology.openVPNTCPPort), l2tp/ipsec udp/\(Topology.l2tpPort) udp/\(Topology.ikePorts.map(String.init).joined(separator: ",udp/")), "
                + "responder udp/\(Topology.probePort),\(Topology.probePort + 1) tcp/\(Topology.probePort),\(Topology.pptpPort)")
        }
        for tier in Topology.Tier.allCases {
            lines.append("account       \(tier.rawValue): VPNCTL_CONFIG=\(state.clientConfiguration(tier))")
        }
        return lines.joined(separator: "\n")
    }
}
