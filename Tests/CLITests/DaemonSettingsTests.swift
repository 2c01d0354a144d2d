import Foundation
import Testing
import TestSupport

/// `set`, `settings`, and `status`/`disconnect` with a configuration whose
/// server-list settings are broken: through the CLI and a real daemon.
extension DaemonTests {
    /// A configuration with a `file://` provider (these commands fetch
    /// nothing) and `extra` lines at the end.
    func localRunner(_ extra: String = "") throws -> VPNCtlRunner {
        VPNCtlRunner(configPath: try directory.write("config.toml", """
        api_url = "file://\(root.path)/"
        directory_public_key = "\(publicKey)"
        state_dir = "state"
        runtime_dir = "run"
        cache_dir = "cache"
        plugin_path = ["plugins"]
        \(extra)
        """).path, namespace: namespace)
    }

    var settingsPath: String { directory.path + "/state/settings.json" }

    func settings(_ vpnctl: VPNCtlRunner) async throws -> [String: Bool] {
        let outcome = try await vpnctl.vpnctl("settings", "--json")
        #expect(outcome.status == 0, "\(outcome.stderr) \(outcome.stdout)")
        let object = try #require(try outcome.json() as? [String: Any])
        return object.compactMapValues { $0 as? Bool }
    }

    @Test func setAndSettingsRoundTripThroughTheDaemon() async throws {
        defer { stopDaemons() }
        // The configuration turns LAN access off; set's changes win over it
        // and leave it be.
        let vpnctl = try localRunner("[connection]\nallow_lan = false")
        #expect(try await settings(vpnctl) == ["kill_switch": true, "lockdown": false, "allow_lan": false])
        #expect(daemons().count == 1, "settings starts the daemon")

        let off = try await vpnctl.vpnctl("set", "kill-switch", "off")
        #expect(off.status == 0, "\(off.stderr)")
        #expect(off.stdout.contains("kill-switch is off."))
        #expect(off.stdout.contains("traffic may leave this machine outside the tunnel"), "\(off.stdout)")
        #expect(try await settings(vpnctl) == ["kill_switch": false, "lockdown": false, "allow_lan": false])
        let mode = try FileManager.default.attributesOfItem(atPath: settingsPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let lockdown = try await vpnctl.vpnctl("set", "lockdown", "on", "--json")
        #expect(lockdown.status == 0, "\(lockdown.stderr)")
        let answer = try #require(try lockdown.json() as? [String: Any])
        #expect(answer["lockdown"] as? Bool == true)
        #expect(answer["kill_switch"] as? Bool == false)
        #expect((answer["notice"] as? String)?.contains("even when disconnected") == true)

        let table = try await vpnctl.vpnctl("settings")
        #expect(table.stdout.hasPrefix("SETTING "))
        #expect(table.stdout.contains("kill-switch  off"))
        #expect(table.stdout.contains("lockdown     on"))
        #expect(table.stdout.contains("allow-lan    off"))

        // Kept by the daemon across its restart.
        stopDaemons()
        for daemon in daemons() { await waitUntilGone(daemon) }
        #expect(try await settings(vpnctl) == ["kill_switch": false, "lockdown": true, "allow_lan": false])
    }

    @Test(arguments: [["set", "kill-switch", "maybe"], ["set", "killswitch", "off"], ["set", "lockdown"], ["set", "auto-connect", "on"]])
    func badInputToSetChangesNothing(_ arguments: [String]) async throws {
        defer { stopDaemons() }
        let vpnctl = try localRunner()
        #expect(try await vpnctl.vpnctl("set", "lockdown", "on").status == 0)
        let before = try String(contentsOfFile: settingsPath, encoding: .utf8)
        let outcome = try await VPNCtlRunner.run(binary: "vpnctl", arguments, environment: ["VPNCTL_CONFIG": vpnctl.configPath])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("kill-switch") || outcome.stderr.contains("'on' and 'off'") || outcome.stderr.contains("Missing"), "\(outcome.stderr)")
        #expect(try String(contentsOfFile: settingsPath, encoding: .utf8) == before)
    }

    @Test func aDamagedSettingsFileIsReportedAndTheKillSwitchStaysOn() async throws {
        defer { stopDaemons() }
        let vpnctl = try localRunner("[connection]\nkill_switch = false")
        try FileManager.default.createDirectory(atPath: directory.path + "/state", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        _ = try directory.write("state/settings.json", "{\"kill_switch\": fal")
        let outcome = try await vpnctl.vpnctl("settings", "--json")
        #expect(outcome.status == 0, "\(outcome.stderr) \(outcome.stdout)")
        #expect((try outcome.json() as? [String: Any])?["kill_switch"] as? Bool == true)
        #expect(outcome.stderr.contains("warning: The settings file \(settingsPath) was not used"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("truncated?"))
        #expect(daemons().count == 1, "the daemon is still up")
    }

    /// Issue 10, point 8: a user who breaks the server-list settings while
    /// connected can still see and end the connection.
    @Test func aBrokenServerListKeyStopsNeitherStatusNorDisconnect() async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        defer { stopDaemons() }
        let vpnctl = try runner(provider)
        let connect = try await vpnctl.vpnctl("connect", "de-fra")
        #expect(connect.status == 0, "\(connect.stderr)")

        let text = try String(contentsOfFile: vpnctl.configPath, encoding: .utf8)
        try text.replacingOccurrences(of: publicKey, with: "not-a-key").write(toFile: vpnctl.configPath, atomically: true, encoding: .utf8)

        let status = try await vpnctl.vpnctl("status", "--json")
        #expect(status.status == 0, "\(status.stderr)")
        #expect((try status.json() as? [String: Any])?["state"] as? String == "connected")
        #expect(status.stderr.contains("directory_public_key"), "the problem is named, as a warning")

        let disconnect = try await vpnctl.vpnctl("disconnect", "--json")
        #expect(disconnect.status == 0, "\(disconnect.stderr)")
        #expect((try disconnect.json() as? [String: Any])?["state"] as? String == "disconnected")
        #expect(!FileManager.default.fileExists(atPath: tunnelRecord))
        #expect(runningPlugins().isEmpty)

        #expect(try await vpnctl.vpnctl("set", "allow-lan", "off").status == 0)

        // What needs the server list still stops at the broken key.
        let locations = try await vpnctl.vpnctl("locations")
        #expect(locations.status == 78)
        #expect(locations.stderr.contains("directory_public_key"))
    }

    /// With no daemon running, status and disconnect start one, also with
    /// a configuration broken beyond its directories: the daemon then runs
    /// on those alone, answers, lifts a block, and refuses to connect,
    /// saying why (exit 78).
    @Test func aBrokenConfigurationStillLetsStatusAndDisconnectThrough() async throws {
        defer { stopDaemons() }
        let vpnctl = try localRunner()
        let text = try String(contentsOfFile: vpnctl.configPath, encoding: .utf8)
        try text.replacingOccurrences(of: publicKey, with: "not-a-key").write(toFile: vpnctl.configPath, atomically: true, encoding: .utf8)
        let status = try await vpnctl.vpnctl("status")
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("Disconnected"), "\(status.stdout)")
        #expect(daemons().count == 1)
        let disconnect = try await vpnctl.vpnctl("disconnect", "--json")
        #expect(disconnect.status == 0, "\(disconnect.stderr)")
        let connect = try await vpnctl.vpnctl("connect", "de-fra")
        #expect(connect.status == 78, "\(connect.stderr)")
        #expect(connect.stderr.contains("directory_public_key"), "\(connect.stderr)")
    }
}
