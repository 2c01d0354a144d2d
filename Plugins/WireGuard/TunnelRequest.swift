import Addressing
import Netlink
import PluginKit
import TunnelSupport

/// A `connect` request, checked: every value that reaches the kernel or
/// wireguard-go is parsed here first, and a bad one names its field.
struct TunnelRequest: Sendable {
    static let defaultInterface = "vpnctl-wg"
    /// wg-quick's default table and mark (0xca6c), shared with the routing.
    static let table: UInt32 = FullTunnelRouting.table

    let interface: String
    let privateKey: WireGuardKey
    let address: IPNetwork
    /// Only where the server carries IPv6: then the tunnel takes ::/0 too.
    let address6: IPNetwork?
    let serverKey: WireGuardKey
    let endpointAddress: IPAddress
    let endpointPort: UInt16
    let mtu: UInt32
    let dns: [IPAddress]

    init(_ params: ConnectParams) throws(PluginFailure) {
        interface = params.options.interfaceName ?? Self.defaultInterface
        guard TunnelInterfaceName(rawValue: interface) != nil else {
            throw PluginFailure("options.interface_name must be \(TunnelInterfaceName.rule)")
        }
        guard let privateKey = params.credentials.privateKey.flatMap(WireGuardKey.init(base64:)) else {
            throw PluginFailure("credentials.private_key is missing or not a base64 WireGuard key")
        }
        guard let address = params.credentials.address.flatMap(IPNetwork.init), address.family == .ipv4 else {
            throw PluginFailure("credentials.address is missing or not an IPv4 address with a prefix")
        }
        if let text = params.credentials.address6 {
            guard let address6 = IPNetwork(text), address6.family == .ipv6 else {
                throw PluginFailure("credentials.address6 is not an IPv6 address with a prefix")
            }
            self.address6 = address6
        } else {
            address6 = nil
        }
        guard let serverKey = params.parameter(.publicKey).flatMap(WireGuardKey.init(base64:)) else {
            throw PluginFailure("parameters.public_key (the server's key) is missing or not a base64 WireGuard key")
        }
        guard let endpoint = IPAddress(params.server.address), endpoint.family == .ipv4 else {
            throw PluginFailure("server.address \(params.server.address.prefix(50)) is not an IPv4 address")
        }
        guard (1...65535).contains(params.server.port) else { throw PluginFailure("server.port \(params.server.port) is out of range") }
        self.privateKey = privateKey
        self.address = address
        self.serverKey = serverKey
        endpointAddress = endpoint
        endpointPort = UInt16(params.server.port)
        // wg-quick: the path MTU minus 80 bytes of WireGuard over IPv6
        // overhead; without a probe, 1500 - 80.
        mtu = UInt32(params.options.mtu ?? 1420)
        var dns: [IPAddress] = []
        for (index, text) in params.options.dns.prefix(4).enumerated() {
            guard let address = IPAddress(text), address.family == .ipv4 else {
                throw PluginFailure("options.dns[\(index)] is not an IPv4 address")
            }
            dns.append(address)
        }
        self.dns = dns
    }

    var allowedIPs: [String] { address6 == nil ? ["0.0.0.0/0"] : ["0.0.0.0/0", "::/0"] }

    /// What the tunnel state reports: the IPv4 address, then the IPv6 one.
    var addresses: [String] { [address.description] + (address6.map { [$0.description] } ?? []) }

    var configuration: DeviceConfiguration {
        DeviceConfiguration(
            privateKey: privateKey, listenPort: nil, firewallMark: Self.table,
            peers: [.init(publicKey: serverKey, endpoint: "\(endpointAddress):\(endpointPort)", allowedIPs: allowedIPs, persistentKeepalive: 25)]
        )
    }
}
