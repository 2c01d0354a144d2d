import Addressing
import ProbePackets
import VPNCore

/// Where the probes go: one server's probe responder (STUN, UDP and TCP
/// echo, GRE and ESP echo, PPTP control) and its real VPN services, each
/// asked with the first packet it answers.
public struct ProbeTarget: Sendable, Hashable {
    public var server: ServerID
    public var address: IPv4Address
    /// The responder's port (STUN and UDP/TCP echo); nil when the server runs none.
    public var probePort: UInt16?
    public var wireGuardPort: UInt16?
    public var openVPNUDPPort: UInt16?
    public var openVPNTCPPort: UInt16?
    /// The server's tls-crypt key (the list's PEM), when it uses one: its
    /// OpenVPN drops a first packet not wrapped with it.
    public var openVPNTLSCrypt: String?
    /// IKE on UDP 500 and 4500 and L2TP on UDP 1701 (an L2TP/IPsec server).
    public var ipsec: Bool

    public init(
        server: ServerID, address: IPv4Address, probePort: UInt16?, wireGuardPort: UInt16? = nil,
        openVPNUDPPort: UInt16? = nil, openVPNTCPPort: UInt16? = nil, openVPNTLSCrypt: String? = nil, ipsec: Bool = false
    ) {
        self.server = server
        self.address = address
        self.probePort = probePort
        self.wireGuardPort = wireGuardPort
        self.openVPNUDPPort = openVPNUDPPort
        self.openVPNTCPPort = openVPNTCPPort
        self.openVPNTLSCrypt = openVPNTLSCrypt
        self.ipsec = ipsec
    }

    /// What a server of the list offers, by the contract's protocol names.
    public init(server: Server) {
        func offer(_ name: ProtocolName) -> ProtocolOffer? { server.offers.first { $0.protocolName == name } }
        self.init(
            server: server.id, address: server.ipv4, probePort: server.probePort,
            wireGuardPort: offer(.wireguard)?.ports.first, openVPNUDPPort: offer(.openvpnUDP)?.ports.first,
            openVPNTCPPort: offer(.openvpnTCP)?.ports.first,
            openVPNTLSCrypt: (offer(.openvpnUDP) ?? offer(.openvpnTCP))?.parameters["tls_crypt"],
            ipsec: server.offers(.l2tpIPsec)
        )
    }
}
