import Foundation
import TestSupport

/// Two namespaces of the test's own: `host` (where the firewall goes) and
/// `router`, joined by a veth pair. The router holds the "internet"
/// addresses the host pings on its loopback, so every packet stays between
/// the two.
///
///     host 192.0.2.2/24 ── 192.0.2.1 router (lo: 203.0.113.11 server, 198.51.100.80 web)
struct FirewallNamespace {
    static let hostAddress = "192.0.2.2"
    static let routerAddress = "192.0.2.1"
    static let serverAddress = "203.0.113.11"
    static let webAddress = "198.51.100.80"

    /// Where the firewall goes, and its peer: each gone with the object.
    let hostNamespace: PrivateNamespace
    let routerNamespace: PrivateNamespace
    var host: String { hostNamespace.name }
    var router: String { routerNamespace.name }

    init(tag: String) throws {
        hostNamespace = try PrivateNamespace(prefix: "vpnctl-fwt-\(tag)")
        routerNamespace = try PrivateNamespace(prefix: "vpnctl-fwt-\(tag)")
        try Shell.run("ip", "-n", host, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", router)
        try Shell.run("ip", "-n", host, "address", "add", "\(Self.hostAddress)/24", "dev", "eth0")
        try Shell.run("ip", "-n", router, "address", "add", "\(Self.routerAddress)/24", "dev", "eth0")
        for address in [Self.serverAddress, Self.webAddress] {
            try Shell.run("ip", "-n", router, "address", "add", "\(address)/32", "dev", "lo")
        }
        try Shell.run("ip", "-n", host, "link", "set", "eth0", "up")
        try Shell.run("ip", "-n", router, "link", "set", "eth0", "up")
        try Shell.run("ip", "-n", host, "route", "add", "default", "via", Self.routerAddress)
    }

    /// Runs `body` inside the host namespace (the firewall's).
    func inHost<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await hostNamespace.run(body)
    }

    /// One ping from the host, with an fwmark when given: true when answered.
    func ping(_ address: String, mark: UInt32? = nil) -> Bool {
        var arguments = ["ip", "netns", "exec", host, "ping", "-n", "-q", "-c", "1", "-W", "2"]
        if let mark { arguments += ["-m", String(mark)] }
        return (try? Shell.output(arguments + [address])) != nil
    }

    /// One DNS query (UDP, port 53) from the host; whether the firewall
    /// rejected it shows in its counters, not here.
    func sendDNSQuery(to address: String) throws {
        let script = """
        import socket, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.sendto(b"\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x07example\\x03net\\x00\\x00\\x01\\x00\\x01", (sys.argv[1], 53))
        except OSError:
            pass
        """
        try Shell.run("ip", "netns", "exec", host, "python3", "-c", script, address)
    }
}
