import Testing

/// One row of issue 6's matrix: how the home router is set, who connects
/// where, and what the probe and the connection must show. The expected
/// values follow from the router's documented switches (`vpnlab router
/// passthrough --help`), the plugins' descriptors and the README's policy,
/// never from a run's output.
struct ProbeScenario: Sendable, CustomTestStringConvertible {
    /// What `nat` must hold; nil means the key is absent (nothing could tell).
    struct NATExpectation: Sendable {
        var present: Bool?
        var externalIPv4: String?
        var doubleNAT: Bool?
    }

    let name: String
    let account: String
    let location: String
    let server: String
    let serverAddress: String
    /// `vpnlab router ...` argument lists that make the scenario, and those that undo it.
    let routerSettings: [[String]]
    let routerRestore: [[String]]
    /// Passthrough keys the router drops; every other key must pass.
    let blocked: Set<String>
    let nat: NATExpectation
    /// miniupnpd (2.3.1, NAT-PMP on, which brings PCP) answers all three, or none.
    let portMappingAnswers: Bool
    /// The protocol `connect` with `auto` must end on.
    let established: String
    /// The server's wireguard-go is stopped before the probe (scenario 7).
    var stopsWireGuard = false

    var testDescription: String { name }

    /// The MTU probe is UDP to the responder: with UDP dropped it measures nothing.
    var measuresMTU: Bool { !blocked.contains("udp") }

    static let homeWAN = "203.0.113.2"
    static let clientAddress = "198.18.0.2"

    /// Every key of the `passthrough` contract.
    static let passthroughKeys = ["udp", "tcp443", "wireguard", "openvpn_udp", "openvpn_tcp", "ike", "nat_t", "esp", "l2tp", "pptp", "gre"]

    /// What each protocol needs to pass (Packaging/plugins/*.json), in the
    /// order `auto` prefers among equals (README, "How the protocol is chosen").
    static let protocolNeeds: [(name: String, needs: [String])] = [
        ("wireguard", ["udp", "wireguard"]),
        ("openvpn-udp", ["udp", "openvpn_udp"]),
        ("l2tp-ipsec", ["ike", "nat_t", "l2tp"]),
        ("openvpn-tcp", ["tcp443", "openvpn_tcp"]),
    ]

    /// Words of the router setting that brings a blocked key back, as a
    /// skipped protocol's reason must name it.
    static func routerSetting(for key: String) -> String {
        switch key {
        case "udp", "wireguard", "openvpn_udp": "allow outgoing UDP"
        case "tcp443", "openvpn_tcp": "TCP to port 443"
        case "ike", "nat_t", "esp": "IPsec passthrough"
        case "l2tp": "L2TP passthrough"
        default: "PPTP passthrough"
        }
    }

    /// The protocols `auto` tries, best first: every need passes, and the
    /// plugin can run here.
    func recommended(l2tpRunsHere: Bool) -> [String] {
        Self.protocolNeeds.filter { entry in
            (entry.name != "l2tp-ipsec" || l2tpRunsHere) && blocked.isDisjoint(with: entry.needs)
        }.map(\.name)
    }

    /// Protocols the router rules out, each with the keys that do not pass.
    func blockedProtocols(l2tpRunsHere: Bool) -> [(name: String, keys: [String])] {
        Self.protocolNeeds.compactMap { entry in
            guard entry.name != "l2tp-ipsec" || l2tpRunsHere else { return nil }
            let keys = entry.needs.filter(blocked.contains)
            return keys.isEmpty ? nil : (entry.name, keys)
        }
    }

    // MARK: - The matrix

    private static let freeFrankfurt = (account: "free", location: "de-fra", server: "de-fra-001", address: "203.0.113.11")
    private static let premiumNewYork = (account: "premium", location: "us-nyc", server: "us-nyc-101", address: "203.0.113.31")

    private static let behindNAT = NATExpectation(present: true, externalIPv4: homeWAN, doubleNAT: false)
    private static let pptpKeys: Set<String> = ["pptp", "gre"]
    private static let ipsecKeys: Set<String> = ["ike", "nat_t", "esp"]
    private static let l2tpKeys: Set<String> = ["l2tp"]

    private static func make(
        _ name: String, _ who: (account: String, location: String, server: String, address: String),
        set: [[String]] = [], restore: [[String]] = [], blocked: Set<String> = [], nat: NATExpectation = behindNAT,
        portMappingAnswers: Bool = true, established: String = "wireguard"
    ) -> ProbeScenario {
        ProbeScenario(
            name: name, account: who.account, location: who.location, server: who.server, serverAddress: who.address,
            routerSettings: set, routerRestore: restore, blocked: blocked, nat: nat,
            portMappingAnswers: portMappingAnswers, established: established
        )
    }

    static let all: [ProbeScenario] = [
        make("1 everything on", freeFrankfurt),
        make("2 PPTP passthrough off", premiumNewYork,
             set: [["passthrough", "--pptp", "off"]], restore: [["passthrough", "--pptp", "on"]], blocked: pptpKeys),
        make("3 IPsec passthrough off", freeFrankfurt,
             set: [["passthrough", "--ipsec", "off"]], restore: [["passthrough", "--ipsec", "on"]], blocked: ipsecKeys),
        make("4 L2TP passthrough off", premiumNewYork,
             set: [["passthrough", "--l2tp", "off"]], restore: [["passthrough", "--l2tp", "on"]], blocked: l2tpKeys),
        make("5 PPTP, IPsec and L2TP passthrough off", freeFrankfurt,
             set: [["passthrough", "--pptp", "off", "--ipsec", "off", "--l2tp", "off"]],
             restore: [["passthrough", "--pptp", "on", "--ipsec", "on", "--l2tp", "on"]],
             blocked: pptpKeys.union(ipsecKeys).union(l2tpKeys)),
        // Every UDP but DNS is dropped: STUN too, so NAT cannot be told.
        make("6 UDP off", premiumNewYork,
             set: [["passthrough", "--udp", "off"]], restore: [["passthrough", "--udp", "on"]],
             blocked: ["udp", "wireguard", "openvpn_udp", "ike", "nat_t", "l2tp"],
             nat: NATExpectation(present: nil, externalIPv4: nil, doubleNAT: nil), established: "openvpn-tcp"),
        {
            var scenario = make("7 WireGuard daemon stopped, the probe still passes", freeFrankfurt, established: "openvpn-udp")
            scenario.stopsWireGuard = true
            return scenario
        }(),
        // Routed as it is: STUN sees the client's own address, which is no NAT,
        // so neither is it double NAT, whatever the gateway claims.
        make("8 NAT off", premiumNewYork, set: [["nat", "off"]], restore: [["nat", "on"]],
             nat: NATExpectation(present: false, externalIPv4: clientAddress, doubleNAT: false)),
        // Double NAT is judged against the gateway's own claim (NAT-PMP or
        // UPnP); with no port mapping there is none to compare.
        make("9 UPnP off", freeFrankfurt, set: [["upnp", "off"]], restore: [["upnp", "on"]],
             nat: NATExpectation(present: true, externalIPv4: homeWAN, doubleNAT: nil), portMappingAnswers: false),
    ]
}
