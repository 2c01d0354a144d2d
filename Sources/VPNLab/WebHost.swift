import Foundation

/// The lab's web host on its internet: answers ping (its addresses, IPv4
/// and IPv6, are on inet's loopback) and HTTP, echoing the caller's address.
struct WebHost {
    let state: StateDirectory

    var log: String { state.log("webhost") }

    func start() throws -> pid_t {
        try Namespace(Topology.inetNamespace).spawnDaemon([
            try Subprocess.executable("python3").path, try Resources.labScript("webhost.py"),
            "--bind", Topology.webHostAddress, "--bind", Topology.webHostAddress6, "--port", String(Topology.webHostPort),
        ], log: log)
    }

    func awaitReady(pid: pid_t) throws {
        try ListeningLine.await(name: "the web host", pid: pid, log: log, port: Topology.webHostPort)
    }
}

/// Both Python services print "listening PORT" once they accept connections.
enum ListeningLine {
    static func await(name: String, pid: pid_t, log: String, port: Int) throws {
        try Await.condition("\(name) to print \"listening \(port)\"", log: log) {
            if Files.read(log)?.split(separator: "\n").contains(where: { $0 == "listening \(port)" }) == true { return true }
            guard Processes.isRunning(pid) else { throw LabError.daemonExited(name: name, log: Await.tail(log)) }
            return false
        }
    }
}
