/// Which protocol a packet belongs to, so an error can say whose bytes were wrong.
public enum PacketKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case stun = "STUN"
    case natPMP = "NAT-PMP"
    case pcp = "PCP"
    case ssdp = "SSDP"
    case upnp = "UPnP IGD"
    case l2tp = "L2TP"
    case ike = "IKEv2"
    case openVPN = "OpenVPN"
    case pptp = "PPTP"
    case gre = "GRE"
    case esp = "ESP"
    case echo = "probe echo"
    case mtuProbe = "path MTU probe"

    public var description: String { rawValue }
}
