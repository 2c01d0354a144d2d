import Foundation
import PluginKit
import TestSupport

/// Installs the Python test plugin under each behaviour's name, with a
/// descriptor, in a directory of the test's own.
struct TestPlugins {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("plugins/test-plugin.py")

    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "vpnctl-plugins")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
    }

    /// The descriptor of an installed test plugin that behaves as `mode`.
    func install(_ mode: String) throws -> PluginDescriptor {
        if !FileManager.default.fileExists(atPath: directory.url.appendingPathComponent(mode).path) {
            try directory.copyExecutable(mode, from: Self.script)
        }
        let descriptor = try directory.write("\(mode).json", """
        {"contract": 1, "name": "\(mode)", "executable": "\(mode)",
         "protocols": [{"name": "test-udp", "transport": "udp", "needs": ["udp"]}]}
        """)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: descriptor.path)
        return try DescriptorParser.parse(Data(contentsOf: descriptor), file: descriptor.path)
    }
}

func processExists(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0
}
