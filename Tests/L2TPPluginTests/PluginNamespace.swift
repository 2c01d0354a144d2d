import Foundation
import PluginKit
import TestSupport

/// A client namespace of the test's own (and a server namespace on the
/// other end of its veth), in which the built plugin runs as the daemon
/// would run it, and the state it must leave as it found it.
final class PluginNamespace: @unchecked Sendable {
    static let plugin = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("vpnctl-plugin-l2tp").path
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("vpnctl-plugin-l2tp").path

    let tag = String(UInt32.random(in: 0...0xFFFFF), radix: 16)
    var client: String { "vpnctl-test-l2c-\(tag)" }
    var server: String { "vpnctl-test-l2s-\(tag)" }
    /// Unique per test, so the private directory is the test's own.
    var interface: String { "l2t-\(tag)" }
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "vpnctl-l2tp-plugin")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
    }

    func up() async throws {
        do {
            try await offPool { try TestNetwork.makePair(client: self.client, server: self.server) }
        } catch {
            down()
            throw error
        }
    }

    /// A descriptor whose executable runs the plugin inside the client namespace.
    func descriptor() throws -> PluginDescriptor {
        try directory.writeExecutable("l2tp-in-netns", "#!/bin/sh\nexec ip netns exec \(client) \(Self.plugin)\n")
        let file = try directory.write("l2tp.json", #"{"contract": 1, "name": "l2tp", "executable": "l2tp-in-netns", "protocols": [{"name": "l2tp-ipsec", "transport": "udp", "needs": ["ike", "nat_t", "l2tp"]}]}"#)
        return try DescriptorParser.parse(Data(contentsOf: file), file: file.path)
    }

    func launch() async throws -> PluginConnection {
        try await PluginConnection.launch(try descriptor(), hostVersion: "test").0
    }

    var privateDirectory: String { "/run/vpnctl-l2tp/\(interface)" }

    /// Links, addresses, routes, rules, the plugin's daemons and its folder.
    func snapshot() async throws -> String {
        try await offPool {
            try [
                Shell.output("ip", "-n", self.client, "-j", "link", "show"),
                Shell.output("ip", "-n", self.client, "-j", "address", "show"),
                Shell.output("ip", "-n", self.client, "-j", "route", "show", "table", "all"),
                Shell.output("ip", "-n", self.client, "-j", "rule", "show"),
                "daemons: \(self.daemons())",
                "folder: \(FileManager.default.fileExists(atPath: self.privateDirectory))",
            ].joined(separator: "\n")
        }
    }

    /// xl2tpd, charon or pppd processes working for this test's interface.
    func daemons() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> String? in
            guard Int32(entry) != nil, let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let command = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            let isDaemon = ["xl2tpd", "charon", "pppd"].contains { command.contains($0) }
            return isDaemon && command.contains(interface) ? command : nil
        }
    }

    func down() {
        try? Shell.run("ip", "netns", "del", client)
        try? Shell.run("ip", "netns", "del", server)
        directory.remove()
    }

    static func difference(_ before: String, _ after: String) -> String {
        let old = Set(before.split(separator: "\n")), new = Set(after.split(separator: "\n"))
        return "gone: \(old.subtracting(new)) added: \(new.subtracting(old))"
    }
}
