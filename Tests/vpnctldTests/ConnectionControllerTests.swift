import Control
import Foundation
import Testing
import VPNCore
@testable import vpnctld

/// The daemon's logic against fake plugins and a recording firewall: which
/// policy is in place in each state, and every interleaving of a
/// disconnect with a connect under way.
@Suite struct ConnectionControllerTests {
    func connect(_ fixture: ControllerFixture, _ location: String = "de-fra", protocolName: String? = nil) async -> ControlReply {
        await fixture.controller.handle(.connect(ConnectRequest(location: location, protocolName: protocolName, seed: 1)))
    }

    @Test func everyStepOfAConnectIsBlockedAndDisconnectLeavesNoTable() async throws {
        let fixture = try await ControllerFixture()
        #expect(fixture.firewall.applied.allSatisfy { $0 == nil }, "disconnected: no table")
        guard case let .status(report) = await connect(fixture, protocolName: "openvpn-udp") else {
            Issue.record("connect failed")
            return
        }
        #expect(report.state == "connected")
        let policies = fixture.firewall.applied.compactMap { $0 }
        // preparing (no server yet), preparing toward the server (which
        // connecting keeps as it is: not applied again), connected.
        #expect(policies.count == 3)
        #expect(policies.allSatisfy { $0.blocking })
        #expect(policies[0].relays.allSatisfy { $0.purpose == .api }, "before a server is chosen, none is reachable")
        #expect(policies[1].relays.contains { $0.purpose == .server }, "the probe may reach the chosen server")
        #expect(policies[1].tunnel == nil)
        #expect(policies[2].tunnel?.interface == "tun-fake")
        #expect(FileManager.default.fileExists(atPath: fixture.recordPath))

        guard case let .status(after) = await fixture.controller.handle(.disconnect) else {
            Issue.record("disconnect failed")
            return
        }
        #expect(after.state == "disconnected")
        #expect(fixture.firewall.current == nil, "the table is gone")
        #expect(fixture.plugins.events.suffix(2) == ["disconnect fake-udp tun-fake", "terminate fake-udp"])
        #expect(!FileManager.default.fileExists(atPath: fixture.recordPath))
    }

    @Test func aDisconnectDuringTheFirstAttemptCancelsEveryRemainingOne() async throws {
        let fixture = try await ControllerFixture()
        fixture.plugins.behave("fake-udp", .holds)
        async let reply = connect(fixture)
        await fixture.plugins.happened("connect fake-udp")
        #expect(await fixture.status().state == "connecting")

        guard case let .status(disconnected) = await fixture.controller.handle(.disconnect) else {
            Issue.record("disconnect refused")
            return
        }
        #expect(disconnected.state == "disconnected")
        guard case let .failure(failure) = await reply else {
            Issue.record("the connect went on")
            return
        }
        #expect(failure.message.contains("cancelled"))
        #expect(!fixture.plugins.events.contains("connect fake-tcp"), "no next attempt after a disconnect")
        #expect(await fixture.status().state == "disconnected")
        #expect(fixture.firewall.current == nil)
        #expect(!FileManager.default.fileExists(atPath: fixture.recordPath))
    }

    @Test func aDisconnectWhileProbingEndsTheConnectBeforeAnyPlugin() async throws {
        let fixture = try await ControllerFixture()
        fixture.probe.hold()
        async let reply = connect(fixture)
        await fixture.probe.started()
        #expect(fixture.firewall.current?.blocking == true, "blocked while preparing")
        guard case .status = await fixture.controller.handle(.disconnect) else {
            Issue.record("disconnect refused")
            return
        }
        fixture.probe.release()
        guard case let .failure(failure) = await reply else {
            Issue.record("the connect went on")
            return
        }
        #expect(failure.message.contains("cancelled"))
        #expect(!fixture.plugins.events.contains { $0.hasPrefix("connect ") }, "no attempt was made")
        #expect(await fixture.status().state == "disconnected")
        #expect(fixture.firewall.current == nil)
    }

    @Test func aFailedAttemptFallsBackStillBlocked() async throws {
        let fixture = try await ControllerFixture()
        fixture.plugins.behave("fake-udp", .fails("no answer from the server"))
        guard case let .status(report) = await connect(fixture) else {
            Issue.record("connect failed")
            return
        }
        #expect(report.state == "connected")
        #expect(report.protocolName == "openvpn-tcp")
        #expect(report.attempts.map(\.outcome) == ["failed", "connected"])
        // Never a moment without the block between the two attempts.
        let fromFirstConnect = fixture.firewall.applied.drop { $0 == nil }
        #expect(fromFirstConnect.allSatisfy { $0?.blocking == true })
    }

