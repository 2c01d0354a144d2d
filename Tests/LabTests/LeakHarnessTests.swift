import Foundation
import Testing
import TestSupport

/// The leak harness itself, before anything relies on it saying zero: with
/// no VPN every probe must be seen (a capture that sees nothing would pass
/// every leak test), and a probe that never reaches the router must not be.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct LeakHarnessTests {
    @Test func withoutAVPNEveryProbeIsSeenOnTheRoutersLANSide() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try lab.up()
        let leaks = LeakHarness(lab)

        let report = try leaks.once()
        #expect(Set(report.probes.keys) == LeakHarness.probeNames, "\(report)")
        #expect(report.unseenProbes.isEmpty, "\(report)\n\(leaks.diagnostics())")
        // One set: each probe exactly once, no more (a retransmission or a
        // reply counted as a probe would inflate a leak count).
        #expect(report.probes.values.allSatisfy { $0 == 1 }, "\(report)")
        #expect(report.leaked == LeakHarness.probeNames.count)
        #expect(report.setsSent == 1)
        #expect(report.tunnelPackets == 0, "\(report)")
        #expect(report.captureDrops == 0)

        // For scripts: --fail-on-leak turns a leak into exit status 1, report still printed.
        let strict = try lab.runner.vpnlab("leakcheck", "once", "--json", "--fail-on-leak")
        let all = LeakHarness.probeNames.count
        #expect(strict.status == 1 && strict.stderr.contains("\(all) probe packets left the client outside the tunnel"), "\(strict.summary)")
        #expect(try LeakHarness.Report(LabRunner.json(strict.stdout)).leaked == all)
    }

    /// A check that is never stopped (a killed test) ends with the lab.
    @Test func downEndsARunningCheck() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try lab.up()
        try LeakHarness(lab).start(intervalMilliseconds: 20)
        #expect(LabSession.processes { $0.contains("Lab/leakcheck.py") }.count == 2, "the capture and the stream run")
        let down = try lab.runner.vpnlab("down")
        #expect(down.succeeded, "\(down.summary)")
        #expect(Residue.all.isEmpty, "left behind: \(Residue.all)")
        #expect(LabSession.processes { $0.contains("Lab/leakcheck.py") }.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: lab.stateDirectory + "/leakcheck"))
    }

    @Test func aProbeDroppedOnTheClientIsNotCounted() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try lab.up()
        let leaks = LeakHarness(lab)
        // udp/webhost4 (port 47100), every ICMPv6 echo to the router and DNS
        // over TCP to the web host's IPv6 (not DNS over UDP): dropped in the
        // client's own output path, so they never reach the wire.
        let table = """
            table inet leaktest {
                chain output {
                    type filter hook output priority filter; policy accept;
                    ip daddr 198.51.100.80 udp dport 47100 drop
                    ip6 daddr 2001:db8:1::1 icmpv6 type echo-request drop
                    ip6 daddr 2001:db8:80::80 tcp dport 53 drop
                }
            }
            """
        let add = try lab.runner.exec("client", arguments: ["sh", "-c", "printf '%s\\n' \"$0\" | nft -f -", table])
        try #require(add.succeeded, "\(add.summary)")

        let blocked = try leaks.once()
        #expect(blocked.probes["udp/webhost4"] == 0, "\(blocked)")
        #expect(blocked.probes["icmp/router6"] == 0, "\(blocked)")
        #expect(blocked.unseenProbes == ["dnstcp/webhost6", "icmp/router6", "udp/webhost4"], "\(blocked)")
        #expect(blocked.leaked == LeakHarness.probeNames.count - 3)

        let delete = try lab.runner.exec("client", "nft", "delete", "table", "inet", "leaktest")
        try #require(delete.succeeded, "\(delete.summary)")
        let open = try leaks.once()
        #expect(open.unseenProbes.isEmpty, "once the rule is gone the same probes are seen: \(open)")
    }

    /// The continuous mode: every set of the stream is on the wire, each probe
    /// once per set, and stop accounts for all of them.
    @Test func aStreamIsCountedWhole() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try lab.up()
        let leaks = LeakHarness(lab)

        try leaks.start(intervalMilliseconds: 20)
        // A window with traffic of its own: the capture must keep up.
        let ping = try lab.runner.exec("client", "ping", "-c", "20", "-i", "0.01", "-W", "5", LabSession.webHost)
        #expect(ping.succeeded, "\(ping.summary)")
        let report = try leaks.stop()
        #expect(report.setsSent >= 5, "\(report)")
        #expect(report.captureDrops == 0, "\(report)")
        #expect(report.probes.values.allSatisfy { $0 == report.setsSent }, "every set seen whole: \(report)\n\(leaks.diagnostics())")
        #expect(report.otherPackets >= 20, "the pings are other traffic: \(report)")

        let stopAgain = try lab.runner.vpnlab("leakcheck", "stop")
        #expect(!stopAgain.succeeded && stopAgain.stderr.contains("no leak check is running"), "\(stopAgain.summary)")
    }
}
