import Glibc

/// A server's resolver inside the tunnel (the list's `dns`, 198.19.0.1):
/// answers the web host's name, so tests see names resolve through the
/// tunnel while every other resolver is refused.
struct TunnelResolver {
    static let name = "web.vpnlab.example.net"

    let server: Topology.Server
    let state: StateDirectory

    var name: String { "tunnel resolver \(server.id)" }
    var log: String { state.log("resolver-\(server.id)") }

    func start() throws -> pid_t {
        try Namespace(server.namespace).spawnDaemon([
            try Subprocess.executable("python3").path, try Resources.labScript("resolver.py"),
            "--ipv4", Topology.webHostAddress, "--ipv6", Topology.webHostAddress6,
        ], log: log)
    }

    func isReady(pid: pid_t) -> Bool {
        ListeningSockets.ports(.udp, of: pid).contains(53)
    }
}
