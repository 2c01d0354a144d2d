import Foundation
import Testing
import TestSupport

/// The servers' other protocols in the lab: OpenVPN over UDP and TCP,
/// xl2tpd and charon in every server namespace, as `vpnlab up` starts them,
/// reached from the home client through the NAT router with real clients and
/// real packets. Blocking work (the session lock, child processes) runs off
/// the cooperative pool; expectations are checked back on it.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct LabServersTests {
    static let servers = ["de-fra-001": "203.0.113.11", "nl-ams-001": "203.0.113.21", "nl-ams-101": "203.0.113.22", "us-nyc-101": "203.0.113.31"]

    @Test func everyServerListensAnswersAndIsInTheSignedList() async throws {
        let hostPPP = FileManager.default.contents(atPath: "/etc/ppp/chap-secrets")
        let lab = try await LabSession.make()
        defer { lab.close() }
        let up = try await offPool { try lab.runner.vpnlab("up", "--json") }
        try #require(up.succeeded, "\(up.summary)\n\(lab.logs())")
        let status = try LabRunner.json(up.stdout)
        let state = lab.stateDirectory

        for (id, address) in Self.servers.sorted(by: { $0.key < $1.key }) {
            let namespace = "vpnlab-\(id)"
            // From inside the server's namespace: what is bound there.
            let udp = try await offPool { try Shell.output("ip", "netns", "exec", namespace, "ss", "-H", "-l", "-n", "-u", "-p") }
            let tcp = try await offPool { try Shell.output("ip", "netns", "exec", namespace, "ss", "-H", "-l", "-n", "-t", "-p") }
            #expect(udp.contains("\(address):1194") && udp.contains("\"openvpn\""), "\(id) udp: \(udp)")
            #expect(tcp.contains("\(address):443") && tcp.contains("\"openvpn\""), "\(id) tcp: \(tcp)")
            #expect(udp.contains("\(address):1701") && udp.contains("\"xl2tpd\""), "\(id) udp: \(udp)")
            #expect(udp.contains(":500 ") && udp.contains(":4500 ") && udp.contains("\"charon\""), "\(id) udp: \(udp)")

            // charon has the L2TP connection (transport mode, udp/1701) and the PSK.
            let vici = "unix://\(state)/servers/\(id)/charon.vici"
            let connections = try await offPool {
                try Shell.output("ip", "netns", "exec", namespace, "swanctl", "--list-conns", "--uri", vici)
            }
            #expect(connections.contains("l2tp: IKEv1/2") && connections.contains("TRANSPORT") && connections.contains("dynamic[udp/l2f]"),
                    "\(id): \(connections)")
            let loaded = try String(contentsOfFile: state + "/logs/swanctl-\(id).log", encoding: .utf8)
            #expect(loaded.contains("loaded ike secret 'ike-l2tp'"), "\(id): \(loaded)")

            // Real packets from the home client, through the router's NAT.
            for (kind, port) in [("l2tp", 1701), ("ike", 500), ("ike", 4500)] {
                let probe = try await offPool {
                    try lab.runner.exec("client", arguments: ["python3", "-c", ProtocolProbe.script, kind, address, String(port)])
                }
                #expect(probe.succeeded, "\(kind) on \(id) port \(port): \(probe.summary)")
            }
        }

        // The signed list describes the servers that run: the lab's CA and
        // tls-crypt key, and each server's PSK.
        let ca = try String(contentsOfFile: state + "/pki/openvpn/ca.pem", encoding: .utf8)
        let tlsCrypt = try String(contentsOfFile: state + "/pki/openvpn/tls-crypt.key", encoding: .utf8)
        #expect(tlsCrypt.contains("-----BEGIN OpenVPN Static key V1-----"))
        let list = try LabRunner.json(try String(contentsOfFile: state + "/provider/servers.json", encoding: .utf8))
        let listed = try #require(list["servers"] as? [[String: Any]])
        #expect(listed.count == Self.servers.count)
        for server in listed {
            let id = try #require(server["id"] as? String)
            let openVPN = try #require(server["openvpn"] as? [String: Any], "\(id) has an openvpn block")
            #expect(openVPN["udp_ports"] as? [Int] == [1194] && openVPN["tcp_ports"] as? [Int] == [443])
            #expect(openVPN["ca"] as? String == ca && openVPN["tls_crypt"] as? String == tlsCrypt)
            let psk = try #require((server["l2tp"] as? [String: Any])?["ipsec_psk"] as? String)
            #expect(psk.count >= 16 && psk.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }, "\(id): letters and digits")
            let swanctl = try String(contentsOfFile: state + "/servers/\(id)/swanctl/swanctl.conf", encoding: .utf8)
            #expect(swanctl.contains("secret = \(psk)"), "\(id): the published PSK is charon's")

            // The server certificate names the server's hostname.
            let hostname = try #require(server["hostname"] as? String)
            let subject = try await offPool {
                try Shell.output("openssl", "x509", "-noout", "-subject", "-in", "\(state)/pki/openvpn/\(hostname).pem")
            }
            #expect(subject.contains("CN = \(hostname)") || subject.contains("CN=\(hostname)"), "\(subject)")
        }
        let publicKey = try #require((status["provider"] as? [String: Any])?["directory_public_key"] as? String)
        let verify = try await offPool {
            try LabRunner.run(LabRunner.providerTool, ["verify", "--public-key", publicKey, state + "/provider/servers.json"],
                              environment: ProcessInfo.processInfo.environment)
        }
        #expect(verify.succeeded, "\(verify.summary)")

        // Secrets are private to root.
        var secrets = [state + "/pki/openvpn/ca.key", state + "/pki/openvpn/tls-crypt.key"]
        for id in Self.servers.keys {
            secrets += ["/servers/\(id)/openvpn-logins", "/servers/\(id)/ipsec.psk", "/servers/\(id)/ppp/chap-secrets",
                        "/servers/\(id)/swanctl/swanctl.conf"].map { state + $0 }
            secrets.append(state + "/pki/openvpn/\(id).vpnlab.example.net.key")
        }
        for file in secrets {
            let mode = (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) ?? -1
            #expect(mode == 0o600, "\(file) has mode \(String(mode, radix: 8))")
        }

        // Every server's charon and pppd wrote under a /run of its own.
        #expect(Residue.labFiles.isEmpty, "\(Residue.labFiles)")
        let server = try #require((status["locations"] as? [[String: Any]])?.first?["servers"] as? [[String: Any]])
        #expect((server.first?["openvpn"] as? [String: Any])?["udp_port"] as? Int == 1194)
        #expect((server.first?["l2tp"] as? [String: Any])?["ike_ports"] as? [Int] == [500, 4500])

        let down = try await offPool { try lab.runner.vpnlab("down") }
        #expect(down.succeeded, "\(down.summary)")
        #expect(Residue.all.isEmpty, "left behind: \(Residue.all)")
        #expect(!FileManager.default.fileExists(atPath: state), "the state directory is removed")
        #expect(FileManager.default.contents(atPath: "/etc/ppp/chap-secrets") == hostPPP, "the machine's chap-secrets never changes")
    }

    /// A raw openvpn client in the home client's namespace, through the NAT
    /// router: a free device's own login gets a tunnel to a free server and
    /// pings the server's tunnel address; the account token is no login at
    /// all, a free device's login is refused at a premium server, which
    /// takes a premium device's; a revoked device's login is refused.
    @Test(arguments: [OpenVPNClient.Transport.udp, .tcp])
    func openVPNClientThroughTheRouter(_ transport: OpenVPNClient.Transport) async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        let up = try await offPool { try lab.runner.vpnlab("up") }
        try #require(up.succeeded, "\(up.summary)\n\(lab.logs())")
        let free = try Self.token(lab, "free"), premium = try Self.token(lab, "premium")
        let freeDevice = try Self.registerDevice(lab, token: free), premiumDevice = try Self.registerDevice(lab, token: premium)
        #expect(freeDevice.login.password != free && premiumDevice.login.password != premium)

        let connected = try await offPool { try OpenVPNClient(lab: lab, server: "de-fra-001", transport: transport, login: freeDevice.login).run() }
        #expect(connected.outcome == .connected, "\(connected.log)")
        #expect(connected.pinged, "ping \(transport.serverAddress) through the tunnel: \(connected.log)")
        let serverLog = try String(contentsOfFile: lab.stateDirectory + "/logs/openvpn-\(transport.rawValue)-de-fra-001.log", encoding: .utf8)
        #expect(serverLog.contains("\(freeDevice.login.username)/203.0.113.2:"), "the server saw the device as the home's public address (NAT)")
        #expect(!serverLog.contains(free) && !serverLog.contains(freeDevice.login.password), "no secret appears in the server's log")

        let token = try await offPool {
            try OpenVPNClient(lab: lab, server: "de-fra-001", transport: transport, login: (username: "vpnctl", password: free)).run()
        }
        #expect(token.outcome == .refused, "the account token is no tunnel login: \(token.log)")

        let freeAtPremium = try await offPool { try OpenVPNClient(lab: lab, server: "us-nyc-101", transport: transport, login: freeDevice.login).run() }
        #expect(freeAtPremium.outcome == .refused, "\(freeAtPremium.log)")
        let premiumAtPremium = try await offPool {
            try OpenVPNClient(lab: lab, server: "us-nyc-101", transport: transport, login: premiumDevice.login).run()
        }
        #expect(premiumAtPremium.outcome == .connected && premiumAtPremium.pinged, "\(premiumAtPremium.log)")

        try Self.removeDevice(lab, token: free, id: freeDevice.id)
        let revoked = try await offPool { try OpenVPNClient(lab: lab, server: "de-fra-001", transport: transport, login: freeDevice.login).run() }
        #expect(revoked.outcome == .refused, "a revoked device's login: \(revoked.log)")

        let down = try await offPool { try lab.runner.vpnlab("down") }
        #expect(down.succeeded, "\(down.summary)")
        #expect(Residue.all.isEmpty, "left behind: \(Residue.all)")
    }

    /// POST /devices to the lab's provider from the client, as vpnctld does;
    /// the token goes in a 0600 header file, never on a command line.
    static func registerDevice(_ lab: LabSession, token: String) throws -> (id: String, login: (username: String, password: String)) {
        let directory = lab.directory.path + "/device-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let header = directory + "/authorization", body = directory + "/body"
        _ = FileManager.default.createFile(atPath: header, contents: Data("Authorization: Bearer \(token)\n".utf8), attributes: [.posixPermissions: 0o600])
        let key = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        try Data(#"{"public_key": "\#(key)", "name": "lab test"}"#.utf8).write(to: URL(fileURLWithPath: body))
        let reply = try lab.runner.exec("client", "curl", "-sS", "--fail", "--max-time", "10", "--cacert", lab.stateDirectory + "/pki/ca.pem",
                                        "-H", "@" + header, "-H", "Content-Type: application/json", "--data-binary", "@" + body,
                                        LabTests.providerURL + "devices")
        guard reply.succeeded else { throw LabTestError("POST devices: \(reply.summary)") }
        let device = try LabRunner.json(reply.stdout)
        guard let id = device["id"] as? String, let login = device["openvpn"] as? [String: String],
              let username = login["username"], let password = login["password"] else { throw LabTestError("no OpenVPN login in \(reply.stdout)") }
        return (id, (username, password))
    }

    static func removeDevice(_ lab: LabSession, token: String, id: String) throws {
        let header = lab.directory.path + "/authorization-\(id)"
        _ = FileManager.default.createFile(atPath: header, contents: Data("Authorization: Bearer \(token)\n".utf8), attributes: [.posixPermissions: 0o600])
        let reply = try lab.runner.exec("client", "curl", "-sS", "--fail", "--max-time", "10", "--cacert", lab.stateDirectory + "/pki/ca.pem",
                                        "-H", "@" + header, "-X", "DELETE", LabTests.providerURL + "devices/\(id)")
        guard reply.succeeded else { throw LabTestError("DELETE devices/\(id): \(reply.summary)") }
    }

    static func token(_ lab: LabSession, _ tier: String) throws -> String {
        try String(contentsOfFile: lab.stateDirectory + "/accounts/\(tier).token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// One run of `openvpn` as a client in the lab's client namespace, with a
/// configuration in the test's directory and the credentials in a 0600
/// file. It runs until it is connected (then pings the server's tunnel
/// address) or refused, and is stopped either way.
struct OpenVPNClient {
    enum Transport: String, Sendable, CustomTestStringConvertible {
        case udp, tcp
        var port: Int { self == .udp ? 1194 : 443 }
        var serverAddress: String { self == .udp ? "198.18.100.1" : "198.18.101.1" }
        var testDescription: String { rawValue }
    }

    enum Outcome: Equatable { case connected, refused, exited, timedOut }

    let lab: LabSession
    let server: String
    let transport: Transport
    let login: (username: String, password: String)

    func run() throws -> (outcome: Outcome, pinged: Bool, log: String) {
        let directory = lab.directory.path + "/openvpn-\(server)-\(transport.rawValue)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let credentials = directory + "/auth"
        _ = FileManager.default.createFile(atPath: credentials, contents: nil, attributes: [.posixPermissions: 0o600])
        try Data("\(login.username)\n\(login.password)\n".utf8).write(to: URL(fileURLWithPath: credentials))
        let pki = lab.stateDirectory + "/pki/openvpn"
        let configuration = directory + "/client.conf", log = directory + "/client.log"
        try """
            client
            dev tun
            proto \(transport == .udp ? "udp" : "tcp-client")
            remote \(LabServersTests.servers[server]!) \(transport.port)
            nobind
            ca \(pki)/ca.pem
            tls-crypt \(pki)/tls-crypt.key
            remote-cert-tls server
            verify-x509-name \(server).vpnlab.example.net name
            auth-user-pass \(credentials)
            auth-retry none
            auth-nocache
            data-ciphers AES-256-GCM:CHACHA20-POLY1305
            tls-version-min 1.2
            route-noexec
            disable-dco
            connect-retry-max 1
            verb 3

            """.write(toFile: configuration, atomically: true, encoding: .utf8)

        let pid = try LabRunner.spawn("/usr/sbin/ip", ["netns", "exec", "vpnlab-client", "openvpn", "--config", configuration, "--log", log],
                                      environment: ProcessInfo.processInfo.environment, stdout: "/dev/null", stderr: "/dev/null")
        var exited = false
        func stop() {
            guard !exited else { return }
            kill(pid, SIGTERM)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            exited = true
        }
        defer { stop() }
        func isRunning() -> Bool {
            var status: Int32 = 0
            if !exited, waitpid(pid, &status, WNOHANG) == pid { exited = true }
            return !exited
        }

        // openvpn tells how it went only in its log: poll it, with a deadline.
        var outcome = Outcome.timedOut
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if text.contains("Initialization Sequence Completed") { outcome = .connected; break }
            if text.contains("AUTH_FAILED") { outcome = .refused; break }
            if !isRunning() { outcome = .exited; break }
            usleep(20_000)
        }
        var pinged = false
        if outcome == .connected {
            let ping = try lab.runner.exec("client", "ping", "-c", "1", "-W", "5", transport.serverAddress)
            pinged = ping.succeeded
        }
        stop()
        return (outcome, pinged, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }
}

/// Raw first packets of L2TP and IKE, as a router's probe or a client
/// sends them, in Python (run in the client namespace):
/// `l2tp HOST 1701`: an SCCRQ with Assigned Tunnel ID 4242; success is an
/// SCCRP addressed to that tunnel.
/// `ike HOST 500|4500`: an IKEv2 IKE_SA_INIT (AES-CBC-256, SHA-256, MODP-2048,
/// with KE and nonce; on 4500 after the non-ESP marker); success is the
/// responder's IKE_SA_INIT answer to our SPI.
enum ProtocolProbe {
    static let script = """
        import os, socket, struct, sys
        kind, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(5)
        if kind == "l2tp":
            def avp(attr, value):
                return struct.pack("!HHH", 0x8000 | (6 + len(value)), 0, attr) + value
            avps = (avp(0, struct.pack("!H", 1)) + avp(2, struct.pack("!H", 0x0100)) + avp(7, b"probe")
                    + avp(3, struct.pack("!I", 3)) + avp(9, struct.pack("!H", 4242)))
            s.sendto(struct.pack("!HHHHHH", 0xC802, 12 + len(avps), 0, 0, 0, 0) + avps, (host, port))
            reply = s.recv(2048)
            tunnel = struct.unpack("!H", reply[4:6])[0]
            message = struct.unpack("!H", reply[18:20])[0]
            print("L2TP reply to tunnel", tunnel, "message type", message)
            sys.exit(0 if tunnel == 4242 and message == 2 else 1)
        spi = os.urandom(8)
        def payload(next_type, body):
            return struct.pack("!BBH", next_type, 0, 4 + len(body)) + body
        def transform(last, kind, ident, attributes=b""):
            return struct.pack("!BBHBBH", 0 if last else 3, 0, 8 + len(attributes), kind, 0, ident) + attributes
        transforms = (transform(False, 1, 12, struct.pack("!HH", 0x800E, 256)) + transform(False, 2, 5)
                      + transform(False, 3, 12) + transform(True, 4, 14))
        proposal = struct.pack("!BBHBBBB", 0, 0, 8 + len(transforms), 1, 1, 0, 4) + transforms
        body = payload(34, proposal) + payload(40, struct.pack("!HH", 14, 0) + os.urandom(256)) + payload(0, os.urandom(32))
        packet = spi + bytes(8) + struct.pack("!BBBBII", 33, 0x20, 34, 0x08, 0, 28 + len(body)) + body
        marker = bytes(4) if port == 4500 else b""
        s.sendto(marker + packet, (host, port))
        reply = s.recv(4096)[len(marker):]
        print("IKE reply: exchange", reply[18], "flags", hex(reply[19]))
        sys.exit(0 if reply[:8] == spi and reply[18] == 34 and reply[19] & 0x20 else 1)
        """
}
