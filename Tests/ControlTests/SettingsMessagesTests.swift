import Foundation
import Testing
import VPNCore
@testable import Control

@Suite struct SettingsMessagesTests {
    let directory: String = {
        let path = "/tmp/vpnctl-control-\(UInt32.random(in: 0...UInt32.max))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    func decode(_ text: String) -> Result<ControlRequest, ControlFailure> {
        ControlWire.decodeRequest(Array(text.utf8))
    }

    @Test(arguments: ProtectionSetting.allCases)
    func setRequestsRoundTrip(_ setting: ProtectionSetting) throws {
        for enabled in [true, false] {
            let request = ControlRequest.set(SetRequest(setting: setting, enabled: enabled))
            let line = ControlWire.request(request)
            #expect(line.last == 0x0A)
            let text = String(decoding: line.dropLast(), as: UTF8.self)
            #expect(text.contains("\"setting\":\"\(setting.rawValue)\""))
            #expect(text.contains("\"enabled\":\(enabled)"))
            #expect(try decode(text).get() == request)
        }
    }

    @Test func settingsRequestRoundTrips() throws {
        let line = ControlWire.request(.settings)
        #expect(try ControlWire.decodeRequest(Array(line.dropLast())).get() == .settings)
    }

    @Test(arguments: [
        (#"{"jsonrpc":"2.0","id":1,"method":"set"}"#, "which setting?"),
        (#"{"jsonrpc":"2.0","id":1,"method":"set","params":{"enabled":true}}"#, "which setting?"),
        (#"{"jsonrpc":"2.0","id":1,"method":"set","params":{"setting":"kill-swich","enabled":true}}"#, "unknown setting \"kill-swich\"; it must be one of kill_switch, lockdown, allow_lan"),
        (#"{"jsonrpc":"2.0","id":1,"method":"set","params":{"setting":"lockdown"}}"#, "\"enabled\" (true or false) is missing"),
        (#"{"jsonrpc":"2.0","id":1,"method":"set","params":{"setting":"lockdown","enabled":"on"}}"#, "\"enabled\" must be true or false"),
        (#"{"jsonrpc":"2.0","id":1,"method":"set","params":{"setting":"lockdown","enabled":1}}"#, "\"enabled\" must be true or false"),
        (#"{"jsonrpc":"2.0","id":1,"method":"set","params":{"setting":5,"enabled":true}}"#, "\"setting\" must be a string"),
        (#"{"jsonrpc":"2.0","id":1,"method":"set","params":[1]}"#, "malformed parameters for set"),
        (#"{"jsonrpc":"2.0","id":1,"method":"connect","params":{"seed":"x"}}"#, "malformed parameters for connect"),
        (#"{"jsonrpc":"2.0","id":1,"method":"auto_connect"}"#, "unknown request \"auto_connect\""),
        (#"{"jsonrpc":"1.0","id":1,"method":"status"}"#, "not a vpnctl control request"),
    ])
    func malformedRequestsAreRefusedWithTheReason(_ text: String, _ fragment: String) {
        switch decode(text) {
        case let .success(request):
            Issue.record("accepted \(text) as \(request)")
        case let .failure(refusal):
            #expect(refusal.message.contains(fragment), "\(refusal.message)")
            #expect(refusal.status == .usage)
        }
    }

    @Test func settingsReportHasTheContractsKeys() throws {
        let report = SettingsReport(ProtectionSettings(killSwitch: false, lockdown: true, allowLAN: false), notice: "n")
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(object["kill_switch"] as? Bool == false)
        #expect(object["lockdown"] as? Bool == true)
        #expect(object["allow_lan"] as? Bool == false)
        #expect(object["notice"] as? String == "n")
        #expect(object["problem"] == nil, "absent, not null, when there is none")
        #expect(try JSONDecoder().decode(SettingsReport.self, from: JSONEncoder().encode(report)) == report)
        #expect(report.settings == ProtectionSettings(killSwitch: false, lockdown: true, allowLAN: false))
    }

    @Test func statusCarriesBlockingAndTheKillSwitch() throws {
        let report = StatusReport(state: "error", error: "every protocol failed", blocking: true,
                                  killSwitch: KillSwitchReport(ProtectionSettings(killSwitch: true, lockdown: false, allowLAN: true)))
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(object["blocking"] as? Bool == true)
        let killSwitch = try #require(object["kill_switch"] as? [String: Any])
        #expect(killSwitch["enabled"] as? Bool == true)
        #expect(killSwitch["lockdown"] as? Bool == false)
        #expect(killSwitch["allow_lan"] as? Bool == true)
        #expect(try JSONDecoder().decode(StatusReport.self, from: JSONEncoder().encode(report)) == report)
    }

    /// A daemon from before the kill switch does not send the new keys: its
    /// answer still reads, and says nothing about blocking.
    @Test func statusFromAnOlderDaemonStillReads() throws {
        let old = #"{"state":"connected","server":"de-fra-001","addresses":[],"attempts":[],"skipped":[]}"#
        let report = try JSONDecoder().decode(StatusReport.self, from: Data(old.utf8))
        #expect(report.state == "connected")
        #expect(report.blocking == nil)
        #expect(report.killSwitch == nil)
    }

    @Test func setAndSettingsOverTheSocket() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/vpnctld.sock"
        let stored = Stored()
        _ = try ControlServer.start(at: path) { request, _ in
            switch request {
            case .settings: return .settings(SettingsReport(stored.settings))
            case let .set(change):
                stored.settings[change.setting] = change.enabled
                return .settings(SettingsReport(stored.settings, notice: stored.settings.notice(after: change.setting)))
            default: return .failure(ControlFailure(.unexpected, "unexpected"))
            }
        }
        let before = try await ControlClient.call(ControlMethods.Settings.self, to: path).get()
        #expect(before == SettingsReport(ProtectionSettings()))
        let after = try await ControlClient.call(ControlMethods.Set.self, SetRequest(setting: .killSwitch, enabled: false), to: path).get()
        #expect(!after.killSwitch)
        #expect(after.notice?.contains("outside the tunnel") == true)

        // A malformed set over the socket: the refusal, not silence.
        let socket = try #require(UnixSocket.connect(to: path))
        #expect(socket.write(Array(#"{"jsonrpc":"2.0","id":1,"method":"set","params":{"setting":"vpn"}}"#.utf8) + [0x0A]))
        let line = String(decoding: try #require(socket.readLine()), as: UTF8.self)
        #expect(line.contains("unknown setting \\\"vpn\\\""), "\(line)")
        #expect(stored.settings == ProtectionSettings(killSwitch: false), "a refused request changes nothing")
    }

    /// The settings the fake daemon keeps; one request at a time here.
    final class Stored: @unchecked Sendable {
        var settings = ProtectionSettings()
    }
}
