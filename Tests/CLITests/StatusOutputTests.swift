import Control
import Foundation
import Testing
import TestSupport
import VPNCore

/// What `vpnctl status` makes of the daemon's answer, against a stand-in
/// daemon on the configured control socket: the new fields pass through
/// `--json`, and the text says whether traffic is blocked and how it ends.
@Suite struct StatusOutputTests {
    let directory: TemporaryDirectory
    let vpnctl: VPNCtlRunner

    init() throws {
        directory = try TemporaryDirectory(prefix: "vpnctl-status")
        try FileManager.default.createDirectory(atPath: directory.path + "/run", withIntermediateDirectories: true)
        vpnctl = VPNCtlRunner(configPath: try directory.write("config.toml", """
        api_url = "file:///nonexistent/"
        directory_public_key = "QZ+rhZNTePHXA/Da8RfeSdpqZAcQWmoImVqMBpGDH4M="
        state_dir = "state"
        runtime_dir = "run"
        """).path)
    }

    func serve(_ report: StatusReport) throws -> ControlServer {
        try ControlServer.start(at: directory.path + "/run/vpnctld.sock") { _, _ in .status(report) }
    }

    @Test func blockingAfterAFailureIsShownWithTheWayOut() async throws {
        _ = try serve(StatusReport(
            state: "error", error: "The wireguard plugin exited (status 9)", blocking: true,
            killSwitch: KillSwitchReport(ProtectionSettings(killSwitch: true, lockdown: false, allowLAN: true))
        ))
        let json = try await vpnctl.vpnctl("status", "--json")
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try json.json() as? [String: Any])
        #expect(object["blocking"] as? Bool == true)
        let killSwitch = try #require(object["kill_switch"] as? [String: Any])
        #expect(killSwitch["enabled"] as? Bool == true)
        #expect(killSwitch["lockdown"] as? Bool == false)
        #expect(killSwitch["allow_lan"] as? Bool == true)

        let text = try await vpnctl.vpnctl("status")
        #expect(text.stdout.contains("Not connected: The wireguard plugin exited (status 9)"))
        #expect(text.stdout.contains("Traffic outside the tunnel: blocked until you connect again (vpnctl connect) or disconnect (vpnctl disconnect)"), "\(text.stdout)")
        #expect(text.stdout.contains("Kill switch: on, lockdown: off, local network: allowed"))
    }

    @Test func lockdownWhileDisconnectedSaysHowToLiftIt() async throws {
        _ = try serve(StatusReport(
            state: "disconnected", blocking: true,
            killSwitch: KillSwitchReport(ProtectionSettings(killSwitch: true, lockdown: true, allowLAN: false))
        ))
        let text = try await vpnctl.vpnctl("status")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Traffic outside the tunnel: blocked (lockdown is on: vpnctl set lockdown off lets it through)"), "\(text.stdout)")
        #expect(text.stdout.contains("local network: blocked too"))
    }

    /// A daemon older than the kill switch: nothing is claimed about blocking.
    @Test func anOlderDaemonsAnswerClaimsNothing() async throws {
        _ = try serve(StatusReport(state: "disconnected"))
        let json = try await vpnctl.vpnctl("status", "--json")
        let object = try #require(try json.json() as? [String: Any])
        #expect(object["blocking"] == nil)
        #expect(object["kill_switch"] == nil)
        let text = try await vpnctl.vpnctl("status")
        #expect(text.stdout == "Disconnected\n")
    }
}
