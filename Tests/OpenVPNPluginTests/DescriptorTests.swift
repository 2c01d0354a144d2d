import Foundation
import PluginKit
import Testing

/// The descriptor the package installs for this plugin.
@Suite struct DescriptorTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Packaging/plugins/openvpn.json")

    @Test func parsesWithBothTransports() throws {
        let descriptor = try DescriptorParser.parse(Data(contentsOf: Self.file), file: Self.file.path)
        #expect(descriptor.name == "openvpn")
        #expect(descriptor.executable.hasSuffix("/vpnctl-plugin-openvpn"))
        #expect(descriptor.protocols.map(\.name) == ["openvpn-udp", "openvpn-tcp"])
        #expect(descriptor.protocols.map(\.transport) == ["udp", "tcp"])
        #expect(descriptor.protocols.map(\.needs) == [["udp", "openvpn_udp"], ["tcp443", "openvpn_tcp"]])
    }
}
