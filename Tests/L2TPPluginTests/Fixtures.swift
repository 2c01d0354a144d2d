import PluginKit

/// What the daemon sends for a lab L2TP/IPsec server, with one field
/// changed at a time by the tests.
enum Fixtures {
    static let psk = "lab-psk-0123456789"
    static let token = "tok3n-of-the-account"

    static func params(
        id: String = "de-fra-001", hostname: String = "de-fra-001.example.net", address: String = "198.51.100.2",
        psk: String? = Fixtures.psk, username: String = "vpnctl", password: String = Fixtures.token,
        interface: String? = "l2tp-test", mtu: Int? = 1400, dns: [String] = ["198.18.102.1"], allowInsecure: Bool = false
    ) -> ConnectParams {
        ConnectParams(
            protocolName: "l2tp-ipsec",
            server: ServerEndpoint(id: id, hostname: hostname, address: address, port: 500, transport: "udp"),
            parameters: psk.map { ["ipsec_psk": $0] } ?? [:],
            credentials: Credentials(username: username, password: password),
            options: ConnectOptions(interfaceName: interface, mtu: mtu, dns: dns, allowInsecure: allowInsecure)
        )
    }

    /// Hostile values, each with the field its error must name.
    static let hostile: [(name: String, params: ConnectParams, field: String)] = [
        ("newline and a command in the hostname", params(hostname: "de-fra-001.example.net\nup /bin/sh"), "server.hostname"),
        ("quotes and # in the PSK", params(psk: "abc\" # secret = evil"), "parameters.ipsec_psk"),
        ("backslash in the PSK", params(psk: "abc\\\"def"), "parameters.ipsec_psk"),
        ("newline in the PSK", params(psk: "abc\n}\nconnections {"), "parameters.ipsec_psk"),
        ("an over-long PSK", params(psk: String(repeating: "k", count: 300)), "parameters.ipsec_psk"),
        ("../ in the server id", params(id: "../../etc"), "server.id"),
        ("../ in the interface", params(interface: "../etc"), "options.interface_name"),
        ("an over-long interface", params(interface: "l2tp-interface-name"), "options.interface_name"),
        ("a NUL byte in the address", params(address: "198.51.100.2\u{0}junk"), "server.address"),
        ("a newline in the address", params(address: "198.51.100.2\nup /bin/sh"), "server.address"),
        ("a newline and a pppd option in the password", params(password: "x\"\nplugin /tmp/evil.so"), "credentials.password"),
        ("a NUL byte in the password", params(password: "tok\u{0}en"), "credentials.password"),
        ("an over-long password", params(password: String(repeating: "p", count: 300)), "credentials.password"),
        ("a quote in the username", params(username: "vpnctl\" user \"root"), "credentials.username"),
        ("a newline in a resolver", params(dns: ["198.18.102.1\nnameserver 203.0.113.66"]), "options.dns[0]"),
    ]
}
