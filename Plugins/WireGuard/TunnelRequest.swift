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
    let address: InetPrefix
    let serverKey: WireGuardKey
    let endpointAddress: InetAddress
    let endpointPort: UInt16
    let mtu: UInt32
    let dns: [InetAddress]

    init(_ params: ConnectParams) throws(PluginFailure) {
        interface = params.options.interfaceName ?? Self.defaultInterface
        guard (1...15).contains(interface.utf8.count),
              interface.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") })
        else { throw PluginFailure("options.interface_name must be 1 to 15 lower-case letters, digits or dashes") }
        guard let privateKey = params.credentials["private_key"].flatMap(WireGuardKey.init(base64:)) else {
            throw PluginFailure("credentials.private_key is missing or not a base64 WireGuard key")
        }
        guard let address = params.credentials["address"].flatMap(InetPrefix.init), address.family == .ipv4 else {
            throw PluginFailure("credentials.address is missing or not an IPv4 address with a prefix")
        }
        guard let serverKey = params.parameters["public_key"].flatMap(WireGuardKey.init(base64:)) else {
            throw PluginFailure("parameters.public_key (the server's key) is missing or not a base64 WireGuard key")
        }
        guard let endpoint = InetAddress(params.server.address), endpoint.family == .ipv4 else {
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
        var dns: [InetAddress] = []
        for (index, text) in params.options.dns.prefix(4).enumerated() {
            guard let address = InetAddress(text), address.family == .ipv4 else {
                throw PluginFailure("options.dns[\(index)] is not an IPv4 address")
            }
            dns.append(address)
        }
        self.dns = dns
    }

    var configuration: DeviceConfiguration {
        DeviceConfiguration(
            privateKey: privateKey, listenPort: nil, firewallMark: Self.table,
            peers: [.init(publicKey: serverKey, endpoint: "\(endpointAddress):\(endpointPort)", allowedIPs: ["0.0.0.0/0"], persistentKeepalive: 25)]
        )
    }
}
