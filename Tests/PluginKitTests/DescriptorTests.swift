import Foundation
import Testing
import TestSupport
@testable import PluginKit

@Suite struct DescriptorTests {
    @Test func parsesADescriptor() throws {
        let descriptor = try DescriptorParser.parse(Data("""
        {"contract": 1, "name": "wireguard", "executable": "bin/vpnctl-plugin-wireguard", "future_field": true,
         "protocols": [{"name": "wireguard", "transport": "udp", "needs": ["udp", "wireguard"]}]}
        """.utf8), file: "/usr/lib/vpnctl/plugins/wireguard.json")
        #expect(descriptor.name == "wireguard")
        #expect(descriptor.executable == "/usr/lib/vpnctl/plugins/bin/vpnctl-plugin-wireguard")
        #expect(descriptor.protocols == [.init(name: "wireguard", transport: "udp", needs: ["udp", "wireguard"])])
        #expect(descriptor.enabledByDefault)
    }

    @Test(arguments: [
        ("not json", "not valid JSON"),
        (#"{"name": "x", "executable": "x", "protocols": []}"#, "\"contract\" is missing"),
        (#"{"contract": "1", "name": "x", "executable": "x", "protocols": []}"#, "\"contract\" has the wrong type"),
        (#"{"contract": 1, "name": "X Y", "executable": "x", "protocols": [{"name": "a", "transport": "udp"}]}"#, "\"name\" must be"),
        (#"{"contract": 1, "name": "x", "executable": "x", "protocols": []}"#, "\"protocols\" is empty"),
        (#"{"contract": 1, "name": "x", "executable": "x", "protocols": [{"name": "a", "transport": "sctp"}]}"#, "transport must be udp or tcp"),
        (#"{"contract": 1, "name": "x", "executable": "x\n", "protocols": [{"name": "a", "transport": "udp"}]}"#, "\"executable\" is not a usable path"),
    ])
    func rejectsABrokenDescriptor(_ text: String, _ fragment: String) {
        do {
            _ = try DescriptorParser.parse(Data(text.utf8), file: "/plugins/x.json")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.hasPrefix("/plugins/x.json: "))
            #expect(error.description.contains(fragment), "\(error)")
        }
    }

    @Test func discoveryTakesTheFirstOfANameAndSkipsUnsafeOnes() throws {
        let first = try TestPlugins(), second = try TestPlugins()
        _ = try first.install("good")
        _ = try second.install("good")
        _ = try second.install("crash")
        _ = try second.install("hang")
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: second.directory.path + "/hang.json")
        _ = try second.directory.write("broken.json", "{")
        _ = try second.directory.write("missing.json", #"{"contract": 1, "name": "missing", "executable": "nowhere", "protocols": [{"name": "a", "transport": "udp"}]}"#)
        _ = try second.directory.write("README", "not a descriptor")

        let result = PluginDiscovery(directories: [first.directory.path, second.directory.path, "/nonexistent"]).discover()
        #expect(result.plugins.map(\.name) == ["good", "crash"])
        #expect(result.plugins[0].source.hasPrefix(first.directory.path))
        let problems = result.problems.map(\.description)
        #expect(problems.count == 4)
        #expect(problems.contains { $0.contains("good.json") && $0.contains("already provided by") })
        #expect(problems.contains { $0.contains("hang.json") && $0.contains("writable by group or others") })
        #expect(problems.contains { $0.contains("broken.json") && $0.contains("not valid JSON") })
        #expect(problems.contains { $0.contains("missing.json") && $0.contains("does not exist") })
    }
}
