import Foundation

/// `vpnlab down`: removes every trace of any lab, whatever state it is in.
/// It does not trust the record alone: after a crash of `up` (or of a test)
/// the record may be missing, half written, or belong to another state dir.
enum Cleanup {
    static func run(_ state: StateDirectory) throws {
        let namespaces = Namespace.allOfTheLab()
        // A script of an `up` that was killed (the PKI's) may still fork
        // while it is being stopped: sweep again until nothing is left.
        for _ in 0..<5 {
            var pids = Set(namespaces.flatMap { $0.pids() })
            // Recorded daemons, and any lab daemon that ended up in a namespace
            // without a name (started by an `up` killed while `down` ran).
            pids.formUnion(Processes.all().filter { isLabDaemon(Processes.arguments(of: $0)) || Processes.isMarked($0) })
            pids.remove(getpid())
            guard !pids.isEmpty else { break }
            stop(Array(pids))
        }

        if !namespaces.isEmpty {
            try Subprocess.run(["ip", "-batch", "-"], input: namespaces.map { "netns delete \($0.name)\n" }.joined())
        }
        for server in Topology.servers where FileManager.default.fileExists(atPath: server.uapiSocket) {
            // wireguard-go removes its socket on SIGTERM, not on SIGKILL.
            unlink(server.uapiSocket)
        }
        // The daemons' private /run and /etc/ppp mounts lived in mount
        // namespaces of their own and went with them; their files are in
        // the state directory.
        // Only the file the lab made, then its directory if that left it empty.
        unlink(Topology.clientNetnsDirectory + "/resolv.conf")
        rmdir(Topology.clientNetnsDirectory)
        rmdir("/etc/netns")
        // miniupnpd's table went with the router namespace; its files are
        // in the state directory.
        MiniUPnPD(state: state).removeFiles()
        state.removeContents()
        LabLock.release(for: state)
    }

    /// SIGTERM, then SIGKILL for whatever has not exited within 3 seconds.
    private static func stop(_ pids: [pid_t]) {
        guard !pids.isEmpty else { return }
        for pid in pids { kill(pid, SIGTERM) }
        let stopped = (try? Await.condition("the lab's processes to exit", timeout: .seconds(3)) {
            pids.allSatisfy { !Processes.isRunning($0) }
        }) != nil
        guard !stopped else { return }
        for pid in pids where Processes.isRunning(pid) { kill(pid, SIGKILL) }
        _ = try? Await.condition("the lab's processes to die", timeout: .seconds(5)) {
            pids.allSatisfy { !Processes.isRunning($0) }
        }
    }

    /// The daemons `vpnlab up` starts, recognised by their exact command
    /// lines: wireguard-go for one of the lab's interfaces, or one of the
    /// lab's Python services.
    static func isLabDaemon(_ arguments: [String]) -> Bool {
        guard let program = arguments.first else { return false }
        let interfaces = Set(Topology.servers.map(\.wireGuardInterface))
        if program.hasSuffix("wireguard-go") {
            return arguments.contains { interfaces.contains($0) }
        }
        // An `ip netns exec` that has not exec'd its command yet.
        if program == "ip" || program.hasSuffix("/ip"), arguments.count > 3, arguments[1] == "netns", arguments[2] == "exec" {
            return arguments[3].hasPrefix(Topology.prefix)
        }
        if program.hasSuffix("python3") || program.hasSuffix("python3.11"), arguments.count > 1 {
            return ["provider.py", "webhost.py", "leakcheck.py", "resolver.py"].contains { arguments[1].hasSuffix("/Lab/\($0)") }
        }
        return false
    }
}
