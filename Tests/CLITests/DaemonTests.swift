import Foundation
import Testing
import TestSupport

/// The daemon end to end, through the CLI: started on demand, connecting
/// through a plugin, reporting failures of broken plugins while staying up,
/// and cleaning up after a crash. The plugins are the contract's Python test
/// plugin under several names (Tests/PluginKitTests/plugins); the real
/// protocol plugins have suites of their own. Each test's daemon and
/// provider run in a network namespace of the test's own: a connecting
/// daemon sets its firewall there, never in the machine's own namespace.
@Suite(.serialized) struct DaemonTests {
    static let plugin = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PluginKitTests/plugins/test-plugin.py")

    let directory: TemporaryDirectory
    let root: URL
    let publicKey: String
    /// Gone with the test (its daemons' firewall with it).
    let network: PrivateNamespace
    var namespace: String { network.name }

    init() async throws {
        network = try PrivateNamespace(prefix: "vpnctl-dt")
        directory = try TemporaryDirectory(prefix: "vpnctl-daemon")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        root = directory.url.appendingPathComponent("api")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let keyPath = directory.path + "/signing.key"
        publicKey = try await VPNCtlRunner.provider("keygen", "--out", keyPath).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.copyItem(at: CLITests.sample, to: root.appendingPathComponent("servers.json"))
        _ = try await VPNCtlRunner.provider("sign", "--key", keyPath, root.appendingPathComponent("servers.json").path)

        _ = try directory.write("api/accounts.json", #"{"free-token": {"tier": "free", "max_devices": 1}}"#)
        let token = try directory.write("token", "free-token\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: token.path)

        // Each behaviour of the test plugin claims one protocol.
        let plugins = directory.url.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        for (mode, protocolName) in [("good", "wireguard"), ("crash", "openvpn-udp"), ("garbage", "openvpn-tcp"), ("old-contract", "l2tp-ipsec")] {
            try directory.copyExecutable("plugins/\(mode)", from: Self.plugin)
            let descriptor = try directory.write("plugins/\(mode).json", """
            {"contract": 1, "name": "\(mode)", "executable": "\(mode)", "protocols": [{"name": "\(protocolName)", "transport": "udp"}]}
            """)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: descriptor.path)
        }
    }

    /// A configuration; `machine` names a separate set of state and
    /// runtime directories, as a second machine of the same account has.
    func runner(_ provider: TestProvider, machine: String = "") throws -> VPNCtlRunner {
        VPNCtlRunner(configPath: try directory.write("config\(machine).toml", """
        api_url = "\(provider.baseURL.absoluteString)"
        directory_public_key = "\(publicKey)"
        ca_file = "\(provider.caFile.path)"
        account_token_file = "token"
        cache_dir = "cache\(machine)"
        state_dir = "state\(machine)"
        runtime_dir = "run\(machine)"
        plugin_path = ["plugins"]
        """).path, namespace: namespace)
    }

    func startProvider() async throws -> TestProvider {
        try await TestProvider.start(root: root, networkNamespace: namespace)
    }

    var tunnelRecord: String { directory.path + "/state/connection.json" }

    @Test func connectsReportsAndDisconnects() async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        let vpnctl = try runner(provider)
        defer { stopDaemons() }

        let idle = try await vpnctl.vpnctl("status", "--json")
        #expect(idle.status == 0, "\(idle.stderr)")
        #expect((try idle.json() as? [String: Any])?["state"] as? String == "disconnected")
        // Only a daemon can tell whether a crashed one left its block behind.
        #expect(daemons().count == 1, "status starts the daemon")

        let connect = try await vpnctl.vpnctl("connect", "de-fra", "--json")
        #expect(connect.status == 0, "\(connect.stderr)")
        let connected = try #require(try connect.json() as? [String: Any])
        #expect(connected["state"] as? String == "connected")
        #expect(connected["location"] as? String == "de-fra")
        #expect(connected["server"] as? String == "de-fra-001")
        #expect(connected["protocol"] as? String == "wireguard")
        #expect(connected["interface"] as? String == "tun-test")
        #expect((connected["reason"] as? String)?.contains("lowest load in Frankfurt, Germany") == true)
        #expect(FileManager.default.fileExists(atPath: tunnelRecord))
        #expect(daemons().count == 1)

        let status = try #require(try await vpnctl.vpnctl("status", "--json").json() as? [String: Any])
        #expect(status["state"] as? String == "connected")
        #expect(status["server"] as? String == "de-fra-001")

        // Connecting elsewhere while connected switches.
        let again = try await vpnctl.vpnctl("connect", "nl", "--json")
        #expect(again.status == 0, "\(again.stderr)")
        #expect((try again.json() as? [String: Any])?["location"] as? String == "nl-ams")
        #expect(runningPlugins().count == 1, "the old tunnel's plugin must be gone")

        // The device key was made once, kept 0600, registered, and handed to
        // the plugin over its stdin only.
        let keyMode = try FileManager.default.attributesOfItem(atPath: directory.path + "/state/device.key")[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
        let key = try String(contentsOfFile: directory.path + "/state/device.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let log = try String(contentsOfFile: directory.path + "/state/vpnctld.log", encoding: .utf8)
        #expect(log.contains("good: key received"))
        #expect(!log.contains(key))
        #expect(!connect.stdout.contains(key) && !connect.stderr.contains(key))

        let disconnect = try await vpnctl.vpnctl("disconnect", "--json")
        #expect((try disconnect.json() as? [String: Any])?["state"] as? String == "disconnected")
        #expect(!FileManager.default.fileExists(atPath: tunnelRecord))
        #expect(runningPlugins().isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: directory.path + "/run/vpnctld.sock")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aSecondDeviceOfAFreeAccountIsRefused() async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        defer { stopDaemons() }
        let first = try await runner(provider).vpnctl("connect", "de-fra")
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await runner(provider, machine: "-second").vpnctl("connect", "de-fra")
        #expect(second.status == 3)
        #expect(second.stderr.contains("no device left"))
        #expect(second.stderr.contains("upgrade to Premium"))
        let status = try #require(try await runner(provider, machine: "-second").vpnctl("status", "--json").json() as? [String: Any])
        #expect(status["state"] as? String == "error")
    }

    @Test func aPremiumLocationIsRefusedWithTheFreeOnesListed() async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        defer { stopDaemons() }
        let outcome = try await runner(provider).vpnctl("connect", "us-nyc")
        #expect(outcome.status == 3)
        #expect(outcome.stderr.contains("needs a Premium account"))
        #expect(outcome.stderr.contains("de-fra (Frankfurt, Germany)"))
        let status = try #require(try await runner(provider).vpnctl("status", "--json").json() as? [String: Any])
        #expect(status["state"] as? String == "disconnected")
    }

    @Test(arguments: [
        ("openvpn-udp", "exited (status 3)", "cannot open /dev/ppp"),
        ("openvpn-tcp", "does not follow the plugin contract", "hello, I am not JSON"),
        ("l2tp-ipsec", "speaks plugin contract 99", "install a matching version"),
    ])
    func aBrokenPluginIsReportedAndTheDaemonStaysUp(_ protocolName: String, _ first: String, _ second: String) async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        let vpnctl = try runner(provider)
        defer { stopDaemons() }
        let outcome = try await vpnctl.vpnctl("connect", "de-fra", "--protocol", protocolName)
        #expect(outcome.status == 5, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(first))
        #expect(outcome.stderr.contains(second))

        let status = try #require(try await vpnctl.vpnctl("status", "--json").json() as? [String: Any])
        #expect(status["state"] as? String == "error")
        #expect((status["error"] as? String)?.contains(first) == true)
        #expect((status["error"] as? String)?.contains("stays blocked until you connect again or run vpnctl disconnect") == true)
        #expect(FileManager.default.fileExists(atPath: tunnelRecord), "a connection is still wanted: the block holds")
        #expect(runningPlugins().isEmpty)

        // Still up, and a working plugin still connects.
        let retry = try await vpnctl.vpnctl("connect", "de-fra", "--protocol", "wireguard")
        #expect(retry.status == 0, "\(retry.stderr)")
        _ = try await vpnctl.vpnctl("disconnect")
    }

