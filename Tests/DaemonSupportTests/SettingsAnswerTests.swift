import Control
import DaemonSupport
import Foundation
import Testing
import VPNCore

@Suite struct SettingsAnswerTests {
    let directory: String = {
        let path = NSTemporaryDirectory() + "vpnctl-answer-\(UInt32.random(in: 0...UInt32.max))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }()

    @Test func turningTheKillSwitchOffIsKeptAndExplained() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = SettingsFile(stateDirectory: directory)
        guard case let .settings(report) = file.answer(SetRequest(setting: .killSwitch, enabled: false), defaults: ProtectionSettings()) else {
            Issue.record("not a settings reply")
            return
        }
        #expect(report.settings == ProtectionSettings(killSwitch: false))
        #expect(report.notice?.contains("traffic may leave this machine outside the tunnel") == true)
        guard case let .settings(after) = file.answerSettings(defaults: ProtectionSettings()) else {
            Issue.record("not a settings reply")
            return
        }
        #expect(after == SettingsReport(ProtectionSettings(killSwitch: false)))
    }

    @Test func aChangeThatCannotBeKeptIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data().write(to: URL(fileURLWithPath: directory + "/state"))
        let file = SettingsFile(stateDirectory: directory + "/state")
        guard case let .failure(refusal) = file.answer(SetRequest(setting: .lockdown, enabled: true), defaults: ProtectionSettings()) else {
            Issue.record("a change that was not kept was answered as done")
            return
        }
        #expect(refusal.status == .fileError)
        #expect(refusal.message.contains("Nothing was changed"))
    }

    @Test func aDamagedFileIsReportedInTheAnswer() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("{".utf8).write(to: URL(fileURLWithPath: directory + "/settings.json"))
        guard case let .settings(report) = SettingsFile(stateDirectory: directory).answerSettings(defaults: ProtectionSettings(killSwitch: false)) else {
            Issue.record("not a settings reply")
            return
        }
        #expect(report.killSwitch)
        #expect(report.problem?.contains("was not used") == true)
    }
}
