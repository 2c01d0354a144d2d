import Foundation
import Testing
import TestSupport

/// With a tunnel up, probe packets would cross the tunnel and describe it,
/// not the router: `probe` answers with the report the connection was
/// planned from, and refuses a fresh probe, saying why.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct ProbeWhileConnectedTests {
    static let vpnctl = LabRunner.binaries.appendingPathComponent("vpnctl").path

    @Test func aConnectedProbeGivesThePlannedReportAndRefusesAFreshOne() async throws {
        let lab = try await LabSession.make()
        defer { lab.close() }
        try await offPool { _ = try lab.up() }

        let connect = try await client(lab, ["connect", "de-fra", "--json"])
        try #require(connect.succeeded, "\(connect.summary)")
        let established = try LabRunner.json(connect.stdout)

        let planned = try await client(lab, ["probe", "--json"])
        #expect(planned.succeeded, "\(planned.summary)")
        let report = try LabRunner.json(planned.stdout)
        #expect(report["cached"] as? Bool == true)
        #expect(report["server"] as? String == established["server"] as? String)
        // Seen through the router's NAT, as before connecting: not the tunnel's address.
        #expect((report["nat"] as? [String: Any])?["external_ipv4"] as? String == "203.0.113.2", "\(report)")

        let fresh = try await client(lab, ["probe", "--fresh"])
        #expect(fresh.status == 1, "\(fresh.summary)")
        #expect(fresh.stderr.contains("would measure the tunnel"), "\(fresh.summary)")
        let elsewhere = try await client(lab, ["probe", "nl-ams"])
        #expect(elsewhere.status == 1, "\(elsewhere.summary)")

        let status = try LabRunner.json(try await client(lab, ["status", "--json"]).stdout)
        #expect(status["state"] as? String == "connected", "the refused probes left the tunnel alone: \(status)")
        #expect(try await client(lab, ["disconnect"]).succeeded)
    }

    private func client(_ lab: LabSession, _ arguments: [String]) async throws -> LabRunner.Outcome {
        try await offPool { try lab.runner.exec("client", arguments: [Self.vpnctl] + arguments) }
    }
}
