import Foundation
import Testing
import VPNCore
@testable import VPNConfig

@Suite struct ConfigurationParserTests {
    static let key = "QZ+rhZNTePHXA/Da8RfeSdpqZAcQWmoImVqMBpGDH4M="
    let path = "/etc/vpnctl/config.toml"

    func parse(_ text: String) throws(ConfigurationError) -> Configuration {
        try ConfigurationParser.parse(text, path: path)
    }

    @Test func readsEverySetting() throws {
        let configuration = try parse("""
        api_url = "https://api.example.net/v1"
        directory_public_key = "\(Self.key)"
        ca_file = "ca.pem"
        account_token_file = "/etc/vpnctl/token"
        state_dir = "/tmp/state"
        cache_dir = "cache"
        runtime_dir = "/tmp/run"
        plugin_path = ["/usr/lib/vpnctl/plugins", "plugins"]

        [connection]
        protocol = "openvpn-tcp"
        allow_insecure = true
        kill_switch = false
        lockdown = true
        allow_lan = false
        """)
        #expect(configuration.apiURL == "https://api.example.net/v1/")
        #expect(configuration.directoryPublicKey == Self.key)
        #expect(configuration.caFile == "/etc/vpnctl/ca.pem")
        #expect(configuration.accountTokenFile == "/etc/vpnctl/token")
        #expect(configuration.cacheDirectory == "/etc/vpnctl/cache")
        #expect(configuration.pluginPath == ["/usr/lib/vpnctl/plugins", "/etc/vpnctl/plugins"])
        #expect(configuration.connection.protocolPreference == .only(.openvpnTCP))
        #expect(configuration.connection.protection == ProtectionSettings(killSwitch: false, lockdown: true, allowLAN: false))
    }

    @Test func appliesDefaults() throws {
        let configuration = try parse("api_url = \"file:///srv/list/\"\ndirectory_public_key = \"\(Self.key)\"\n")
        #expect(configuration.stateDirectory == "/var/lib/vpnctl")
        #expect(configuration.cacheDirectory == "/var/cache/vpnctl")
        #expect(configuration.runtimeDirectory == "/run/vpnctl")
        #expect(configuration.pluginPath == ["/usr/lib/vpnctl/plugins"])
        #expect(configuration.connection.protocolPreference == .automatic)
        #expect(configuration.caFile == nil)
        #expect(configuration.accountTokenFile == nil)
        // The safe ones: the kill switch on unless turned off.
        #expect(configuration.connection.protection.killSwitch)
        #expect(!configuration.connection.protection.lockdown)
        #expect(configuration.connection.protection.allowLAN)
    }

    @Test func anEmptyConnectionTableKeepsTheSafeDefaults() throws {
        let configuration = try parse("api_url = \"https://x\"\ndirectory_public_key = \"\(Self.key)\"\n[connection]\nprotocol = \"auto\"\n")
        #expect(configuration.connection.protection == ProtectionSettings(killSwitch: true, lockdown: false, allowLAN: true))
    }

