/// What the router in front of the machine may let through or drop: the
/// transports and protocols that consumer routers' "VPN passthrough" and
/// firewall settings act on. Names are the `probe --json` contract's keys.
public enum PassthroughKey: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case udp
    case tcp443
    case wireguard
    case openvpnUDP = "openvpn_udp"
    case openvpnTCP = "openvpn_tcp"
    case ike
    case natT = "nat_t"
    case esp
    case l2tp
    case pptp
    case gre

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// What this looks like on the wire, for sentences.
    public var wireName: String {
        switch self {
        case .udp: "UDP"
        case .tcp443: "TCP port 443"
        case .wireguard: "UDP to the WireGuard port"
        case .openvpnUDP: "OpenVPN over UDP (port 1194)"
        case .openvpnTCP: "OpenVPN over TCP (port 443)"
        case .ike: "IKE (UDP port 500)"
        case .natT: "IPsec NAT traversal (UDP port 4500)"
        case .esp: "ESP (IP protocol 50)"
        case .l2tp: "L2TP (UDP port 1701)"
        case .pptp: "PPTP control (TCP port 1723)"
        case .gre: "GRE (IP protocol 47)"
        }
    }

    /// The router setting that lets it through, as consumer routers name it.
    public var routerSetting: String {
        switch self {
        case .udp, .wireguard, .openvpnUDP:
            "allow outgoing UDP in its firewall settings (a \"block UDP\" or strict SPI firewall option drops it)"
        case .tcp443, .openvpnTCP:
            "allow outgoing TCP to port 443 in its firewall or parental-control settings"
        case .ike, .natT, .esp:
            "turn on IPsec passthrough in its VPN or Security settings"
        case .l2tp:
            "turn on L2TP passthrough in its VPN or Security settings"
        case .pptp, .gre:
            "turn on PPTP passthrough in its VPN or Security settings"
        }
    }
}
