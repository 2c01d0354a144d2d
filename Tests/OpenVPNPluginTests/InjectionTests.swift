import Foundation
@testable import OpenVPNPlugin
import PluginKit
import Testing
import TestSupport

/// Hostile values for every field that reaches openvpn's config file or its
/// management channel: each is refused with its field named, before
/// anything is written or started.
@Suite struct InjectionTests {
    static let ca = """
        -----BEGIN CERTIFICATE-----
        MIIBfzCCASWgAwIBAgIUY2hlY2tlZCBieSBzeW50YXggb25seTAKBggqhkjOPQQD
        AjAZMRcwFQYDVQQDDA52cG5jdGwgdGVzdCBDQQ==
        -----END CERTIFICATE-----

        """
    static let tlsCrypt = """
        #
        # 2048 bit OpenVPN static key
        #
        -----BEGIN OpenVPN Static key V1-----
        0123456789abcdef0123456789abcdef
        fedcba9876543210fedcba9876543210
        -----END OpenVPN Static key V1-----

        """

    static func valid() -> ConnectParams {
        ConnectParams(
            protocolName: "openvpn-udp",
            server: ServerEndpoint(id: "de-fra-001", hostname: "de-fra-001.example.net", address: "203.0.113.10", port: 1194, transport: "udp"),
            parameters: ["ca": ca, "tls_crypt": tlsCrypt],
            credentials: Credentials(username: "vpnctl", password: "token"),
            options: ConnectOptions(interfaceName: "vpnctl-ovpn", mtu: 1400, dns: ["198.18.100.1"])
        )
    }

