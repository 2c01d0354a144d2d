import Foundation
import TestSupport

/// Two namespaces of the test's own joined by a veth pair: the client
/// (203.0.113.10, and 203.0.113.12 as a second source) and the server
/// (203.0.113.11), where the responder runs.
final class ResponderNetwork: Sendable {
    static let clientAddress = "203.0.113.10"
    static let secondClientAddress = "203.0.113.12"
    static let serverAddress = "203.0.113.11"

    let tag = String(UInt32.random(in: 0...0xFFFFF), radix: 16)
    var client: String { "vpnrsp-c-\(tag)" }
    var server: String { "vpnrsp-s-\(tag)" }

    func up() throws {
        try Shell.run("ip", "netns", "add", client)
        try Shell.run("ip", "netns", "add", server)
        for namespace in [client, server] {
            try Shell.run("ip", "netns", "exec", namespace, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")
            try Shell.run("ip", "-n", namespace, "link", "set", "lo", "up")
        }
        try Shell.run("ip", "-n", client, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", server)
        try Shell.run("ip", "-n", client, "address", "add", "\(Self.clientAddress)/24", "dev", "veth0")
        try Shell.run("ip", "-n", client, "address", "add", "\(Self.secondClientAddress)/24", "dev", "veth0")
        try Shell.run("ip", "-n", server, "address", "add", "\(Self.serverAddress)/24", "dev", "veth1")
        try Shell.run("ip", "-n", client, "link", "set", "veth0", "up")
        try Shell.run("ip", "-n", server, "link", "set", "veth1", "up")
    }

    func down() {
        try? Shell.run("ip", "netns", "del", client)
        try? Shell.run("ip", "netns", "del", server)
    }

    /// Whether either namespace is still listed, for the tests' cleanup check.
    func remains() throws -> Bool {
        let listed = try Shell.output("ip", "netns", "list")
        return listed.contains(client) || listed.contains(server)
    }
}
