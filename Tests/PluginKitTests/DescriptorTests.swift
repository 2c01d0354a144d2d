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

    /// Root runs the plugin: neither it nor its descriptor may sit where
    /// another user could swap it, whether through its own owner, a
    /// directory above it, or a link to a file of theirs.
    @Test func aPluginAnotherUserCouldReplaceIsRefused() throws {
        func problems(_ plugins: TestPlugins) -> [String] {
            PluginDiscovery(directories: [plugins.directory.path]).discover().problems.map(\.description)
        }
        // A descriptor owned by someone else.
        let owned = try TestPlugins()
        _ = try owned.install("good")
        chown(owned.directory.path + "/good.json", 65534, 65534)
        #expect(problems(owned).contains { $0.contains("good.json") && $0.contains("owned by uid 65534") })

        // The executable's directory writable by its group.
        let loose = try TestPlugins()
        let descriptor = try loose.install("good")
        let folder = (descriptor.executable as NSString).deletingLastPathComponent
        chmod(folder, 0o775)
        defer { chmod(folder, 0o755) }
        #expect(problems(loose).contains { $0.contains("not safe to run as root") && $0.contains("writable by group or others (mode 775)") })

        // A descriptor that is a link to another user's file.
        let linked = try TestPlugins()
        _ = try linked.install("good")
        let theirs = try TemporaryDirectory(prefix: "vpnctl-theirs")
        let target = theirs.path + "/good.json"
        try FileManager.default.moveItem(atPath: linked.directory.path + "/good.json", toPath: target)
        chown(theirs.path, 65534, 65534)
        #expect(symlink(target, linked.directory.path + "/good.json") == 0)
        #expect(problems(linked).contains { $0.contains("good.json") && $0.contains("owned by uid 65534") })
    }
}
