import Foundation

/// A STUN binding responder on the router's WAN address, only for as long
/// as miniupnpd starts (see MiniUPnPD): it answers every Binding request
/// with the sender's address and port as XOR-MAPPED-ADDRESS (RFC 5389).
/// It ignores CHANGE-REQUEST and answers from where it was asked, which to
/// miniupnpd's check means "no filtering NAT in front": true of the lab's
/// router, whose WAN address is the lab internet's.
struct STUNResponder {
    let state: StateDirectory

    var script: String { state.file("router") + "/stun-responder.py" }
    var log: String { state.log("stun-router") }

    func start() throws -> pid_t {
        try Files.write(Self.source, to: script, mode: 0o644)
        return try Namespace(Topology.routerNamespace).spawnDaemon([
            try Subprocess.executable("python3").path, script, Topology.routerWANAddress, String(MiniUPnPD.stunPort),
        ], log: log)
    }

    /// On its socket, not on its "listening" line: the log keeps the lines
    /// of earlier runs.
    func awaitReady(pid: pid_t) throws {
        try Await.condition("the router's STUN responder to listen on udp/\(MiniUPnPD.stunPort)", log: log) {
            guard Processes.isRunning(pid) else { throw LabError.daemonExited(name: "the router's STUN responder", log: Await.tail(log)) }
            return ListeningSockets.ports(.udp, of: pid).contains(MiniUPnPD.stunPort)
        }
    }

    /// Stops it and reaps it (it is our child).
    func stop(pid: pid_t) {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }

    /// Binding success response: type 0x0101, the request's cookie and
    /// transaction id, one XOR-MAPPED-ADDRESS (family 1, port and address
    /// XORed with the cookie).
    static let source = """
        import socket, sys

        address, port = sys.argv[1], int(sys.argv[2])
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((address, port))
        print("listening", port, flush=True)
        while True:
            request, (host, source_port) = sock.recvfrom(2048)
            if len(request) < 20 or request[:2] != b"\\x00\\x01":
                continue
            cookie = request[4:8]
            xport = (source_port ^ int.from_bytes(cookie[:2], "big")).to_bytes(2, "big")
            xaddress = bytes(a ^ b for a, b in zip(socket.inet_aton(host), cookie))
            attribute = b"\\x00\\x20\\x00\\x08\\x00\\x01" + xport + xaddress
            sock.sendto(b"\\x01\\x01" + len(attribute).to_bytes(2, "big") + request[4:20] + attribute, (host, source_port))

        """
}
