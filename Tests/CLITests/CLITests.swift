import Foundation
import Testing
import TestSupport

/// `vpnctl` end to end, as a process, against the real HTTPS test provider
/// serving the bundled sample list signed with a fresh key. The CLI asks the
/// daemon, started on demand: each test's daemon and provider run in a
/// network namespace of the test's own, and the daemon goes with the test.
@Suite final class CLITests {
    static let sample = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sample/servers.json")

    let directory: TemporaryDirectory
    let root: URL
    let publicKey: String
    let network: PrivateNamespace

    init() async throws {
        network = try PrivateNamespace(prefix: "vpnctl-cli")
        directory = try TemporaryDirectory(prefix: "vpnctl-cli")
        root = directory.url.appendingPathComponent("api")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let keyPath = directory.url.appendingPathComponent("signing.key").path
        let keygen = try await VPNCtlRunner.provider("keygen", "--out", keyPath)
        publicKey = keygen.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.copyItem(at: Self.sample, to: root.appendingPathComponent("servers.json"))
        let sign = try await VPNCtlRunner.provider("sign", "--key", keyPath, root.appendingPathComponent("servers.json").path)
        guard keygen.status == 0, sign.status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: ["stderr": keygen.stderr + sign.stderr])
        }
        _ = try directory.write("api/accounts.json", #"{"premium-token": {"tier": "premium", "max_devices": 10}}"#)
    }

    deinit { TestProcesses(directory: directory.path).stopDaemons() }

    func startProvider() async throws -> TestProvider {
        try await TestProvider.start(root: root, networkNamespace: network.name)
    }

    /// A configuration for `provider`, as a free account or with a token.
    func runner(_ provider: TestProvider, token: String? = nil, tokenMode: Int = 0o600) throws -> VPNCtlRunner {
        var text = """
        api_url = "\(provider.baseURL.absoluteString)"
        directory_public_key = "\(publicKey)"
        ca_file = "\(provider.caFile.path)"
        cache_dir = "cache"
        state_dir = "state"
        runtime_dir = "run"

        """
        if let token {
            let tokenURL = try directory.write("token", token + "\n")
            try FileManager.default.setAttributes([.posixPermissions: tokenMode], ofItemAtPath: tokenURL.path)
            text += "account_token_file = \"token\"\n"
        }
        return VPNCtlRunner(configPath: try directory.write("config.toml", text).path, namespace: network.name)
    }

    @Test func locationsAsAFreeAccount() async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        let outcome = try await runner(provider).vpnctl("locations", "--json")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let locations = try #require(try outcome.json() as? [[String: Any]])
        #expect(locations.count == 5)
        let byID = Dictionary(uniqueKeysWithValues: locations.map { ($0["id"] as! String, $0) })
        #expect(byID["us-nyc"]?["tier"] as? String == "premium")
        #expect(byID["us-nyc"]?["available"] as? Bool == false)
        #expect(byID["nl-ams"]?["tier"] as? String == "free")
        #expect(byID["nl-ams"]?["available"] as? Bool == true)
        #expect(byID["ch-zrh"]?["city"] as? String == "Zürich")
        #expect(byID["ch-zrh"]?["country_code"] as? String == "CH")
        #expect(byID["de-fra"]?["country"] as? String == "Germany")
    }

    @Test func locationsAsAPremiumAccount() async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        let outcome = try await runner(provider, token: "premium-token").vpnctl("locations", "--json")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let locations = try #require(try outcome.json() as? [[String: Any]])
        #expect(locations.allSatisfy { $0["available"] as? Bool == true })
    }

    @Test func serversOfACountryAsJSON() async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        let outcome = try await runner(provider).vpnctl("servers", "nl", "--json")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let servers = try #require(try outcome.json() as? [[String: Any]])
        #expect(Set(servers.map { $0["id"] as! String }) == ["nl-ams-001", "nl-ams-101"])
        let free = try #require(servers.first { $0["id"] as? String == "nl-ams-001" })
        #expect(free["hostname"] as? String == "nl-ams-001.vpn.example.net")
        #expect(free["tier"] as? String == "free")
        #expect(free["load"] as? Int == 67)
        #expect(free["online"] as? Bool == true)
        #expect(free["location"] as? String == "nl-ams")
        #expect(free["protocols"] as? [String] == ["wireguard", "openvpn-udp", "openvpn-tcp", "l2tp-ipsec"])
    }

    @Test(arguments: [("zurich", "ch-zrh-101"), ("SAO PAULO", "br-sao-001"), ("fra", "de-fra-001"), ("us-nyc-101", "us-nyc-101")])
    func serversFindsWhatWasTyped(_ typed: String, _ expected: String) async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        let outcome = try await runner(provider).vpnctl("servers", typed)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains(expected))
        #expect(outcome.stdout.hasPrefix("ID "))
    }

    @Test func unknownLocationSuggestsAndExitsTwo() async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        let outcome = try await runner(provider).vpnctl("servers", "frankfrut")
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("Frankfurt"))
        #expect(outcome.stdout.isEmpty)
    }

    @Test func refreshReportsUpdateThenNotModified() async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        let vpnctl = try runner(provider)
        let first = try await vpnctl.vpnctl("refresh", "--json")
        #expect(first.status == 0, "\(first.stderr)")
        #expect((try first.json() as? [String: Any])?["status"] as? String == "updated")
        #expect((try first.json() as? [String: Any])?["servers"] as? Int == 8)
        let second = try await vpnctl.vpnctl("refresh", "--json")
        #expect((try second.json() as? [String: Any])?["status"] as? String == "not_modified")
    }

    @Test func accountShowsTheTier() async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        let outcome = try await runner(provider, token: "premium-token").vpnctl("account", "--json")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let account = try #require(try outcome.json() as? [String: Any])
        #expect(account["tier"] as? String == "premium")
        #expect((account["devices"] as? [String: Any])?["max"] as? Int == 10)
        #expect(account["source"] as? String == "provider")
        #expect(!outcome.stdout.contains("premium-token") && !outcome.stderr.contains("premium-token"))
    }

    @Test func tokenFileReadableByOthersExitsSeventySeven() async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        let outcome = try await runner(provider, token: "premium-token", tokenMode: 0o644).vpnctl("account")
        #expect(outcome.status == 77)
        #expect(outcome.stderr.contains("chmod 600"))
    }

    @Test func forgedListExitsSixtyFive() async throws {
        let provider = try await startProvider()
        defer { provider.stop() }
        _ = try directory.write("api/servers.json.sig", "AAAA" + String(repeating: "A", count: 84))
        let outcome = try await runner(provider).vpnctl("refresh")
        #expect(outcome.status == 65)
        #expect(outcome.stderr.contains("signature"))
    }

    @Test func unreachableProviderWithoutCacheExitsSixtyNine() async throws {
        let provider = try await startProvider()
        let vpnctl = try runner(provider)
        provider.stop()
        let outcome = try await vpnctl.vpnctl("locations")
        #expect(outcome.status == 69)
        #expect(outcome.stderr.contains("Cannot fetch the server list"))
    }

    @Test func missingConfigurationExitsSeventyEight() async throws {
        let outcome = try await VPNCtlRunner(configPath: "/nonexistent/vpnctl/config.toml").vpnctl("locations")
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains("No configuration file at /nonexistent/vpnctl/config.toml"))
    }

    @Test func badArgumentsExitSixtyFour() async throws {
        let outcome = try await VPNCtlRunner(configPath: "/nonexistent").vpnctl("locations", "--no-such-flag")
        #expect(outcome.status == 64)
    }

    @Test func completionScriptsComeFromArgumentParser() async throws {
        let outcome = try await VPNCtlRunner(configPath: "/nonexistent").vpnctl("--generate-completion-script", "bash")
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("locations"))
        #expect(outcome.stdout.contains("refresh"))
        #expect(outcome.stdout.contains("settings"))
        #expect(outcome.stdout.contains("'kill-switch'"), "set's settings complete")
    }
}

