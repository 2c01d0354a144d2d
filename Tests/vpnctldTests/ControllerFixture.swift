import Directory
import Foundation
import TestSupport
import VPNConfig
import VPNCore
@testable import vpnctld

/// A controller wired to fakes: the sample server list, signed, served
/// from a file:// API (no network), two fake plugins (OpenVPN over UDP and
/// over TCP), a recording firewall and a probe that reports nothing.
struct ControllerFixture {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sample/servers.json")

    let directory: TemporaryDirectory
    let configuration: Configuration
    let plugins = FakePlugins()
    let firewall = RecordingFirewall()
    let probe = HeldProbe()
    let controller: ConnectionController

    init(settings: ProtectionSettings = ProtectionSettings()) async throws {
        directory = try TemporaryDirectory(prefix: "vpnctld-controller")
        let api = directory.url.appendingPathComponent("api")
        try FileManager.default.createDirectory(at: api, withIntermediateDirectories: true)
        let list = try [UInt8](Data(contentsOf: Self.sample))
        let key = DirectorySigningKey()
        try Data(list).write(to: api.appendingPathComponent("servers.json"))
        try Data(key.sign(list).utf8).write(to: api.appendingPathComponent("servers.json.sig"))
        let pluginDirectory = directory.url.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: pluginDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        for (name, protocolName, transport) in [("fake-udp", "openvpn-udp", "udp"), ("fake-tcp", "openvpn-tcp", "tcp")] {
            try directory.writeExecutable("plugins/\(name)", "#!/bin/sh\nexit 1\n")
            let descriptor = try directory.write("plugins/\(name).json", """
            {"contract": 1, "name": "\(name)", "executable": "\(name)", "protocols": [{"name": "\(protocolName)", "transport": "\(transport)"}]}
            """)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: descriptor.path)
        }
        var configuration = Configuration(
            apiURL: api.absoluteString + "/", directoryPublicKey: key.publicKey.base64,
            stateDirectory: directory.path + "/state", cacheDirectory: directory.path + "/cache",
            runtimeDirectory: directory.path + "/run", pluginPath: [pluginDirectory.path]
        )
        configuration.connection.protection = settings
        self.configuration = configuration
        controller = try await ConnectionController.start(
            configuration: configuration, parts: DaemonParts(launcher: plugins, firewall: firewall, probe: probe)
        )
    }

    /// A daemon started anew on the same machine (after a crash, say).
    init(reusing earlier: ControllerFixture) async throws {
        directory = earlier.directory
        configuration = earlier.configuration
        controller = try await ConnectionController.start(
            configuration: configuration, parts: DaemonParts(launcher: plugins, firewall: firewall, probe: probe)
        )
    }

    var recordPath: String { directory.path + "/state/connection.json" }

    func status() async -> StatusReportView {
        guard case let .status(report) = await controller.handle(.status) else { return StatusReportView(state: "?", error: nil) }
        return StatusReportView(state: report.state, error: report.error)
    }
}

struct StatusReportView: Equatable {
    var state: String
    var error: String?
}
