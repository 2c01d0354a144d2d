/// The lab's fixed plan: names and addresses of everything `vpnlab up`
/// builds. Addresses come only from the documentation and benchmarking
/// ranges (RFC 5737, RFC 2544), so nothing the lab sends can reach a real host.
///
///     client 198.18.0.2 ── lan0 198.18.0.1 [router] wan0 203.0.113.2 ── 203.0.113.1 [inet]
///     [inet] 198.51.100.10 provider API (HTTPS), 198.51.100.80 web host (on its loopback)
///     [inet] 203.0.113.1 ── 203.0.113.11 [de-fra-001], .21 [nl-ams-001], .22 [nl-ams-101], .31 [us-nyc-101]
///
/// Point-to-point links: each side has a /32 and a host route to the other,
/// so every link can reuse inet's 203.0.113.1 (as hosting providers do).
///
/// IPv6 as an ISP gives it, all from 2001:db8::/32 (RFC 3849): the home LAN
/// is 2001:db8:1::/64 (router ::1, client ::2), routed by inet to the router
/// and forwarded without NAT; the links use /128s like IPv4 (inet is
/// 2001:db8:ff::1 on each); the web host is also 2001:db8:80::80. Only the
/// servers that offer IPv6 in the list have an IPv6 address.
enum Topology {
    static let prefix = "vpnlab-"

    static let clientNamespace = "vpnlab-client"
    static let routerNamespace = "vpnlab-router"
    static let inetNamespace = "vpnlab-inet"

    static let clientInterface = "eth0"
    static let clientAddress = "198.18.0.2"
    static let routerLANInterface = "lan0"
    static let routerLANAddress = "198.18.0.1"
    static let lanPrefix = "198.18.0.0/24"
    static let routerWANInterface = "wan0"
    /// The home's public address.
    static let routerWANAddress = "203.0.113.2"
    static let inetHomeInterface = "home0"
    /// inet's end of every point-to-point link.
    static let inetAddress = "203.0.113.1"

    static let clientAddress6 = "2001:db8:1::2"
    static let routerLANAddress6 = "2001:db8:1::1"
    static let lanPrefix6 = "2001:db8:1::/64"
    static let routerWANAddress6 = "2001:db8:ff::2"
    static let inetAddress6 = "2001:db8:ff::1"

    static let providerAddress = "198.51.100.10"
    static let providerPort = 443
    static var providerURL: String { "https://\(providerAddress)/" }
    static let webHostAddress = "198.51.100.80"
    static let webHostAddress6 = "2001:db8:80::80"
    static let webHostPort = 80

    /// Where registered devices live (the provider fixture hands out
    /// 198.19.0.2 and up); each server is 198.19.0.1 in it.
    static let tunnelNetwork = "198.19.0.0/16"
    static let tunnelServerAddress = "198.19.0.1"
    /// The resolver the server list names for inside the tunnel.
    static let tunnelDNS = "198.19.0.1"
    /// Inside the tunnel on servers that offer IPv6: devices get
    /// 2001:db8:100::N/128 from the provider; the server is ::1.
    static let tunnelNetwork6 = "2001:db8:100::/64"
    static let tunnelServerAddress6 = "2001:db8:100::1"
    /// The home client's own /etc/resolv.conf: `ip netns exec` mounts
    /// /etc/netns/<name>/ files over /etc, so a VPN client changing DNS in
    /// the lab changes this file, never the machine's.
    static let clientNetnsDirectory = "/etc/netns/vpnlab-client"
    static let clientResolver = "198.51.100.53"
    static let wireGuardPort = 51820

