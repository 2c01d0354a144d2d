import Glibc

/// A server's probe responder (`vpnctl-responder`, built beside vpnlab):
/// STUN on the probe port and the next one, UDP and TCP echo, GRE and ESP
/// echo, and the PPTP control answer on TCP 1723, since no PPTP server runs.
/// The server's nftables hand it the probes sent to WireGuard's port (see
/// LocationServer).
struct ProbeResponder {
    let server: Topology.Server
    let state: StateDirectory

    var name: String { "probe responder \(server.id)" }
    var log: String { state.log("responder-\(server.id)") }

    func start() throws -> pid_t {
        try Namespace(server.namespace).spawnDaemon([
            try Resources.builtTool("vpnctl-responder"), "--address", server.address, "--port", String(Topology.probePort),
        ], log: log)
    }

    func isReady(pid: pid_t) -> Bool {
        let udp = ListeningSockets.ports(.udp, of: pid)
        return udp.contains(Topology.probePort) && udp.contains(Topology.probePort + 1)
            && ListeningSockets.ports(.tcp, of: pid).contains(Topology.pptpPort)
    }
}
