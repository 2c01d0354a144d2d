import Foundation
import Testing
import TestSupport

/// The home router's switches, checked by what crosses the router: UPnP
/// (miniupnpd answering NAT-PMP and SSDP on the LAN), each passthrough
/// switch against traffic from the client to a listener on the lab's
/// internet, and NAT. Blocking waits (vpnlab, `ip netns exec`) run off the
/// cooperative pool.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct RouterSwitchTests {
    static let routerLAN = "198.18.0.1"
    static let wanAddress = "203.0.113.2"
    static let clientAddress = "198.18.0.2"
    /// inet's own address on its link to the router.
    static let internetHost = "203.0.113.1"

    @Test func upnpAnswersNATPMPAndSSDPAndSwitchesOffWithoutTrace() async throws {
        let before = try HostSnapshot.take()
        let lab = try await LabSession.make()
        defer { lab.close() }
        try await offPool { _ = try lab.up() }
        let router = try #require(try await status(lab)["router"] as? [String: Any])
        #expect(router["upnp"] as? Bool == true, "UPnP is on after up: \(router)")

        // NAT-PMP (RFC 6886) external address request: version 0, opcode 0.
        let reply = try await ask(lab, port: 5351, [0, 0])
        let answer = try #require(reply, "NAT-PMP answers on \(Self.routerLAN):5351\n\(lab.logs())")
        try #require(answer.count == 12, "a 12-byte external address response: \(answer)")
        #expect(answer[0] == 0 && answer[1] == 128, "version 0, opcode 128 + 0: \(answer)")
        #expect(UInt16(answer[2]) << 8 | UInt16(answer[3]) == 0, "result code 0 (success): \(answer)")
        #expect(answer[8...].map(String.init).joined(separator: ".") == Self.wanAddress)

        // A mapping (opcode 1, UDP, internal 40000, suggested external 40000,
        // 600 s) becomes a DNAT rule in miniupnpd's table.
        let mapping = try #require(try await ask(lab, port: 5351, [0, 1, 0, 0, 0x9c, 0x40, 0x9c, 0x40, 0, 0, 0x02, 0x58]))
        #expect(mapping.count == 16 && mapping[1] == 129 && mapping[2] == 0 && mapping[3] == 0, "mapping accepted: \(mapping)")
        #expect(try await routerRuleset(lab).contains("dnat ip to \(Self.clientAddress):40000"))

        // SSDP M-SEARCH, unicast to the router: an HTTPU answer with LOCATION.
        let search = try #require(try await ask(lab, port: 1900, Array(Self.mSearch.utf8)), "SSDP answers on \(Self.routerLAN):1900")
        let text = String(decoding: search, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200 OK"), "\(text)")
        #expect(text.contains("LOCATION: http://\(Self.routerLAN):"), "\(text)")

        // Off: no answer, no process, no table, no files.
        #expect(try await vpnlab(lab, "router", "upnp", "off").succeeded)
        #expect(try await ask(lab, port: 5351, [0, 0]) == nil, "nothing answers NAT-PMP with UPnP off")
        #expect(try await ask(lab, port: 1900, Array(Self.mSearch.utf8)) == nil, "nothing answers SSDP with UPnP off")
        #expect(Self.miniupnpd().isEmpty, "miniupnpd stopped: \(Self.miniupnpd())")
        #expect(!(try await routerRuleset(lab)).contains("miniupnpd"), "miniupnpd's table is gone")
        #expect(!FileManager.default.fileExists(atPath: lab.stateDirectory + "/router/upnp.leases"), "the mappings are forgotten")
        #expect((try await status(lab)["router"] as? [String: Any])?["upnp"] as? Bool == false)
        // Idempotent both ways.
        #expect(try await vpnlab(lab, "router", "upnp", "off").succeeded)

        // On again: answers again, without the old mapping.
        #expect(try await vpnlab(lab, "router", "upnp", "on").succeeded)
        #expect(try await vpnlab(lab, "router", "upnp", "on").succeeded)
        #expect(Self.miniupnpd().count == 1, "one miniupnpd after two `on`: \(Self.miniupnpd())")
        let again = try #require(try await ask(lab, port: 5351, [0, 0]), "NAT-PMP answers again")
        #expect(again.count == 12 && again[3] == 0 && again[8...].map(String.init).joined(separator: ".") == Self.wanAddress, "\(again)")
        #expect(!(try await routerRuleset(lab)).contains("dnat ip to"), "mappings of the earlier run are gone")
        #expect((try await status(lab)["router"] as? [String: Any])?["upnp"] as? Bool == true)
        // Other switches leave miniupnpd running.
        let pids = Self.miniupnpd()
        #expect(try await vpnlab(lab, "router", "passthrough", "--l2tp", "off").succeeded)
        #expect(Self.miniupnpd() == pids)

        let down = try await vpnlab(lab, "down")
        #expect(down.succeeded, "\(down.summary)")
        #expect(Residue.all.isEmpty, "left behind: \(Residue.all)")
        #expect(Self.miniupnpd().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: lab.stateDirectory), "the state directory is removed")
        for path in ["/run/miniupnpd.pid", "/var/run/miniupnpd.pid"] {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) was never written")
        }
        let after = try HostSnapshot.take()
        #expect(after == before, "the machine's own network changed:\n\(after.difference(from: before))")
    }

    /// `--udp off`: UDP other than DNS stops at the router; TCP still passes.
    @Test func udpSwitch() async throws {
        try await checkSwitch(["--udp"], blocks: [.udp(9999)], passes: [.udp(53), .tcp(443)])
    }

    @Test func l2tpSwitch() async throws {
        try await checkSwitch(["--l2tp"], blocks: [.udp(1701)], passes: [.udp(500), .tcp(443)])
    }

    @Test func ipsecSwitch() async throws {
        try await checkSwitch(["--ipsec"], blocks: [.udp(500), .udp(4500)], passes: [.udp(1701), .tcp(443)])
    }

    @Test func pptpSwitch() async throws {
        try await checkSwitch(["--pptp"], blocks: [.tcp(1723)], passes: [.udp(1701), .tcp(443)])
    }

    /// NAT off routes the home network as it is (what the router's `nat`
    /// switch documents): the internet sees the client's own address, and
    /// reaches the client, which NAT on stops.
    @Test func natSwitch() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try await offPool { _ = try lab.up() }
        func seenAs() async throws -> String {
            try await offPool { try lab.exitAddress() }
        }
        func pingClientFromInternet() async throws -> Bool {
            try await exec(lab, "inet", ["ping", "-c", "1", "-W", "1", Self.clientAddress]).succeeded
        }

        #expect(try await seenAs() == Self.wanAddress)
        #expect(!(try await pingClientFromInternet()), "behind NAT the internet does not reach the client")
        #expect(try await vpnlab(lab, "router", "nat", "off").succeeded)
        #expect(try await seenAs() == Self.clientAddress)
        #expect(try await pingClientFromInternet(), "without NAT the client is routed like any host")
        #expect((try await status(lab)["router"] as? [String: Any])?["nat"] as? Bool == false)
        #expect(try await vpnlab(lab, "router", "nat", "on").succeeded)
        #expect(try await seenAs() == Self.wanAddress)
        #expect(!(try await pingClientFromInternet()))
    }

    // MARK: - Passthrough switches

    enum Probe: Equatable, CustomStringConvertible {
        case udp(Int), tcp(Int)
        var description: String {
            switch self {
            case let .udp(port): "udp:\(port)"
            case let .tcp(port): "tcp:\(port)"
            }
        }
    }

    /// With the switch off, each of `blocks` is sent first and then each of
    /// `passes`; once the last of `passes` has arrived, anything of `blocks`
    /// that the router let through would have arrived before it (one path,
    /// in order), so its absence is the drop, without a sleep. Then on again:
    /// everything arrives.
    private func checkSwitch(_ option: [String], blocks: [Probe], passes: [Probe]) async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try await offPool { _ = try lab.up() }
        let listener = try Listener(lab: lab, probes: blocks + passes)
        defer { listener.stop() }
        try await offPool { try listener.awaitReady() }

        #expect(try await vpnlab(lab, ["router", "passthrough"] + option + ["off"]).succeeded)
        let off = blocks.map { ($0, "off-\($0.description)") } + passes.map { ($0, "off-\($0.description)") }
        try await send(lab, off)
        let last = try #require(off.last)
        try await offPool { try listener.await("\(last.0) \(last.1)") }
        let arrived = listener.lines
        for probe in passes {
            #expect(arrived.contains("\(probe) off-\(probe)"), "\(probe) passes with \(option[0]) off: \(arrived)")
        }
        for probe in blocks {
            #expect(!arrived.contains { $0.hasPrefix("\(probe) ") }, "\(probe) is dropped with \(option[0]) off: \(arrived)")
        }
        let router = try #require(try await status(lab)["router"] as? [String: Any])
        let key = String(option[0].dropFirst(2))
        #expect((router["passthrough"] as? [String: Bool])?[key] == false)

        #expect(try await vpnlab(lab, ["router", "passthrough"] + option + ["on"]).succeeded)
        let on = (blocks + passes).map { ($0, "on-\($0.description)") }
        try await send(lab, on)
        for (probe, token) in on {
            try await offPool { try listener.await("\(probe) \(token)") }
        }
        #expect((try await status(lab)["router"] as? [String: Any]).flatMap { ($0["passthrough"] as? [String: Bool])?[key] } == true)
    }

    /// Sends each token from the client, in order: a UDP datagram, or a TCP
    /// connection that carries it (a dropped SYN gives up after 2 s).
    private func send(_ lab: LabSession, _ probes: [(Probe, String)]) async throws {
        let outcome = try await exec(lab, "client", ["python3", "-c", Self.sender, Self.internetHost] + probes.map { "\($0.0):\($0.1)" })
        try #require(outcome.succeeded, "\(outcome.summary)")
    }

    /// A listener in the lab's internet namespace on inet's own address,
    /// printing "udp PORT TOKEN" / "tcp PORT TOKEN" for what arrives.
    final class Listener: @unchecked Sendable {
        let output: String
        let pid: pid_t

        init(lab: LabSession, probes: [Probe]) throws {
            output = lab.directory.path + "/listener.out"
            pid = try LabRunner.spawn("/usr/sbin/ip", ["netns", "exec", "vpnlab-inet", "python3", "-c", RouterSwitchTests.listener,
                                                       RouterSwitchTests.internetHost] + probes.map(\.description),
                                      environment: ProcessInfo.processInfo.environment, stdout: output, stderr: output)
        }

        var lines: [String] {
            ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        func awaitReady() throws { try self.await("ready") }

        func await(_ line: String) throws {
            try awaitCondition("the listener to print \(line) (it printed: \(lines))", timeout: .seconds(10)) {
                guard kill(pid, 0) == 0 else { throw LabTestError("the listener exited: \(lines)") }
                return lines.contains(line)
            }
        }

        func stop() {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        }
    }

    // MARK: - Helpers

    static let mSearch = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\n"
        + "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n\r\n"

    /// Sends one UDP datagram from the client to the router's LAN address
    /// and returns the first answer, or nil after a second of silence.
    private func ask(_ lab: LabSession, port: Int, _ payload: [UInt8]) async throws -> [UInt8]? {
        let hex = payload.map { String(format: "%02x", $0) }.joined()
        let outcome = try await exec(lab, "client", ["python3", "-c", Self.asker, Self.routerLAN, String(port), hex])
        try #require(outcome.succeeded, "\(outcome.summary)")
        let answer = outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard answer != "timeout" else { return nil }
        var bytes: [UInt8] = []
        var index = answer.startIndex
        while index < answer.endIndex {
            let next = answer.index(index, offsetBy: 2)
            bytes.append(try #require(UInt8(answer[index..<next], radix: 16), "hex from the client: \(answer)"))
            index = next
        }
        return bytes
    }

    private func status(_ lab: LabSession) async throws -> [String: Any] {
        let outcome = try await vpnlab(lab, "status", "--json")
        try #require(outcome.succeeded, "\(outcome.summary)")
        return try LabRunner.json(outcome.stdout)
    }

    private func routerRuleset(_ lab: LabSession) async throws -> String {
        let outcome = try await exec(lab, "router", ["nft", "list", "ruleset"])
        try #require(outcome.succeeded, "\(outcome.summary)")
        return outcome.stdout
    }

    private func vpnlab(_ lab: LabSession, _ arguments: String...) async throws -> LabRunner.Outcome {
        try await vpnlab(lab, arguments)
    }

    private func vpnlab(_ lab: LabSession, _ arguments: [String]) async throws -> LabRunner.Outcome {
        try await offPool { try LabRunner.run(LabRunner.vpnlab, arguments, environment: lab.runner.environment) }
    }

    private func exec(_ lab: LabSession, _ node: String, _ command: [String]) async throws -> LabRunner.Outcome {
        try await offPool { try lab.runner.exec(node, arguments: command) }
    }

    /// Live miniupnpd processes anywhere on the machine.
    static func miniupnpd() -> [Int32] {
        LabSession.processes { $0.hasPrefix("/usr/sbin/miniupnpd ") || $0.hasPrefix("miniupnpd ") }
    }

    static let asker = """
        import socket, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(1)
        s.sendto(bytes.fromhex(sys.argv[3]), (sys.argv[1], int(sys.argv[2])))
        try:
            print(s.recvfrom(4096)[0].hex())
        except socket.timeout:
            print("timeout")
        """

    static let sender = """
        import socket, sys
        for spec in sys.argv[2:]:
            kind, port, token = spec.split(":", 2)
            if kind == "udp":
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.sendto(token.encode(), (sys.argv[1], int(port)))
            else:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.settimeout(2)
                try:
                    s.connect((sys.argv[1], int(port)))
                    s.sendall(token.encode())
                except OSError:
                    pass
            s.close()
        """

    static let listener = """
        import selectors, socket, sys
        selector = selectors.DefaultSelector()
        for spec in sys.argv[2:]:
            kind, port = spec.split(":")
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((sys.argv[1], int(port)))
            if kind == "tcp":
                s.listen(8)
            selector.register(s, selectors.EVENT_READ, (kind, port))
        print("ready", flush=True)
        while True:
            for key, _ in selector.select():
                kind, port = key.data
                if kind == "udp":
                    data = key.fileobj.recvfrom(2048)[0]
                else:
                    connection = key.fileobj.accept()[0]
                    connection.settimeout(2)
                    try:
                        data = connection.recv(2048)
                    except OSError:
                        data = b""
                    connection.close()
                print(kind + ":" + port, data.decode(errors="replace"), flush=True)
        """
}
