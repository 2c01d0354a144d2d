import Foundation
import PluginKit
import Testing

/// A plugin's private folder: 0700, its files 0600 from the first byte,
/// never reused silently, gone with its root once empty.
@Suite struct PrivateDirectoryTests {
    @Test func itWritesSecretsOwnerOnlyAndRefusesALeftover() throws {
        let root = "/tmp/vpnctl-private-unit-\(UInt32.random(in: 0...0xFFFFFF))"
        let directory = PrivateDirectory(root: root, interface: "tun-unit")
        try directory.create()
        defer { directory.remove() }
        let file = try directory.write("secret.conf", "psk = hunter2\n")
        var info = stat()
        #expect(stat(directory.path, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(stat(file, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "psk = hunter2\n")
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["secret.conf"])
        // A second connect may not silently reuse a leftover directory.
        #expect(throws: PrivateDirectoryError.alreadyExists(path: directory.path)) { try directory.create() }
        directory.remove()
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    @Test func aFileThatCannotBeWrittenIsNamed() throws {
        let directory = PrivateDirectory(root: "/tmp/vpnctl-private-unit-missing-\(UInt32.random(in: 0...0xFFFFFF))", interface: "tun-unit")
        // Never created: the write fails and says where.
        let error = #expect(throws: PrivateDirectoryError.self) { try directory.write("x.conf", "x") }
        #expect(error?.description.contains(directory.file("x.conf")) == true)
    }
}

/// The one rule for the tunnel interfaces plugins make.
@Suite struct TunnelInterfaceNameTests {
    @Test(arguments: ["vpnctl-wg", "wg0", "a", "l2tp-123456789a"])
    func accepts(_ name: String) {
        #expect(TunnelInterfaceName(rawValue: name)?.rawValue == name)
    }

    @Test(arguments: ["", "-wg", "WG0", "wg/0", "wg 0", "wg:0", "../etc", "l2tp-123456789abc", "wg0\nup", "wé"])
    func refuses(_ name: String) {
        #expect(TunnelInterfaceName(rawValue: name) == nil)
    }
}