    @Test(arguments: [
        ("api_url = \"https://x\"\ndirectory_public_key = \"\(key)\"\nkill_swich = true", "unknown setting \"kill_swich\""),
        ("api_url = \"https://x\"\ndirectory_public_key = \"\(key)\"\n[connection]\nkill_swich = true", "did you mean \"connection.kill_switch\""),
        ("directory_public_key = \"\(key)\"", "\"api_url\" is required"),
        ("api_url = \"https://x\"", "\"directory_public_key\" is required"),
        ("api_url = \"http://x\"\ndirectory_public_key = \"\(key)\"", "must start with https://"),
        ("api_url = \"https://x\"\ndirectory_public_key = \"c2hvcnQ=\"", "base64 Ed25519 public key"),
        ("api_url = 5\ndirectory_public_key = \"\(key)\"", "\"api_url\" must be a string, not a TOML integer"),
        ("api_url = \"https://x\"\ndirectory_public_key = \"\(key)\"\n[connection]\nprotocol = \"Wire Guard\"", "connection.protocol"),
        ("api_url = \"https://x\"\ndirectory_public_key = \"\(key)\"\n[connection]\nkill_switch = \"yes\"", "must be true or false"),
        ("api_url = \"https://x\"\ndirectory_public_key = \"\(key)\"\n[connection]\nlockdown = 1", "\"connection.lockdown\" must be true or false, not a TOML integer"),
        ("api_url = \"https://x\"\ndirectory_public_key = \"\(key)\"\n[connection]\nallow_lan = \"on\"", "\"connection.allow_lan\" must be true or false, not a TOML string"),
        ("api_url = \"https://x\"\ndirectory_public_key = \"\(key)\"\n[connection]\nkill_switch = [true]", "\"connection.kill_switch\" must be true or false, not a TOML array"),
        ("api_url = \"https://x\"\ndirectory_public_key = \"\(key)\"\n[connection]\nallow_lans = true", "did you mean \"connection.allow_lan\""),
        ("api_url = \"https://x\"\ndirectory_public_key = \"\(key)\"\nconnection = 1", "must be a table"),
        ("api_url = \"https://x\"\ndirectory_public_key = \"\(key)\"\nplugin_path = [1]", "a list of paths"),
        ("api_url = \"https://x\ny\"", "not valid TOML"),
        ("api_url = = \"https://x\"", "/etc/vpnctl/config.toml:1:"),
    ])
    func rejects(_ text: String, _ fragment: String) {
        do {
            _ = try parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(fragment), "\(error.description)")
            #expect(error.description.contains(path))
        }
    }

    /// What reaching the daemon takes is read even when the provider
    /// settings are broken: status and disconnect must not depend on them.
    @Test func localDirectoriesIgnoreABrokenProviderKey() throws {
        let directory = try Self.temporaryFile("""
        api_url = "http://not-https"
        directory_public_key = "c2hvcnQ="
        state_dir = "state"
        runtime_dir = "/tmp/run"
        [connection]
        kill_switch = "yes"
        """)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let local = try ConfigurationParser.loadLocal(path: directory + "/config.toml")
        #expect(local == LocalDirectories(stateDirectory: directory + "/state", runtimeDirectory: "/tmp/run"))
        #expect(throws: ConfigurationError.self) { try ConfigurationParser.load(path: directory + "/config.toml") }
    }

    @Test(arguments: [
        ("runtme_dir = \"/tmp/run\"", "did you mean \"runtime_dir\""),
        ("runtime_dir = 5", "\"runtime_dir\" must be a string"),
        ("state_dir = \"\"", "\"state_dir\" must not be empty"),
        ("runtime_dir = = 1", "not valid TOML"),
    ])
    func localDirectoriesStillRejectWhatTheyNeed(_ text: String, _ fragment: String) throws {
        let directory = try Self.temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            _ = try ConfigurationParser.loadLocal(path: directory + "/config.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(fragment), "\(error.description)")
        }
    }

    @Test func defaultLocalDirectoriesMatchTheConfiguration() throws {
        let directory = try Self.temporaryFile("")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = Configuration(apiURL: "https://x/", directoryPublicKey: Self.key)
        #expect(try ConfigurationParser.loadLocal(path: directory + "/config.toml") == configuration.localDirectories)
    }

    /// A directory holding `config.toml` with `text`.
    static func temporaryFile(_ text: String) throws -> String {
        let directory = NSTemporaryDirectory() + "vpnctl-config-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try text.write(toFile: directory + "/config.toml", atomically: false, encoding: .utf8)
        return directory
    }

    @Test func reportsAMissingFile() {
        #expect(throws: ConfigurationError.fileMissing(path: "/nonexistent/vpnctl.toml")) {
            try ConfigurationParser.load(path: "/nonexistent/vpnctl.toml")
        }
    }
}