    @Test func aRestartAfterACrashCleansUp() async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        let vpnctl = try runner(provider)
        defer { stopDaemons() }
        #expect(try await vpnctl.vpnctl("connect", "de-fra").status == 0)
        let daemon = try #require(daemons().first)
        kill(daemon, SIGKILL)
        await waitUntilGone(daemon)
        #expect(FileManager.default.fileExists(atPath: tunnelRecord), "the crashed daemon's record stays for the next one")

        // The next daemon (started by any command that needs one) cleans up,
        // and keeps blocking until the user says what to do.
        let plugins = try await vpnctl.vpnctl("plugins")
        #expect(plugins.status == 0, "\(plugins.stderr)")
        let log = try String(contentsOfFile: directory.path + "/state/vpnctld.log", encoding: .utf8)
        #expect(log.contains("a previous vpnctld stopped while a connection was wanted; cleaning up"))
        let status = try #require(try await vpnctl.vpnctl("status", "--json").json() as? [String: Any])
        #expect(status["state"] as? String == "error")
        #expect(FileManager.default.fileExists(atPath: tunnelRecord))
        let disconnect = try #require(try await vpnctl.vpnctl("disconnect", "--json").json() as? [String: Any])
        #expect(disconnect["state"] as? String == "disconnected")
        #expect(!FileManager.default.fileExists(atPath: tunnelRecord))
    }

    // MARK: Processes of this test

    var processes: TestProcesses { TestProcesses(directory: directory.path) }
    func daemons() -> [Int32] { processes.daemons }
    func runningPlugins() -> [Int32] { processes.plugins }
    func stopDaemons() { processes.stopDaemons() }
    func waitUntilGone(_ pid: Int32) async { await TestProcesses.waitUntilGone(pid) }
}
