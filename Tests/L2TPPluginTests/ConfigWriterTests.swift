import Foundation
@testable import L2TPPlugin
import Testing

/// The three generated files, line by line.
@Suite struct ConfigWriterTests {
    let request: L2TPRequest

    init() throws {
        request = try L2TPRequest(Fixtures.params())
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    @Test func xl2tpdConfigDialsOnlyOnRequest() {
        let lines = Self.lines(XL2TPDConfig(request: request, pppOptionsFile: "/run/vpnctl-l2tp/l2tp-test/options.pppd").text)
        #expect(lines.contains("[lac vpnctl]"))
        #expect(lines.contains("lns = 198.51.100.2"))
        #expect(lines.contains("pppoptfile = /run/vpnctl-l2tp/l2tp-test/options.pppd"))
        #expect(lines.contains("autodial = no"))
        #expect(lines.contains("redial = no"))
        #expect(lines.contains("port = 1701"))
        #expect(lines.first == "; Written by vpnctl for de-fra-001 (de-fra-001.example.net); removed on disconnect.")
        // Sections: global, then the one LAC.
        #expect(lines.filter { $0.hasPrefix("[") } == ["[global]", "[lac vpnctl]"])
    }

    @Test func pppOptionsAuthenticateWithMSCHAPv2Only() {
        let lines = Self.lines(PPPOptions(request: request).text)
        for expected in ["ifname l2tp-test", "name \"vpnctl\"", "user \"vpnctl\"", "password \"\(Fixtures.token)\"",
                         "noauth", "refuse-pap", "refuse-chap", "refuse-mschap", "refuse-eap", "nodefaultroute",
                         "mtu 1400", "mru 1400", "hide-password"] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
        #expect(!lines.contains("usepeerdns"))
        #expect(!lines.contains("refuse-mschap-v2"))
        #expect(!lines.contains("defaultroute"))
        // Every line is a comment or starts with a known option word.
        let words = Set(lines.filter { !$0.hasPrefix("#") }.map { String($0.split(separator: " ")[0]) })
        #expect(words.isSubset(of: ["ifname", "name", "user", "password", "hide-password", "noauth", "refuse-pap", "refuse-chap",
                                    "refuse-mschap", "refuse-eap", "nodefaultroute", "noipdefault", "noipv6", "ip-up-script",
                                    "ip-down-script", "mtu", "mru", "noccp", "novj", "nobsdcomp", "nodeflate",
                                    "lcp-echo-interval", "lcp-echo-failure", "maxfail"]))
    }

    @Test func swanctlConfigIsTransportModeForL2TPWithAHexPSK() {
        let config = SwanctlConfig(server: request.server, serverID: request.serverID, presharedKey: "ab\u{23}0x")
        let lines = Self.lines(config.text)
        #expect(lines.contains("remote_addrs = 198.51.100.2"))
        #expect(lines.contains("mode = transport"))
        #expect(lines.contains("local_ts = dynamic[udp/1701]"))
        #expect(lines.contains("remote_ts = dynamic[udp/1701]"))
        #expect(lines.contains("auth = psk"))
        #expect(lines.contains("version = 0"))
        // The ESP the SA makes of the L2TP packets carries the kill
        // switch's mark, 0xca6c (51820), and only the CHILD_SA sets one.
        #expect(lines.contains("set_mark_out = 0xca6c"))
        #expect(Self.section("l2tp", of: lines).contains("set_mark_out = 0xca6c"))
        #expect(lines.filter { $0.contains("mark") } == ["set_mark_out = 0xca6c"])
        // "ab#0x" as bytes 61 62 23 30 78.
        #expect(lines.contains("secret = 0x6162233078"))
        #expect(!config.text.contains("ab#0x"))
        let opened = config.text.filter { $0 == "{" }.count, closed = config.text.filter { $0 == "}" }.count
        #expect(opened == closed && opened == 8)
    }

    @Test func strongSwanConfigKeepsCharonInsideThePrivateDirectory() {
        let text = StrongSwanConfig().text
        #expect(text.contains("socket = unix:///var/run/charon.vici"))
        #expect(text.contains("path = /var/run/charon.log"))
        #expect(text.contains("install_routes = no"))
        // No rule for a table of its own, which a killed charon would leave.
        #expect(text.contains("routing_table = 0"))
        #expect(text.contains("load_modular = no"))
    }

    /// charon's IKE packets (and NAT-T keepalives) carry the kill switch's
    /// mark: socket-default's fwmark, in charon's plugins section, with the
    /// plugin loaded.
    @Test func strongSwanConfigMarksCharonsIKEPackets() {
        let lines = Self.lines(StrongSwanConfig().text)
        #expect(StrongSwanConfig.transportMark == "0xca6c")
        #expect(UInt32(StrongSwanConfig.transportMark.dropFirst(2), radix: 16) == 51820)
        #expect(Self.section("socket-default", of: lines) == ["fwmark = 0xca6c"])
        #expect(Self.section("plugins", of: lines).contains("socket-default {"))
        #expect(lines.contains { $0.hasPrefix("load = ") && $0.split(separator: " ").contains("socket-default") })
        #expect(lines.filter { $0.contains("fwmark") }.count == 1)
    }

    /// The lines inside the first `name {` block, nested blocks included.
    static func section(_ name: String, of lines: [String]) -> [String] {
        guard let start = lines.firstIndex(of: "\(name) {") else { return [] }
        var depth = 0, inside: [String] = []
        for line in lines[(start + 1)...] {
            if line == "}" {
                if depth == 0 { break }
                depth -= 1
            } else if line.hasSuffix("{") {
                depth += 1
            }
            inside.append(line)
        }
        return inside
    }
}