    /// OpenVPN over UDP and over TCP: one server process each, each with its
    /// own tunnel subnet (the server is .1), outside WireGuard's 198.19.0.0/16
    /// that shares the namespace. The same in every server namespace.
    static let openVPNUDPPort = 1194
    static let openVPNTCPPort = 443
    static let openVPNUDPSubnet = "198.18.100.0"
    static let openVPNTCPSubnet = "198.18.101.0"
    /// L2TP (xl2tpd, pppd) inside IPsec transport mode (charon).
    static let l2tpPort = 1701
    static let l2tpServerAddress = "198.18.102.1"
    static let l2tpClientRange = "198.18.102.10-198.18.102.50"
    static let ikePorts = [500, 4500]
    /// The probe responder's STUN and echo port (the server list's
    /// `probe_port`); STUN also answers on the next one. No PPTP server runs,
    /// so the responder answers PPTP's control port.
    static let probePort = 3478
    static let pptpPort = 1723
    /// Every tunnel network of a server, masqueraded on the way out.
    static let tunnelNetworks = [tunnelNetwork, openVPNUDPSubnet + "/24", openVPNTCPSubnet + "/24", "198.18.102.0/24"]

    static let locations: [Location] = [
        Location(id: "de-fra", countryCode: "DE", country: "Germany", city: "Frankfurt", aliases: ["fra"], latitude: 50.11, longitude: 8.68),
        Location(id: "nl-ams", countryCode: "NL", country: "Netherlands", city: "Amsterdam", aliases: ["ams"], latitude: 52.37, longitude: 4.9),
        Location(id: "us-nyc", countryCode: "US", country: "United States", city: "New York", aliases: ["nyc", "new york city"], latitude: 40.71, longitude: -74.01),
    ]

    /// One namespace per server rather than per location: every protocol
    /// server binds its standard ports (IKE must be on 500 and 4500), so two
    /// servers of one location cannot share a namespace.
    static let servers: [Server] = [
        Server(id: "de-fra-001", location: "de-fra", tier: .free, address: "203.0.113.11", address6: "2001:db8:ff::11", load: 20),
        Server(id: "nl-ams-001", location: "nl-ams", tier: .free, address: "203.0.113.21", address6: nil, load: 35),
        Server(id: "nl-ams-101", location: "nl-ams", tier: .premium, address: "203.0.113.22", address6: "2001:db8:ff::22", load: 10),
        Server(id: "us-nyc-101", location: "us-nyc", tier: .premium, address: "203.0.113.31", address6: nil, load: 15),
    ]

    static var namespaces: [String] {
        [clientNamespace, routerNamespace, inetNamespace] + servers.map(\.namespace)
    }

    /// What `vpnlab exec NODE` accepts, with the namespace of each.
    static var nodes: [(name: String, namespace: String)] {
        [("client", clientNamespace), ("router", routerNamespace), ("inet", inetNamespace)]
            + servers.map { ($0.id, $0.namespace) }
    }

    struct Location {
        let id: String
        let countryCode: String
        let country: String
        let city: String
        let aliases: [String]
        let latitude: Double
        let longitude: Double
    }

    enum Tier: String, Codable, CaseIterable {
        case free, premium

        var maxDevices: Int { self == .free ? 1 : 10 }
    }

    struct Server {
        let id: String
        let location: String
        let tier: Tier
        let address: String
        /// Set on the servers that carry IPv6 in the tunnel (the list's `ipv6`).
        let address6: String?
        let load: Int

        var namespace: String { Topology.prefix + id }
        /// Unique across namespaces: wireguard-go's UAPI socket,
        /// /var/run/wireguard/IFNAME.sock, lives in the shared filesystem.
        var wireGuardInterface: String { "wg-" + id }
        var uapiSocket: String { "/var/run/wireguard/\(wireGuardInterface).sock" }
        /// inet's end of the link to this server.
        var inetInterface: String { id }
        var uplinkInterface: String { "eth0" }
        var hostname: String { "\(id).vpnlab.example.net" }
        /// Interface names are per namespace; fixed names make logs readable.
        var openVPNUDPInterface: String { "ovpn-udp" }
        var openVPNTCPInterface: String { "ovpn-tcp" }
    }
}
