import Foundation

/// The network the WireGuard tests run on, built with test infrastructure
/// (`ip`, `wg`): two namespaces of the test's own joined by a veth pair.
public enum TestNetwork {
    public static let clientAddress = "198.51.100.1"
    public static let serverAddress = "198.51.100.2"

    /// Client 198.51.100.1 and server 198.51.100.2, the client's default
    /// route via the server. IPv6 is off: duplicate address detection would
    /// change addresses behind a before/after snapshot's back.
    public static func makePair(client: String, server: String) throws {
        try Shell.run("ip", "netns", "add", client)
        try Shell.run("ip", "netns", "add", server)
        for namespace in [client, server] {
            try Shell.run("ip", "netns", "exec", namespace, "sysctl", "-qw",
                          "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")
            try Shell.run("ip", "-n", namespace, "link", "set", "lo", "up")
        }
        try Shell.run("ip", "-n", client, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", server)
        try Shell.run("ip", "-n", client, "address", "add", "\(clientAddress)/24", "dev", "veth0")
        try Shell.run("ip", "-n", server, "address", "add", "\(serverAddress)/24", "dev", "veth1")
        try Shell.run("ip", "-n", client, "link", "set", "veth0", "up")
        try Shell.run("ip", "-n", server, "link", "set", "veth1", "up")
        try Shell.run("ip", "-n", client, "route", "add", "default", "via", serverAddress)
    }

    /// A WireGuard key pair, base64 (the private key goes to `wg pubkey` on stdin).
    public static func wireGuardKeys() throws -> (privateKey: String, publicKey: String) {
        let privateKey = try Shell.output("wg", "genkey")
        return (privateKey, try Shell.output("wg", "pubkey", input: privateKey))
    }
}
