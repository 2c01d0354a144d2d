import Foundation
import Testing
import TestSupport

/// `vpnctl connect --protocol openvpn-udp|openvpn-tcp` in the lab: the same
/// daemon and contract as WireGuard, the OpenVPN plugin running Debian's
/// openvpn against the lab's OpenVPN servers through the NAT router.
@Suite(.serialized) struct OpenVPNConnectTests {
    static let vpnctl = LabRunner.binaries.appendingPathComponent("vpnctl").path

    @Test(arguments: [
        ("openvpn-udp", "free", "de-fra", "de-fra-001", "203.0.113.11"),
        ("openvpn-tcp", "free", "de-fra", "de-fra-001", "203.0.113.11"),
        ("openvpn-udp", "free", "nl-ams", "nl-ams-001", "203.0.113.21"),
        ("openvpn-tcp", "free", "nl-ams", "nl-ams-001", "203.0.113.21"),
        ("openvpn-udp", "premium", "us-nyc", "us-nyc-101", "203.0.113.31"),
        ("openvpn-tcp", "premium", "us-nyc", "us-nyc-101", "203.0.113.31"),
    ])
    func connectsEveryLocationAndLeavesNothing(_ protocolName: String, _ account: String, _ location: String, _ server: String, _ exit: String) async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try lab.up()
        let plugins = try lab.runner.exec("client", account: account, Self.vpnctl, "plugins")
        #expect(plugins.stdout.contains("openvpn: openvpn-udp, openvpn-tcp — usable"), "\(plugins.summary)")
        let before = try lab.clientSnapshot(account: account)

        let connect = try lab.runner.exec("client", account: account, Self.vpnctl, "connect", location, "--protocol", protocolName, "--json")
        try #require(connect.succeeded, "\(connect.summary)\n\(lab.logs())")
        let status = try LabRunner.json(connect.stdout)
        #expect(status["state"] as? String == "connected")
        #expect(status["server"] as? String == server)
        #expect(status["protocol"] as? String == protocolName)
        #expect(status["interface"] as? String == "vpnctl-ovpn")
        let subnet = protocolName == "openvpn-udp" ? "198.18.100." : "198.18.101."
        #expect((status["addresses"] as? [String])?.first?.hasPrefix(subnet) == true, "\(status)")
        #expect(try lab.exitAddress() == exit)
        let ping = try lab.runner.exec("client", "ping", "-c", "1", "-W", "5", LabSession.webHost)
        #expect(ping.succeeded, "\(ping.summary)")
        // The server was given this device's own login, never the account token.
        let device = try LabRunner.json(String(contentsOfFile: lab.stateDirectory + "/client/\(account)/state/device.json", encoding: .utf8))
        let login = try #require((device["registration"] as? [String: Any])?["openVPNLogin"] as? [String: String])
        let token = try String(contentsOfFile: lab.stateDirectory + "/accounts/\(account).token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let serverLog = try String(contentsOfFile: lab.stateDirectory + "/logs/\(protocolName)-\(server).log", encoding: .utf8)
        #expect(serverLog.contains("openvpn-verify: accepted \(login["username"] ?? "?")"), "the server accepted the device's login")
        #expect(login["password"] != token && !serverLog.contains(token), "the account token never reaches the server")
        // openvpn reports its byte counts every second through the management
        // interface; the first report may still be on its way.
        var live: [String: Any] = [:]
        try awaitCondition("status to show bytes through the tunnel", timeout: .seconds(5)) {
            live = (try? LabRunner.json(lab.runner.exec("client", account: account, Self.vpnctl, "status", "--json").stdout)) ?? [:]
            return (live["rx_bytes"] as? Int ?? 0) > 0 && (live["tx_bytes"] as? Int ?? 0) > 0
        }
        #expect(live["state"] as? String == "connected")

        let disconnect = try lab.runner.exec("client", account: account, Self.vpnctl, "disconnect", "--json")
        #expect(try LabRunner.json(disconnect.stdout)["state"] as? String == "disconnected")
        #expect(try lab.exitAddress() == "203.0.113.2")
        let after = try lab.clientSnapshot(account: account)
        #expect(after == before, "\(LabSession.difference(before, after))")
    }

    @Test func aKilledOpenVPNIsReportedWithinFiveSecondsAndLeavesNothing() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try lab.up()
        _ = try lab.runner.exec("client", Self.vpnctl, "plugins")
        let before = try lab.clientSnapshot()
        let connect = try lab.runner.exec("client", Self.vpnctl, "connect", "de-fra", "--protocol", "openvpn-udp")
        try #require(connect.succeeded, "\(connect.summary)\n\(lab.logs())")

        let child = try #require(LabSession.processes { $0.hasPrefix("/usr/sbin/openvpn ") && $0.contains("/run/vpnctl-openvpn/") }.first)
        kill(child, SIGKILL)
        let killed = ContinuousClock.now
        // The daemon learns it from the plugin; from outside, status is the
        // only window, so ask until it tells.
        var status: [String: Any] = [:]
        try awaitCondition("status to report the dead openvpn", timeout: .seconds(5)) {
            status = (try? LabRunner.json(lab.runner.exec("client", Self.vpnctl, "status", "--json").stdout)) ?? [:]
            return status["state"] as? String == "error"
        }
        #expect(ContinuousClock.now - killed < .seconds(5))
        #expect((status["error"] as? String)?.contains("openvpn") == true, "\(status)")

        let disconnect = try lab.runner.exec("client", Self.vpnctl, "disconnect", "--json")
        #expect(try LabRunner.json(disconnect.stdout)["state"] as? String == "disconnected")
        let after = try lab.clientSnapshot()
        #expect(after == before, "\(LabSession.difference(before, after))")
        #expect(try lab.exitAddress() == "203.0.113.2")
    }
}