    @Test func everyAttemptFailingEndsInErrorStillBlocked() async throws {
        let fixture = try await ControllerFixture()
        fixture.plugins.behave("fake-udp", .fails("no answer"))
        fixture.plugins.behave("fake-tcp", .fails("connection refused"))
        guard case let .failure(failure) = await connect(fixture) else {
            Issue.record("connected anyway")
            return
        }
        #expect(failure.message.contains("Every protocol failed"))
        let status = await fixture.status()
        #expect(status.state == "error")
        #expect(status.error?.contains("stays blocked until you connect again or run vpnctl disconnect") == true)
        #expect(fixture.firewall.current?.blocking == true)
        #expect(fixture.firewall.current?.relays.contains { $0.purpose == .server } == false, "no endpoint in error")
        _ = await fixture.controller.handle(.disconnect)
        #expect(fixture.firewall.current == nil)
    }

    @Test func aCrashedPluginIsAnErrorStillBlockedAndAFreshOneCleansUp() async throws {
        let fixture = try await ControllerFixture()
        guard case .status = await connect(fixture, protocolName: "openvpn-udp") else {
            Issue.record("connect failed")
            return
        }
        let plugin = try #require(fixture.plugins.live("fake-udp"))
        plugin.crash()
        await fixture.plugins.happened("disconnect fake-udp tun-fake")
        let status = await fixture.status()
        #expect(status.state == "error")
        #expect(status.error?.contains("fake-udp") == true)
        #expect(fixture.firewall.current?.blocking == true)
        #expect(fixture.firewall.current?.tunnel == nil, "the dead tunnel is no way out")
        #expect(fixture.plugins.events.filter { $0 == "launch fake-udp" }.count == 2, "a fresh instance removed the leftovers")
    }

    @Test func aPluginThatDiesMidConnectIsCleanedUpOnTheInterfaceItAnnounced() async throws {
        let fixture = try await ControllerFixture()
        fixture.plugins.behave("fake-udp", .holds)
        async let reply = connect(fixture, protocolName: "openvpn-udp")
        await fixture.plugins.happened("connect fake-udp")
        try await awaitRecord(fixture, containing: "tun-fake")
        try #require(fixture.plugins.live("fake-udp")).crash()
        guard case .failure = await reply else {
            Issue.record("connected with a dead plugin")
            return
        }
        #expect(fixture.plugins.events.contains("disconnect fake-udp tun-fake"), "\(fixture.plugins.events)")
        #expect(await fixture.status().state == "error")
        #expect(fixture.firewall.current?.blocking == true)
    }

    /// The record is written by the actor as news arrives: awaited, at most 5 s.
    func awaitRecord(_ fixture: ControllerFixture, containing text: String) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while (try? String(contentsOfFile: fixture.recordPath, encoding: .utf8))?.contains(text) != true {
            try #require(ContinuousClock.now < deadline, "the record never named \(text)")
            await Task.yield()
        }
    }

    @Test func aFirewallThatCannotBeSetStopsTheConnect() async throws {
        let fixture = try await ControllerFixture()
        fixture.firewall.refuse(true)
        guard case .failure = await connect(fixture, protocolName: "openvpn-udp") else {
            Issue.record("connected without its block")
            return
        }
        #expect(!fixture.plugins.events.contains { $0.hasPrefix("launch ") }, "no tunnel without the block")
        let status = await fixture.status()
        #expect(status.state == "error")
        #expect(status.error?.contains("The firewall could not be set") == true)
    }

    @Test func withoutTheKillSwitchOnlyTheTunnelIsGuarded() async throws {
        let fixture = try await ControllerFixture(settings: ProtectionSettings(killSwitch: false))
        fixture.plugins.behave("fake-udp", .holds)
        async let reply = connect(fixture, protocolName: "openvpn-udp")
        await fixture.plugins.happened("connect fake-udp")
        #expect(fixture.firewall.current == nil, "nothing blocked while connecting")
        fixture.plugins.release("fake-udp", with: .success(FakeTunnelPlugin.up))
        guard case .status = await reply else {
            Issue.record("connect failed")
            return
        }
        #expect(fixture.firewall.current?.blocking == false)
        #expect(fixture.firewall.current?.tunnel?.interface == "tun-fake")
    }

    @Test func aTypoChangesNothing() async throws {
        let fixture = try await ControllerFixture()
        guard case let .failure(failure) = await connect(fixture, "atlantis") else {
            Issue.record("connected to atlantis")
            return
        }
        #expect(failure.status == .locationNotFound)
        #expect(await fixture.status().state == "disconnected")
        #expect(fixture.firewall.current == nil)
        #expect(!FileManager.default.fileExists(atPath: fixture.recordPath))
    }

    @Test func aRestartAfterACrashKeepsBlockingUntilDisconnect() async throws {
        let fixture = try await ControllerFixture()
        try Data(#"{"plugin":"fake-udp","interface":"tun-fake"}"#.utf8).write(to: URL(fileURLWithPath: fixture.recordPath))
        let restarted = try await ControllerFixture(reusing: fixture)
        #expect(await restarted.status().state == "error")
        #expect(restarted.firewall.current?.blocking == true)
        #expect(restarted.plugins.events == ["launch fake-udp", "disconnect fake-udp tun-fake", "terminate fake-udp"])
        _ = await restarted.controller.handle(.disconnect)
        #expect(restarted.firewall.current == nil)
        #expect(!FileManager.default.fileExists(atPath: fixture.recordPath))
    }
}