/// The provider tool: what a provider runs to publish a list vpnctl accepts.
@Suite struct ProviderToolTests {
    let directory = try! TemporaryDirectory(prefix: "vpnctl-provider-tool")

    @Test func keygenWritesAPrivateKeyOnlyTheOwnerCanRead() async throws {
        let keyPath = directory.path + "/signing.key"
        let outcome = try await VPNCtlRunner.provider("keygen", "--out", keyPath)
        #expect(outcome.status == 0)
        #expect(Data(base64Encoded: outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 32)
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try await VPNCtlRunner.provider("keygen", "--out", keyPath).status != 0, "must not overwrite a key without --force")
    }

    @Test func signsAndVerifies() async throws {
        let keyPath = directory.path + "/signing.key"
        let publicKey = try await VPNCtlRunner.provider("keygen", "--out", keyPath).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let list = try directory.write("servers.json", Data(contentsOf: CLITests.sample))
        #expect(try await VPNCtlRunner.provider("sign", "--key", keyPath, list.path).status == 0)
        let verified = try await VPNCtlRunner.provider("verify", "--public-key", publicKey, list.path)
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("signature OK"))

        var bytes = try Data(contentsOf: list)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: list)
        let forged = try await VPNCtlRunner.provider("verify", "--public-key", publicKey, list.path)
        #expect(forged.status != 0)
        #expect(forged.stderr.contains("does not match"))
    }

    @Test func refusesToSignAListClientsWouldReject() async throws {
        let keyPath = directory.path + "/signing.key"
        _ = try await VPNCtlRunner.provider("keygen", "--out", keyPath)
        let list = try directory.write("servers.json", #"{"schema": 1, "generated_at": "2026-11-25T00:00:00Z", "locations": [], "servers": [{"id": "x"}]}"#)
        let outcome = try await VPNCtlRunner.provider("sign", "--key", keyPath, list.path)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("servers[0]"))
        #expect(!FileManager.default.fileExists(atPath: list.path + ".sig"))
    }

    @Test func refusesAKeyFileOthersCanRead() async throws {
        let keyPath = directory.path + "/signing.key"
        _ = try await VPNCtlRunner.provider("keygen", "--out", keyPath)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyPath)
        let list = try directory.write("servers.json", Data(contentsOf: CLITests.sample))
        let outcome = try await VPNCtlRunner.provider("sign", "--key", keyPath, list.path)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("chmod 600"))
    }
}

