import DaemonSupport
import Foundation
import Testing
import VPNCore

@Suite struct SettingsFileTests {
    let directory: String = {
        let path = NSTemporaryDirectory() + "vpnctl-settings-\(UInt32.random(in: 0...UInt32.max))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }()

    var file: SettingsFile { SettingsFile(stateDirectory: directory) }
    /// A configuration that turned the kill switch off and LAN access off.
    let configured = ProtectionSettings(killSwitch: false, lockdown: false, allowLAN: false)

    func write(_ text: String, mode: Int = 0o600) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file.path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
    }

    func contents() throws -> String {
        try String(contentsOfFile: file.path, encoding: .utf8)
    }

    @Test func noFileMeansTheConfigurationsSettings() {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let loaded = file.load(defaults: configured)
        #expect(loaded.settings == configured)
        #expect(loaded.problem == nil)
        #expect(!FileManager.default.fileExists(atPath: file.path), "loading must not create the file")
    }

    @Test func whatWasSetWinsAndTheRestFollowsTheConfiguration() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let after = try file.set(.lockdown, to: true, defaults: configured)
        #expect(after == ProtectionSettings(killSwitch: false, lockdown: true, allowLAN: false))
        #expect(try contents() == "{\"lockdown\":true}\n")
        // The configuration changes allow_lan later: it still counts.
        let edited = ProtectionSettings(killSwitch: false, lockdown: false, allowLAN: true)
        #expect(file.load(defaults: edited).settings == ProtectionSettings(killSwitch: false, lockdown: true, allowLAN: true))
        // Set to the configuration's own value: kept all the same.
        try file.set(.killSwitch, to: false, defaults: configured)
        #expect(try contents() == "{\"kill_switch\":false,\"lockdown\":true}\n")
        #expect(file.load(defaults: ProtectionSettings()).settings == ProtectionSettings(killSwitch: false, lockdown: true, allowLAN: true))
    }

    @Test func theFileIsPrivateFromTheStart() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let previous = umask(0)
        defer { umask(previous) }
        try file.set(.allowLAN, to: false, defaults: configured)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // No temporary file left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [SettingsFile.name])
    }

    /// Replaced by rename, not rewritten in place: a reader holding the
    /// old file sees it whole, and the new one is a different inode.
    @Test func aChangeReplacesTheFileAtomically() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try file.set(.killSwitch, to: false, defaults: configured)
        let before = try FileManager.default.attributesOfItem(atPath: file.path)[.systemFileNumber] as? Int
        let reader = try FileHandle(forReadingFrom: URL(fileURLWithPath: file.path))
        defer { try? reader.close() }
        try file.set(.killSwitch, to: true, defaults: configured)
        let after = try FileManager.default.attributesOfItem(atPath: file.path)[.systemFileNumber] as? Int
        #expect(before != after)
        #expect(String(decoding: reader.readDataToEndOfFile(), as: UTF8.self) == "{\"kill_switch\":false}\n")
        #expect(try contents() == "{\"kill_switch\":true}\n")
    }

    @Test func aFailedSaveChangesNothingAndSaysWhy() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try file.set(.lockdown, to: true, defaults: configured)
        // A directory where the file's temporary sibling would go cannot be
        // made read-only for root; a state_dir that is a file stops every write.
        let blocked = SettingsFile(stateDirectory: directory + "/\(SettingsFile.name)")
        do {
            try blocked.set(.killSwitch, to: false, defaults: configured)
            Issue.record("saved into a file as if it were a directory")
        } catch {
            #expect(error.description.contains("Cannot save the settings to \(blocked.path)"))
            #expect(error.description.contains("Nothing was changed"))
        }
        #expect(try contents() == "{\"lockdown\":true}\n")
    }

    @Test(arguments: [
        ("", "not valid JSON", "ends too early"),
        ("{\"kill_switch\": fal", "not valid JSON", "ends too early"),
        ("kill_switch = false", "not valid JSON", "line 1, column 1"),
        ("[false]", "holds an array, not a JSON object", ""),
        ("{\"kill_switch\": \"off\"}", "\"kill_switch\" must be true or false, not a string", ""),
        ("{\"lockdown\": 0}", "\"lockdown\" must be true or false, not a number", ""),
        ("{\"allow_lan\": null}", "\"allow_lan\" must be true or false, not null", ""),
        ("{\"kill_switch\": false, \"kill_switch\": false}", "appears twice", ""),
        ("{\"kill_switch\": false" + String(repeating: " ", count: 5000) + "}", "more than the 4096", ""),
    ])
    func aDamagedFileIsReportedKeptAsideAndReplacedBySafeSettings(_ text: String, _ fragment: String, _ detail: String) throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write(text)
        let loaded = file.load(defaults: configured)
        // The configuration's settings, but never without the kill switch.
        #expect(loaded.settings == ProtectionSettings(killSwitch: true, lockdown: false, allowLAN: false))
        let problem = try #require(loaded.problem).description
        #expect(problem.contains(file.path), "\(problem)")
        #expect(problem.contains(fragment), "\(problem)")
        if !detail.isEmpty { #expect(problem.contains(detail), "\(problem)") }
        #expect(problem.contains("kept as \(file.damagedPath)"), "\(problem)")
        #expect(try String(contentsOfFile: file.damagedPath, encoding: .utf8) == text)
        // Replaced: reported once, and the kill switch stays on at the next start.
        #expect(try contents() == "{\"kill_switch\":true}\n")
        let again = file.load(defaults: configured)
        #expect(again.problem == nil)
        #expect(again.settings.killSwitch)
    }

    @Test func aFileOthersCanWriteIsNotTrusted() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write("{\"kill_switch\": false}", mode: 0o666)
        let loaded = file.load(defaults: ProtectionSettings())
        #expect(loaded.settings.killSwitch)
        #expect(try #require(loaded.problem).description.contains("other users can write it (mode 666)"))
    }

    @Test func aDirectoryInItsPlaceIsReportedNotFatal() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: file.path, withIntermediateDirectories: false)
        let loaded = file.load(defaults: configured)
        #expect(loaded.settings.killSwitch)
        #expect(try #require(loaded.problem).description.contains("not a regular file"))
        // Moved aside, so `set` works again.
        try file.set(.lockdown, to: true, defaults: configured)
        #expect(try contents() == "{\"kill_switch\":true,\"lockdown\":true}\n")
    }

    /// `set` on a damaged file that was never loaded starts from the safe
    /// replacement too, and keeps the damaged one aside.
    @Test func settingOverADamagedFileKeepsTheKillSwitchOn() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write("{\"kill_switch\": tru")
        let after = try file.set(.allowLAN, to: true, defaults: configured)
        #expect(after == ProtectionSettings(killSwitch: true, lockdown: false, allowLAN: true))
        #expect(FileManager.default.fileExists(atPath: file.damagedPath))
    }

    @Test func keysOfALaterVersionAreLetThrough() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write("{\"auto_connect\": true, \"lockdown\": true}")
        let loaded = file.load(defaults: configured)
        #expect(loaded.problem == nil)
        #expect(loaded.settings.lockdown)
    }
}
