import Foundation
import Testing
import TestSupport

/// The lab end to end: real namespaces, a real NAT router, real wireguard-go
/// servers. Serialized: every lab uses the same machine-wide names. Async,
/// so that waiting for the session lock (LabSession.make) happens off the
/// cooperative pool: a test blocked there would starve the lock's holder.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct LabTests {
    static let webHost = "198.51.100.80"
    static let providerURL = "https://198.51.100.10/"

    @Test func pingAndHTTPSFromTheClientThenNothingLeft() async throws {
        let before = try HostSnapshot.take()
        let lab = try await LabSession.make()
        defer { lab.close() }

        let status = try lab.up()
        #expect(status["up"] as? Bool == true)
        #expect(status["web_host"] as? String == Self.webHost)
        #expect((status["provider"] as? [String: Any])?["url"] as? String == Self.providerURL)

        let ping = try lab.runner.exec("client", "ping", "-c", "1", "-W", "5", Self.webHost)
        #expect(ping.succeeded, "ping across the NAT router: \(ping.summary)")

        // Through the router's NAT, the web host sees the home's public address.
        let me = try lab.runner.exec("client", "curl", "-sS", "--max-time", "10", "http://\(Self.webHost)/ip")
        #expect(me.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "203.0.113.2", "\(me.summary)")

        let caFile = lab.stateDirectory + "/pki/ca.pem"
        let list = try lab.runner.exec("client", "curl", "-sS", "--fail", "--max-time", "10", "--cacert", caFile, Self.providerURL + "servers.json")
        try #require(list.succeeded, "HTTPS GET of servers.json: \(list.summary)")
        let servers = try #require(try LabRunner.json(list.stdout)["servers"] as? [[String: Any]])
        #expect(Set(servers.compactMap { $0["id"] as? String }) == ["de-fra-001", "nl-ams-001", "nl-ams-101", "us-nyc-101"])

        // The published keys are the running servers' keys, and the list is
        // signed by the key the client configurations pin.
        let published = Dictionary(uniqueKeysWithValues: servers.map { ($0["id"] as! String, ($0["wireguard"] as? [String: Any])?["public_key"] as? String) })
        for server in try labServers(of: status) {
            let id = server["id"] as! String
            let running = try Self.run("ip", "netns", "exec", server["namespace"] as! String, "wg", "show", "wg-\(id)", "public-key")
            #expect(published[id] == running.trimmingCharacters(in: .whitespacesAndNewlines), "\(id)")
        }
        let publicKey = try #require((status["provider"] as? [String: Any])?["directory_public_key"] as? String)
        let verify = try LabRunner.run(LabRunner.providerTool, ["verify", "--public-key", publicKey, lab.stateDirectory + "/provider/servers.json"],
                                       environment: ProcessInfo.processInfo.environment)
        #expect(verify.succeeded, "\(verify.summary)")
        let config = try String(contentsOfFile: lab.stateDirectory + "/client/free/config.toml", encoding: .utf8)
        #expect(config.contains("directory_public_key = \"\(publicKey)\""))

        let down = try lab.runner.vpnlab("down")
        #expect(down.succeeded, "\(down.summary)")
        #expect(Residue.all.isEmpty, "left behind: \(Residue.all)")
        #expect(!FileManager.default.fileExists(atPath: lab.stateDirectory), "the state directory is removed")
        let after = try HostSnapshot.take()
        #expect(after == before, "the machine's own network changed:\n\(after.difference(from: before))")
    }

    @Test func upAndDownTwice() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }

        let first = try lab.up()
        let start = ContinuousClock.now
        let second = try lab.up()
        #expect(ContinuousClock.now - start < .seconds(2), "a second up finds the lab up and leaves it")
        #expect(second["up"] as? Bool == true)
        #expect(pids(first) == pids(second), "the same daemons still run")
        let ping = try lab.runner.exec("client", "ping", "-c", "1", "-W", "5", Self.webHost)
        #expect(ping.succeeded, "\(ping.summary)")

        for _ in 0..<2 {
            let down = try lab.runner.vpnlab("down")
            #expect(down.succeeded, "\(down.summary)")
            #expect(Residue.all.isEmpty, "left behind: \(Residue.all)")
        }
        #expect(try lab.status()["up"] as? Bool == false)
        let exec = try lab.runner.exec("client", "true")
        #expect(!exec.succeeded && exec.stderr.contains("not up"), "exec on a lab that is down says so: \(exec.summary)")
    }

    /// `up` killed at two points: right after the first namespace appears,
    /// and once the servers' daemons run. `down` must leave nothing either way.
    @Test(arguments: [KillPoint.firstNamespace, .daemonsRunning, .protocolDaemonsStarting])
    func downAfterUpWasKilled(at point: KillPoint) async throws {
        let before = try HostSnapshot.take()
        let lab = try await LabSession.make()
        defer { lab.close() }

        let up = try lab.runner.start("up")
        try awaitCondition("\(point) while vpnlab up runs") {
            switch point {
            case .firstNamespace: !Residue.labNamespaces.isEmpty
            case .daemonsRunning: FileManager.default.fileExists(atPath: "/var/run/wireguard/wg-de-fra-001.sock")
            case .protocolDaemonsStarting: FileManager.default.fileExists(atPath: lab.stateDirectory + "/logs/openvpn-udp-de-fra-001.log")
            }
        }
        kill(up.processIdentifier, SIGKILL)
        up.waitUntilExit()
        #expect(up.terminationReason == .uncaughtSignal, "up was killed midway, not finished")

        let down = try lab.runner.vpnlab("down")
        #expect(down.succeeded, "\(down.summary)")
        #expect(Residue.all.isEmpty, "left behind: \(Residue.all)")
        let after = try HostSnapshot.take()
        #expect(after == before, "the machine's own network changed:\n\(after.difference(from: before))")

        // And the lab comes up whole after that.
        try lab.up()
        #expect(try lab.status()["up"] as? Bool == true)
    }

    enum KillPoint: String, CustomTestStringConvertible, Sendable {
        case firstNamespace = "the first namespace exists"
        case daemonsRunning = "a WireGuard server runs"
        case protocolDaemonsStarting = "the OpenVPN, L2TP and IPsec daemons are being started"
        var testDescription: String { rawValue }
    }

    /// A WireGuard tunnel from the home client, through the NAT router, to a
    /// free server, with lab tools only (wireguard-go and wg): the device key
    /// registered through the provider API reaches the server.
    @Test func wireGuardHandshakeThroughTheRouter() async throws {
        let lab = try await LabSession.make()
        defer {
            lab.close()
            unlink("/var/run/wireguard/wg-labtest.sock")
        }
        let status = try lab.up()
        let server = try #require(try labServers(of: status).first { $0["id"] as? String == "de-fra-001" })
        let serverKey = try #require((server["wireguard"] as? [String: Any])?["public_key"] as? String)

        let privateKey = try Self.run("wg", "genkey").trimmingCharacters(in: .whitespacesAndNewlines)
        let keyFile = try lab.directory.write("device.key", privateKey + "\n")
        chmod(keyFile.path, 0o600)
        let publicKey = try Self.run("wg", "pubkey", input: privateKey).trimmingCharacters(in: .whitespacesAndNewlines)

        let caFile = lab.stateDirectory + "/pki/ca.pem"
        let token = try String(contentsOfFile: lab.stateDirectory + "/accounts/free.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        func register(_ key: String) throws -> (code: String, body: String) {
            let outcome = try lab.runner.exec("client", "curl", "-sS", "--max-time", "10", "--cacert", caFile,
                                              "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/json",
                                              "-d", "{\"public_key\": \"\(key)\", \"name\": \"lab test\"}",
                                              "-w", "\n%{http_code}", Self.providerURL + "devices")
            let lines = outcome.stdout.split(separator: "\n").map(String.init)
            return (lines.last ?? "", lines.dropLast().joined(separator: "\n"))
        }
        let registered = try register(publicKey)
        try #require(registered.code == "201", "POST /devices: \(registered)")
        let address = try #require(try LabRunner.json(registered.body)["ipv4_address"] as? String)
        #expect(address.hasPrefix("198.19.0."))
        // The free account has one device; the provider refuses the second.
        let otherKey = try Self.run("wg", "pubkey", input: try Self.run("wg", "genkey")).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try register(otherKey).code == "403")

        // The server knows the device, and the premium-only server does not.
        let peers = try Self.run("ip", "netns", "exec", "vpnlab-de-fra-001", "wg", "show", "wg-de-fra-001", "allowed-ips")
        #expect(peers.contains(publicKey) && peers.contains(address))
        let premiumPeers = try Self.run("ip", "netns", "exec", "vpnlab-us-nyc-101", "wg", "show", "wg-us-nyc-101", "peers")
        #expect(!premiumPeers.contains(publicKey), "a free device is not pushed to a premium server")

        // The client's peer: wireguard-go forks into the background and is
        // found by `down` through its namespace.
        let started = try lab.runner.exec("client", "wireguard-go", "wg-labtest")
        try #require(started.succeeded, "\(started.summary)")
        try awaitCondition("the client's UAPI socket") { FileManager.default.fileExists(atPath: "/var/run/wireguard/wg-labtest.sock") }
        for command in [
            ["wg", "set", "wg-labtest", "private-key", keyFile.path, "peer", serverKey,
             "endpoint", "\(server["ipv4"] as! String):51820", "allowed-ips", "\(Self.webHost)/32"],
            ["ip", "address", "add", address, "dev", "wg-labtest"],
            ["ip", "link", "set", "wg-labtest", "up"],
            ["ip", "route", "add", "\(Self.webHost)/32", "dev", "wg-labtest"],
        ] {
            let outcome = try LabRunner.run(LabRunner.vpnlab, ["exec", "client", "--"] + command, environment: lab.runner.environment)
            try #require(outcome.succeeded, "\(command.joined(separator: " ")): \(outcome.summary)")
        }

        let ping = try lab.runner.exec("client", "ping", "-c", "1", "-W", "5", Self.webHost)
        #expect(ping.succeeded, "ping through the tunnel: \(ping.summary)\n\(lab.logs())")
        let handshakes = try Self.run("ip", "netns", "exec", "vpnlab-de-fra-001", "wg", "show", "wg-de-fra-001", "latest-handshakes")
        let handshake = handshakes.split(separator: "\n").first { $0.hasPrefix(publicKey) }?.split(separator: "\t").last
        #expect(handshake.flatMap { Int($0) } ?? 0 > 0, "the server saw a handshake: \(handshakes)")

        // The web host sees the server's exit address, not the home's.
        let me = try lab.runner.exec("client", "curl", "-sS", "--max-time", "10", "http://\(Self.webHost)/ip")
        #expect(me.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == server["ipv4"] as? String, "\(me.summary)")
        let webLog = try String(contentsOfFile: lab.stateDirectory + "/logs/webhost.log", encoding: .utf8)
        #expect(webLog.contains("\(server["ipv4"] as! String) GET /ip 200"))

        // The router's UDP switch cuts the tunnel, and only while it is off.
        #expect(try lab.runner.vpnlab("router", "passthrough", "--udp", "off").succeeded)
        let blocked = try lab.runner.exec("client", "ping", "-c", "1", "-W", "2", Self.webHost)
        #expect(!blocked.succeeded, "with UDP blocked at the router the tunnel carries nothing")
        #expect(try lab.runner.vpnlab("router", "passthrough", "--udp", "on").succeeded)
        let restored = try lab.runner.exec("client", "ping", "-c", "1", "-W", "5", Self.webHost)
        #expect(restored.succeeded, "\(restored.summary)")

        let down = try lab.runner.vpnlab("down")
        #expect(down.succeeded, "\(down.summary)")
        #expect(Residue.all.isEmpty, "left behind: \(Residue.all)")
    }

    /// The router's switches are real rules: NAT off routes the home network
    /// as it is, PPTP passthrough on attaches the conntrack PPTP helper.
    @Test func routerSwitches() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try lab.up()

        func seenAs() throws -> String {
            try lab.runner.exec("client", "curl", "-sS", "--max-time", "10", "http://\(Self.webHost)/ip").stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func ruleset() throws -> String { try Self.run("ip", "netns", "exec", "vpnlab-router", "nft", "list", "ruleset") }

        #expect(try seenAs() == "203.0.113.2")
        #expect(try ruleset().contains("ct helper set \"pptp-helper\""))
        #expect(try lab.runner.vpnlab("router", "nat", "off").succeeded)
        #expect(try seenAs() == "198.18.0.2")
        #expect(try lab.runner.vpnlab("router", "nat", "on").succeeded)
        #expect(try seenAs() == "203.0.113.2")

        #expect(try lab.runner.vpnlab("router", "passthrough", "--pptp", "off", "--ipsec", "off", "--l2tp", "off").succeeded)
        let closed = try ruleset()
        #expect(closed.contains("tcp dport 1723 drop") && closed.contains("ip protocol gre drop"))
        #expect(closed.contains("udp dport { 500, 4500 } drop") && closed.contains("ip protocol { esp, ah } drop"))
        #expect(closed.contains("udp dport 1701 drop") && !closed.contains("pptp-helper"))
        let router = try #require(try lab.status()["router"] as? [String: Any])
        #expect(router["passthrough"] as? [String: Bool] == ["pptp": false, "ipsec": false, "l2tp": false, "udp": true])
        #expect(try seenAs() == "203.0.113.2", "TCP still passes")
    }

    // MARK: - Helpers

    private func labServers(of status: [String: Any]) throws -> [[String: Any]] {
        let locations = try #require(status["locations"] as? [[String: Any]])
        return locations.flatMap { $0["servers"] as? [[String: Any]] ?? [] }
    }

    private func pids(_ status: [String: Any]) -> [Int] {
        ((status["processes"] as? [[String: Any]]) ?? []).compactMap { $0["pid"] as? Int }.sorted()
    }

    private static func run(_ arguments: String..., input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data((input + "\n").utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw LabTestError("\(arguments.joined(separator: " ")) exited with \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}