    /// A name for each hostile request, the request, and the field its error must name.
    static let corpus: [(String, ConnectParams, String)] = {
        func with(_ change: (inout ConnectParams) -> Void) -> ConnectParams {
            var params = valid()
            change(&params)
            return params
        }
        let long = String(repeating: "a", count: 5000)
        return [
            ("newline and up in hostname", with { $0.server.hostname = "a.example.net\nup /bin/sh" }, "server.hostname"),
            ("quote in hostname", with { $0.server.hostname = "a.example.net\" name" }, "server.hostname"),
            ("hash in hostname", with { $0.server.hostname = "a.example.net # x" }, "server.hostname"),
            ("over-long hostname", with { $0.server.hostname = long }, "server.hostname"),
            ("NUL in hostname", with { $0.server.hostname = "a.example.net\0up" }, "server.hostname"),
            ("newline in address", with { $0.server.address = "203.0.113.10\nup /bin/sh" }, "server.address"),
            ("name as address", with { $0.server.address = "example.net" }, "server.address"),
            ("IPv6 address", with { $0.server.address = "2001:db8::1" }, "server.address"),
            ("port 0", with { $0.server.port = 0 }, "server.port"),
            ("port 70000", with { $0.server.port = 70000 }, "server.port"),
            ("../ in server id", with { $0.server.id = "../../etc" }, "server.id"),
            ("newline in server id", with { $0.server.id = "de\nup /bin/sh" }, "server.id"),
            ("../ in interface", with { $0.options.interfaceName = "../etc" }, "options.interface_name"),
            ("over-long interface", with { $0.options.interfaceName = "vpnctl-openvpn-0" }, "options.interface_name"),
            ("upper-case interface", with { $0.options.interfaceName = "VPN0" }, "options.interface_name"),
            ("</ca> and up in ca", with { $0.parameters["ca"] = ca + "</ca>\nup /bin/sh\n<ca>\n" }, "parameters.ca"),
            ("up inside a ca block", with { $0.parameters["ca"] = ca.replacingOccurrences(of: "AjAZ", with: "up /bin/sh\nAjAZ") }, "parameters.ca"),
            ("NUL in ca", with { $0.parameters["ca"] = ca + "\0" }, "parameters.ca"),
            ("over-long ca", with { $0.parameters["ca"] = String(repeating: ca, count: 500) }, "parameters.ca"),
            ("missing ca", with { $0.parameters["ca"] = nil }, "parameters.ca"),
            ("unterminated ca", with { $0.parameters["ca"] = "-----BEGIN CERTIFICATE-----\nMIIB\n" }, "parameters.ca"),
            ("private key as ca", with { $0.parameters["ca"] = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n" }, "parameters.ca"),
            ("</tls-crypt> in tls_crypt", with { $0.parameters["tls_crypt"] = tlsCrypt + "</tls-crypt>\nup /bin/sh\n" }, "parameters.tls_crypt"),
            ("markup in a tls_crypt comment", with { $0.parameters["tls_crypt"] = "# </tls-crypt>\n" + tlsCrypt }, "parameters.tls_crypt"),
            ("base64 in tls_crypt", with { $0.parameters["tls_crypt"] = tlsCrypt.replacingOccurrences(of: "0123456789abcdef0123456789abcdef", with: "MIIB+/==") }, "parameters.tls_crypt"),
            ("newline in username", with { $0.credentials.username = "vpnctl\nsignal SIGTERM" }, "credentials.username"),
            ("NUL in password", with { $0.credentials.password = "tok\0en" }, "credentials.password"),
            ("newline in password", with { $0.credentials.password = "token\nsignal SIGTERM" }, "credentials.password"),
            ("over-long password", with { $0.credentials.password = long }, "credentials.password"),
            ("username without password", with { $0.credentials.password = nil }, "credentials.password"),
            ("hostname as dns", with { $0.options.dns = ["one.one.one.one"] }, "options.dns[0]"),
            ("newline in dns", with { $0.options.dns = ["198.18.100.1", "198.18.100.2\nup /bin/sh"] }, "options.dns[1]"),
            ("mtu 10", with { $0.options.mtu = 10 }, "options.mtu"),
            ("unknown protocol", with { $0.protocolName = "openvpn-icmp" }, "protocol"),
            ("transport mismatch", with { $0.server.transport = "tcp" }, "server.transport"),
        ]
    }()

    @Test func theValidRequestPasses() throws {
        let request = try OpenVPNRequest(Self.valid())
        #expect(request.interface == "vpnctl-ovpn")
        #expect(request.credentials?.password == "token")
        #expect(request.tlsCrypt?.text.contains("#") == false)
    }

    @Test(arguments: corpus.indices) func aHostileValueIsRefusedNamingItsField(_ index: Int) {
        let (name, params, field) = Self.corpus[index]
        do {
            _ = try OpenVPNRequest(params)
            Issue.record("accepted: \(name)")
        } catch {
            #expect(error.description.contains(field), "\(name): \(error.description)")
            #expect(!error.description.contains("\n"), "\(name): the error spans lines")
            #expect(!error.description.contains("\0"))
        }
    }

    @Test func credentialsNeverShowInADescription() throws {
        let request = try OpenVPNRequest(Self.valid())
        #expect(!"\(request)".contains("token"))
        #expect(!String(reflecting: request.credentials!).contains("token"))
        #expect(!"\(ManagementCommand.password(type: "Auth", value: "token"))".contains("token"))
    }

    /// The real plugin, in a namespace of the test's own: every hostile
    /// request is refused and nothing is started or written.
    @Test func thePluginStartsNothingForAHostileRequest() async throws {
        let tag = String(UInt32.random(in: 0x10000...0xFFFFF), radix: 16)
        let namespace = "vpnctl-test-ovi-\(tag)"
        try await offPool {
            try Shell.run("ip", "netns", "add", namespace)
            try Shell.run("ip", "netns", "exec", namespace, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")
        }
        defer { try? Shell.run("ip", "netns", "del", namespace) }
        let directory = try TemporaryDirectory(prefix: "vpnctl-ovpn-inject")
        try directory.writeExecutable("openvpn-in-netns", "#!/bin/sh\nexec ip netns exec \(namespace) \(OpenVPNPluginTests.plugin)\n")
        let file = try directory.write("openvpn.json", #"{"contract": 1, "name": "openvpn", "executable": "openvpn-in-netns", "protocols": [{"name": "openvpn-udp", "transport": "udp"}]}"#)
        let (plugin, _) = try await PluginConnection.launch(try DescriptorParser.parse(Data(contentsOf: file), file: file.path), hostVersion: "test")
        let links = try await offPool { try Shell.output("ip", "-n", namespace, "-j", "link", "show") }
        let pluginOnly = try await offPool { try Shell.output("ip", "netns", "pids", namespace) }

        for (name, params, field) in Self.corpus {
            do throws(PluginError) {
                _ = try await plugin.call(Contract.Connect.self, params, timeout: .seconds(10))
                Issue.record("the plugin accepted: \(name)")
            } catch {
                #expect(error.description.contains(field), "\(name): \(error.description)")
            }
            let processes = try await offPool { try Shell.output("ip", "netns", "pids", namespace) }
            #expect(processes == pluginOnly, "\(name): something was started")
            #expect(!FileManager.default.fileExists(atPath: "/run/vpnctl-openvpn/vpnctl-ovpn"), "\(name): the private directory was made")
        }
        #expect(try await offPool { try Shell.output("ip", "-n", namespace, "-j", "link", "show") } == links)
        await plugin.terminate()
    }
}
