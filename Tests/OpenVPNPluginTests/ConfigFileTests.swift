import PluginKit
@testable import OpenVPNPlugin
import Testing

/// What the config writer produces from a checked request.
@Suite struct ConfigFileTests {
    func text(_ change: (inout ConnectParams) -> Void = { _ in }) throws -> String {
        var params = InjectionTests.valid()
        change(&params)
        let request = try OpenVPNRequest(params)
        return OpenVPNConfigFile(request: request, directory: PrivateDirectory(interface: request.interface)).text
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test func udpClientWithEverything() throws {
        let lines = lines(try text())
        for expected in [
            "client", "dev vpnctl-ovpn", "dev-type tun", "proto udp", "remote 203.0.113.10 1194", "nobind",
            "remote-cert-tls server", "verify-x509-name de-fra-001.example.net name", "tls-version-min 1.2",
            "data-ciphers AES-256-GCM:CHACHA20-POLY1305", "auth-nocache", "script-security 1", "mark 51820",
            "route-noexec", "pull-filter ignore \"redirect-gateway\"", "pull-filter ignore \"route\"",
            "management /run/vpnctl-openvpn/vpnctl-ovpn/management.sock unix", "management-client", "management-hold",
            "management-query-passwords", "writepid /run/vpnctl-openvpn/vpnctl-ovpn/openvpn.pid", "auth-user-pass",
            "mssfix 1400 mtu", "<ca>", "</ca>", "<tls-crypt>", "</tls-crypt>",
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
        #expect(lines.filter { $0.hasPrefix("remote ") }.count == 1)
        // No scripts, no secrets: the password goes over the management channel.
        for line in lines {
            #expect(!line.hasPrefix("up ") && !line.hasPrefix("down ") && !line.hasPrefix("script-security 2"))
            #expect(!line.contains("token"))
        }
    }

    @Test func inlineBlocksHoldOnlyTheCheckedPEM() throws {
        let text = try text()
        let ca = text.components(separatedBy: "<ca>\n")[1].components(separatedBy: "</ca>")[0]
        #expect(ca == InjectionTests.ca.split(separator: "\n").map { $0 + "\n" }.joined())
        let key = text.components(separatedBy: "<tls-crypt>\n")[1].components(separatedBy: "</tls-crypt>")[0]
        #expect(key.hasPrefix("-----BEGIN OpenVPN Static key V1-----\n"))
        #expect(key.hasSuffix("-----END OpenVPN Static key V1-----\n"))
        #expect(!key.contains("#"), "comment lines are dropped")
        #expect(text.hasSuffix("</tls-crypt>\n"))
    }

    @Test func tcpWithoutCredentialsOrKey() throws {
        let lines = lines(try text {
            $0.protocolName = "openvpn-tcp"
            $0.server.transport = "tcp"
            $0.server.port = 443
            $0.credentials = Credentials()
            $0.parameters["tls_crypt"] = nil
            $0.options = ConnectOptions()
        })
        #expect(lines.contains("proto tcp-client"))
        #expect(lines.contains("remote 203.0.113.10 443"))
        #expect(!lines.contains("auth-user-pass"))
        #expect(!lines.contains("<tls-crypt>"))
        #expect(!lines.contains { $0.hasPrefix("mssfix") })
        #expect(lines.contains("dev vpnctl-ovpn"))
    }

    @Test func crlfPEMIsNormalised() throws {
        let text = try text { $0.parameters["ca"] = InjectionTests.ca.replacingOccurrences(of: "\n", with: "\r\n") }
        #expect(!text.contains("\r"))
        #expect(text.contains("-----BEGIN CERTIFICATE-----\nMIIB"))
    }
}