/// Name resolution failing, shown without sending a DNS query anywhere: the
/// CLI runs in a network namespace of the test's own with no interface up,
/// so the resolver's packets have nowhere to go.
@Suite struct IsolatedNetworkTests {
    @Test func unresolvableProviderIsNamedInTheError() async throws {
        let namespace = "vpnctl-test-dns-\(UInt32.random(in: 0...UInt32.max))"
        #expect(try run("/usr/sbin/ip", "netns", "add", namespace) == 0)
        defer { _ = try? run("/usr/sbin/ip", "netns", "del", namespace) }
        let directory = try TemporaryDirectory(prefix: "vpnctl-dns")
        let config = try directory.write("config.toml", """
        api_url = "https://provider.invalid/v1/"
        directory_public_key = "QZ+rhZNTePHXA/Da8RfeSdpqZAcQWmoImVqMBpGDH4M="
        cache_dir = "cache"
        state_dir = "state"
        runtime_dir = "run"
        """)
        // The daemon the CLI starts (inside the namespace) goes with the test.
        defer { TestProcesses(directory: directory.path).stopDaemons() }
        let outcome = try await VPNCtlRunner.run(
            binary: "/usr/sbin/ip",
            ["netns", "exec", namespace, VPNCtlRunner.binaries.appendingPathComponent("vpnctl").path, "refresh"],
            environment: ["VPNCTL_CONFIG": config.path]
        )
        #expect(outcome.status == 69, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("Cannot resolve the host name provider.invalid"))
    }

    private func run(_ arguments: String...) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
