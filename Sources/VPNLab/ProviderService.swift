import Foundation

/// The provider on the lab's internet: the HTTPS API with the lab's CA,
/// serving a signed server list that describes exactly the servers that run
/// (WireGuard, OpenVPN and L2TP/IPsec),
/// and the lab's two accounts.
struct ProviderService {
    let state: StateDirectory

    var log: String { state.log("provider") }
    var signingKey: String { state.keys + "/directory-signing.key" }
    var caFile: String { state.pki + "/ca.pem" }
    var labServersFile: String { state.providerRoot + "/lab-servers.json" }

    /// The CA and the API's certificate for 198.51.100.10.
    func makePKI() throws {
        try Subprocess.run(["sh", try Resources.labScript("make-pki.sh"), state.pki, Topology.providerAddress])
    }

    /// A fresh signing key; returns its public key (directory_public_key).
    func makeSigningKey() throws -> String {
        let output = try Subprocess.run([try Resources.providerTool, "keygen", "--force", "--out", signingKey])
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// servers.json for the running servers, signed.
    func publishServerList(publicKeys: [String: String], openVPN: (ca: String, tlsCrypt: String), psks: [String: String]) throws {
        let now = Date()
        let formatter = ISO8601DateFormatter()
        let list: [String: Any] = [
            "schema": 1,
            "generated_at": formatter.string(from: now),
            "expires_at": formatter.string(from: now.addingTimeInterval(7 * 24 * 3600)),
            "locations": Topology.locations.map { location in
                [
                    "id": location.id, "country_code": location.countryCode, "country": location.country,
                    "city": location.city, "aliases": location.aliases,
                    "latitude": location.latitude, "longitude": location.longitude,
                ] as [String: Any]
            },
            "servers": Topology.servers.map { server in
                var entry: [String: Any] = [
                    "id": server.id, "location": server.location, "hostname": server.hostname,
                    "ipv4": server.address, "tier": server.tier.rawValue, "load": server.load,
                    "online": true, "features": [String](), "probe_port": Topology.probePort,
                    "wireguard": ["public_key": publicKeys[server.id] ?? "", "port": Topology.wireGuardPort, "dns": [Topology.tunnelDNS]] as [String: Any],
                    "openvpn": [
                        "udp_ports": [Topology.openVPNUDPPort], "tcp_ports": [Topology.openVPNTCPPort],
                        "ca": openVPN.ca, "tls_crypt": openVPN.tlsCrypt,
                    ] as [String: Any],
                    "l2tp": ["ipsec_psk": psks[server.id] ?? ""],
                ]
                // The list's `ipv6` marks the servers that carry IPv6 in the tunnel.
                if let address6 = server.address6 { entry["ipv6"] = address6 }
                return entry
            },
        ]
        let file = state.providerRoot + "/servers.json"
        try Files.write(try JSONSerialization.data(withJSONObject: list, options: [.prettyPrinted, .sortedKeys]), to: file)
        try Subprocess.run([try Resources.providerTool, "sign", "--key", signingKey, file])
    }

    /// accounts.json (one free, one premium account) and each token in its
    /// own file, 0600, for account_token_file.
    func writeAccounts() throws {
        var accounts: [String: Any] = [:]
        for tier in Topology.Tier.allCases {
            let token = "lab-\(tier.rawValue)-" + Self.randomHex(16)
            accounts[token] = ["tier": tier.rawValue, "max_devices": tier.maxDevices]
            try Files.write(token + "\n", to: state.tokenFile(tier), mode: 0o600)
        }
        try Files.write(try JSONSerialization.data(withJSONObject: accounts, options: [.prettyPrinted, .sortedKeys]),
                        to: state.providerRoot + "/accounts.json", mode: 0o600)
        let servers = Topology.servers.map { server in
            let access = ServerAccess(server: server, state: state)
            return [
                "id": server.id, "tier": server.tier.rawValue, "uapi": server.uapiSocket, "ipv6": server.address6 != nil,
                "openvpn_logins": access.openVPNLoginsFile, "chap_secrets": access.chapSecretsFile,
            ] as [String: Any]
        }
        try Files.write(try JSONSerialization.data(withJSONObject: ["accounts": state.providerRoot + "/accounts.json", "servers": servers],
                                                   options: [.prettyPrinted, .sortedKeys]), to: labServersFile)
    }

    func start() throws -> pid_t {
        try Namespace(Topology.inetNamespace).spawnDaemon([
            try Subprocess.executable("python3").path, try Resources.labScript("provider.py"),
            "--fixture", try Resources.providerFixture, "--lab-servers", labServersFile, "--",
            "--root", state.providerRoot, "--cert", state.pki + "/server.pem", "--key", state.pki + "/server.key",
            "--bind", Topology.providerAddress, "--port", String(Topology.providerPort), "--verbose",
        ], log: log)
    }

    func awaitReady(pid: pid_t) throws {
        try ListeningLine.await(name: "the provider API", pid: pid, log: log, port: Topology.providerPort)
    }

    static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
