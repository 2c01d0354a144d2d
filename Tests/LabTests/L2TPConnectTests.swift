import Foundation
import Testing
import TestSupport

/// `vpnctl connect --protocol l2tp-ipsec` in the lab. This machine's kernel
/// has neither PPP nor ESP: there the attempt must fail at once, name what is
/// missing and leave nothing. In the VM (scripts/vm-test.sh, a Debian kernel
/// with both) the whole path runs: IPsec through the router's NAT (NAT-T),
/// L2TP and PPP inside it, traffic out through the location's exit.
@Suite(.serialized) struct L2TPConnectTests {
    static let vpnctl = LabRunner.binaries.appendingPathComponent("vpnctl").path
    static let inVM = ProcessInfo.processInfo.environment["VPNCTL_KERNEL_VM"] == "1"

    @Test(.enabled(if: !inVM, "the VM's kernel has PPP and ESP: the next test runs there"))
    func withoutPPPAndESPTheAttemptNamesThemAndLeavesNothing() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try lab.up()
        let plugins = try lab.runner.exec("client", Self.vpnctl, "plugins")
        #expect(plugins.stdout.contains("l2tp: l2tp-ipsec — not usable"), "\(plugins.summary)")
        let before = try lab.clientSnapshot()

        let connect = try lab.runner.exec("client", Self.vpnctl, "connect", "de-fra", "--protocol", "l2tp-ipsec")
        #expect(connect.status == 5, "\(connect.summary)")
        #expect(connect.stderr.contains("/dev/ppp"), "\(connect.summary)")
        #expect(connect.stderr.contains("esp4"), "\(connect.summary)")
        let status = try LabRunner.json(lab.runner.exec("client", Self.vpnctl, "status", "--json").stdout)
        #expect(status["state"] as? String == "error")
        #expect(status["blocking"] as? Bool == true, "the kill switch holds after a failed connect")
        _ = try lab.runner.exec("client", Self.vpnctl, "disconnect")
        #expect(try lab.clientSnapshot() == before)
        #expect(try lab.exitAddress() == "203.0.113.2")
    }

    @Test(.enabled(if: inVM, "needs PPP and ESP in the kernel: runs in the VM (scripts/vm-test.sh)"))
    func connectsThroughTheRoutersNATAndLeavesNothing() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try lab.up()
        _ = try lab.runner.exec("client", Self.vpnctl, "plugins")
        let before = try lab.clientSnapshot()

        let connect = try lab.runner.exec("client", Self.vpnctl, "connect", "de-fra", "--protocol", "l2tp-ipsec", "--json")
        try #require(connect.succeeded, "\(connect.summary)\n\(lab.logs())")
        let status = try LabRunner.json(connect.stdout)
        #expect(status["state"] as? String == "connected")
        #expect(status["protocol"] as? String == "l2tp-ipsec")
        #expect((status["addresses"] as? [String])?.first?.hasPrefix("198.18.102.") == true, "\(status)")
        let ping = try lab.runner.exec("client", "ping", "-c", "1", "-W", "5", LabSession.webHost)
        #expect(ping.succeeded, "\(ping.summary)")
        #expect(try lab.exitAddress() == "203.0.113.11")
        // ESP in UDP 4500 through the router: NAT-T, since the router NATs.
        let states = try lab.runner.exec("client", "ip", "xfrm", "state").stdout
        #expect(states.contains("proto esp") && states.contains("encap type espinudp"), "\(states)")

        let disconnect = try lab.runner.exec("client", Self.vpnctl, "disconnect", "--json")
        #expect(try LabRunner.json(disconnect.stdout)["state"] as? String == "disconnected")
        let after = try lab.clientSnapshot()
        #expect(after == before, "\(LabSession.difference(before, after))")
        #expect(try lab.runner.exec("client", "ip", "xfrm", "state").stdout.isEmpty)

        // The plugin killed: charon, xl2tpd and pppd go with it (or are
        // cleaned up by a fresh instance), the connection is in error and
        // still blocked, and a disconnect leaves nothing.
        let again = try lab.runner.exec("client", Self.vpnctl, "connect", "de-fra", "--protocol", "l2tp-ipsec")
        try #require(again.succeeded, "\(again.summary)\n\(lab.logs())")
        let plugin = try #require(LabSession.processes { $0.contains("vpnctl-plugin-l2tp") }.first)
        kill(plugin, SIGKILL)
        try awaitCondition("status to say error after the plugin was killed", timeout: .seconds(30)) {
            try LabRunner.json(lab.runner.exec("client", Self.vpnctl, "status", "--json").stdout)["state"] as? String == "error"
        }
        let blocked = try lab.runner.exec("client", "ping", "-c", "1", "-W", "2", LabSession.webHost)
        #expect(!blocked.succeeded, "nothing leaves while in error: \(blocked.summary)")
        _ = try lab.runner.exec("client", Self.vpnctl, "disconnect")
        // pppd, started by xl2tpd in a session of its own, is stopped by the
        // fresh plugin's cleanup and takes its interface with it as it ends.
        let pppGone = (try? awaitCondition("the ppp interface to go with its pppd", timeout: .seconds(20)) {
            !(try lab.runner.exec("client", "ip", "link", "show", "vpnctl-l2tp").succeeded)
        }) != nil
        #expect(pppGone, "pppd/xl2tpd left: \(LabSession.processes { $0.contains("pppd") || $0.contains("xl2tpd -") })\n\(lab.logs().suffix(3000))")
        let afterKill = try lab.clientSnapshot()
        #expect(afterKill == before, "\(LabSession.difference(before, afterKill))")
        #expect(try lab.runner.exec("client", "ip", "xfrm", "state").stdout.isEmpty)
    }
}
