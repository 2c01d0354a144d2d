import Addressing
import PluginKit

/// A `connect` request, checked: every value that reaches openvpn's config
/// file or its management channel is held to its field's syntax here,
/// before anything is written or started, and a bad one names its field.
struct OpenVPNRequest: Sendable, Hashable {
    enum Transport: String, Sendable {
        case udp, tcp

        /// openvpn's `proto` for a client.
        var proto: String { self == .udp ? "udp" : "tcp-client" }
    }

    struct Login: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
        let username: String
        let password: String

        // Printed by accident, it shows no secret.
        var description: String { "credentials for \(username)" }
        var debugDescription: String { description }
    }

    static let defaultInterface = "vpnctl-ovpn"
    /// openvpn's own limit for a username or password is larger; a token
    /// longer than this is a mistake, not an account.
    static let maximumCredentialLength = 1024

    let interface: String
    let transport: Transport
    let serverID: String
    let hostname: String
    let address: IPAddress
    let port: UInt16
    let ca: PEMText
    let tlsCrypt: PEMText?
    let credentials: Login?
    /// The path MTU, for openvpn's `mssfix … mtu`.
    let pathMTU: Int?
    let dns: [IPAddress]

    init(_ params: ConnectParams) throws(PluginFailure) {
        switch params.protocolName {
        case "openvpn-udp": transport = .udp
        case "openvpn-tcp": transport = .tcp
        default: throw PluginFailure("protocol must be openvpn-udp or openvpn-tcp, not \(Self.preview(params.protocolName))")
        }
        guard params.server.transport.isEmpty || params.server.transport == transport.rawValue else {
            throw PluginFailure("server.transport \(Self.preview(params.server.transport)) does not match the protocol \(params.protocolName)")
        }
        interface = params.options.interfaceName ?? Self.defaultInterface
        guard ConfigValue.isInterfaceName(interface) else {
            throw PluginFailure("options.interface_name must be \(TunnelInterfaceName.rule)")
        }
        guard ConfigValue.isServerID(params.server.id) else {
            throw PluginFailure("server.id must be 1 to 64 letters, digits, dashes, underscores or single dots")
        }
        serverID = params.server.id
        guard ConfigValue.isHostname(params.server.hostname) else {
            throw PluginFailure("server.hostname is not a DNS name (letters, digits, dashes and dots, at most 253)")
        }
        hostname = params.server.hostname
        guard let address = ConfigValue.ipv4(params.server.address) else {
            throw PluginFailure("server.address \(Self.preview(params.server.address)) is not an IPv4 address")
        }
        self.address = address
        guard (1...65535).contains(params.server.port) else { throw PluginFailure("server.port \(params.server.port) is out of range") }
        port = UInt16(params.server.port)

        guard let caText = params.parameter(.ca) else { throw PluginFailure("parameters.ca (the server's CA certificate) is missing") }
        guard let ca = PEMText.certificates(caText) else {
            throw PluginFailure("parameters.ca: not a PEM block of certificates (at most 64 KiB)")
        }
        self.ca = ca
        if let keyText = params.parameter(.tlsCrypt) {
            guard let key = PEMText.staticKey(keyText) else {
                throw PluginFailure("parameters.tls_crypt: not an OpenVPN static key (one hex block, at most 4 KiB)")
            }
            tlsCrypt = key
        } else {
            tlsCrypt = nil
        }

        credentials = try Self.credentials(params.credentials)
        if let mtu = params.options.mtu {
            guard (576...9000).contains(mtu) else { throw PluginFailure("options.mtu \(mtu) is outside 576 to 9000") }
            pathMTU = mtu
        } else {
            pathMTU = nil
        }
        guard params.options.dns.count <= 8 else { throw PluginFailure("options.dns holds more than 8 servers") }
        var dns: [IPAddress] = []
        for (index, text) in params.options.dns.enumerated() {
            guard let server = ConfigValue.ipv4(text) else { throw PluginFailure("options.dns[\(index)] is not an IPv4 address") }
            dns.append(server)
        }
        self.dns = dns
    }

    private static func credentials(_ given: Credentials) throws(PluginFailure) -> Login? {
        let username = given.username, password = given.password
        if username == nil, password == nil { return nil }
        guard let username, let password else {
            throw PluginFailure("credentials.username and credentials.password go together: give both or neither")
        }
        guard ConfigValue.isManagementArgument(username, maximumLength: maximumCredentialLength) else {
            throw PluginFailure("credentials.username must be 1 to \(maximumCredentialLength) printable characters, without line breaks")
        }
        guard ConfigValue.isManagementArgument(password, maximumLength: maximumCredentialLength) else {
            throw PluginFailure("credentials.password must be 1 to \(maximumCredentialLength) printable characters, without line breaks")
        }
        return Login(username: username, password: password)
    }

    /// A short, single-line rendering of a refused value for an error.
    static func preview(_ text: String) -> String {
        let visible = text.prefix(40).unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined()
        return "\"\(visible)\(text.count > 40 ? "…" : "")\""
    }
}
