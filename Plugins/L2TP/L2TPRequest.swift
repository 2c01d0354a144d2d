import Addressing
import PluginKit

/// A `connect` request, checked: every value that reaches xl2tpd.conf, the
/// pppd options file or swanctl.conf is validated here for that file's
/// syntax, and a bad one fails naming its field before anything is written
/// or started.
struct L2TPRequest: Sendable, Equatable {
    static let protocolName = "l2tp-ipsec"
    static let defaultInterface = "vpnctl-l2tp"
    static let defaultMTU = 1400

    let interface: String
    let serverID: String
    let hostname: String
    let server: IPAddress
    /// Nil for plain L2TP, allowed only with the connect's `allow_insecure`.
    let presharedKey: String?
    let username: String
    let password: String
    let mtu: Int
    let dns: [IPAddress]

    var usesIPsec: Bool { presharedKey != nil }

    init(_ params: ConnectParams) throws(PluginFailure) {
        guard params.protocolName == Self.protocolName else {
            throw PluginFailure("protocol \(ConfigSyntax.excerpt(params.protocolName)) is not served by this plugin; it speaks \(Self.protocolName)")
        }
        let interface = params.options.interfaceName ?? Self.defaultInterface
        guard ConfigSyntax.isInterfaceName(interface) else {
            throw PluginFailure("options.interface_name \(ConfigSyntax.excerpt(interface)) must be \(TunnelInterfaceName.rule)")
        }
        self.interface = interface
        guard ConfigSyntax.isIdentifier(params.server.id) else {
            throw PluginFailure("server.id \(ConfigSyntax.excerpt(params.server.id)) must be lower-case letters, digits, dashes, dots or underscores, without \"..\"")
        }
        serverID = params.server.id
        guard ConfigSyntax.isHostname(params.server.hostname) else {
            throw PluginFailure("server.hostname \(ConfigSyntax.excerpt(params.server.hostname)) is not a valid host name")
        }
        hostname = params.server.hostname
        guard let server = IPAddress(params.server.address), server.family == .ipv4,
              server.description == params.server.address
        else {
            throw PluginFailure("server.address \(ConfigSyntax.excerpt(params.server.address)) is not an IPv4 address")
        }
        self.server = server
        guard params.server.transport == "udp" else {
            throw PluginFailure("server.transport \(ConfigSyntax.excerpt(params.server.transport)) must be udp: L2TP/IPsec runs over UDP")
        }
        guard (1...65535).contains(params.server.port) else { throw PluginFailure("server.port \(params.server.port) is out of range") }

        switch params.parameter(.ipsecPSK) {
        case let psk? where !psk.isEmpty:
            guard ConfigSyntax.isSwanctlQuotable(psk) else {
                throw PluginFailure("parameters.ipsec_psk must be 1 to 255 printable ASCII characters without \" or \\ (it goes into swanctl.conf)")
            }
            presharedKey = psk
        default:
            guard params.options.allowInsecure else {
                throw PluginFailure(
                    "parameters.ipsec_psk is missing: refusing plain L2TP without IPsec, because the PPP session, "
                        + "the MS-CHAPv2 password exchange included, would cross the internet unencrypted; "
                        + "connect with --allow-insecure to accept that for one connect")
            }
            presharedKey = nil
        }

        let username = params.credentials.username ?? ""
        guard ConfigSyntax.isPPPQuotable(username, maximumLength: 64) else {
            throw PluginFailure("credentials.username must be 1 to 64 printable ASCII characters without \" or \\ (it goes into the pppd options file)")
        }
        self.username = username
        let password = params.credentials.password ?? ""
        guard ConfigSyntax.isPPPQuotable(password) else {
            throw PluginFailure("credentials.password must be 1 to 255 printable ASCII characters without \" or \\ (it goes into the pppd options file)")
        }
        self.password = password

        let mtu = params.options.mtu ?? Self.defaultMTU
        guard (576...1500).contains(mtu) else { throw PluginFailure("options.mtu \(mtu) must be between 576 and 1500") }
        // IPsec, UDP, L2TP and PPP headers take about 100 bytes of a 1500-byte path.
        self.mtu = min(mtu, Self.defaultMTU)
        var dns: [IPAddress] = []
        for (index, text) in params.options.dns.prefix(4).enumerated() {
            guard let address = IPAddress(text), address.family == .ipv4, address.description == text else {
                throw PluginFailure("options.dns[\(index)] \(ConfigSyntax.excerpt(text)) is not an IPv4 address")
            }
            dns.append(address)
        }
        self.dns = dns
    }
}
