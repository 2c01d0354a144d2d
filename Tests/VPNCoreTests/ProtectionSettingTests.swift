import Testing
import VPNCore

@Suite struct ProtectionSettingTests {
    @Test func namesOnTheCommandLineAndInFiles() {
        #expect(ProtectionSetting.allCases.map(\.commandName) == ["kill-switch", "lockdown", "allow-lan"])
        #expect(ProtectionSetting(name: "kill-switch") == .killSwitch)
        #expect(ProtectionSetting(name: "allow_lan") == .allowLAN)
        #expect(ProtectionSetting(name: "killswitch") == nil)
        #expect(ProtectionSetting(name: "") == nil)
    }

    @Test func readsAndChangesOneSetting() {
        var settings = ProtectionSettings()
        for setting in ProtectionSetting.allCases {
            let before = settings[setting]
            settings[setting].toggle()
            #expect(settings[setting] == !before)
        }
        #expect(settings == ProtectionSettings(killSwitch: false, lockdown: true, allowLAN: false))
    }

    @Test func givingUpProtectionIsExplained() throws {
        let off = try #require(ProtectionSettings(killSwitch: false).notice(after: .killSwitch))
        #expect(off.contains("traffic may leave this machine outside the tunnel"))
        #expect(off.contains("while connecting"))
        #expect(off.contains("if the tunnel dies"))
        let stillLocked = try #require(ProtectionSettings(killSwitch: false, lockdown: true).notice(after: .killSwitch))
        #expect(stillLocked.contains("lockdown is on"))
        let lockdown = try #require(ProtectionSettings(lockdown: true).notice(after: .lockdown))
        #expect(lockdown.contains("even when disconnected"))
        #expect(lockdown.contains("until lockdown is turned off"))
        #expect(ProtectionSettings().notice(after: .killSwitch) == nil)
        #expect(ProtectionSettings().notice(after: .allowLAN) == nil)
    }
}
