import Foundation

/// Every server's OpenVPN (UDP and TCP), xl2tpd, charon, probe responder and
/// tunnel resolver: files written,
/// all started at once, then awaited together on their listening sockets,
/// so the daemons of four servers come up in the time of the slowest one.
struct ServerDaemons {
    let state: StateDirectory

    /// A daemon that was started, with how to tell it is ready.
    struct Started {
        let name: String
        let namespace: String
        let pid: pid_t
        let log: String
        let isReady: (pid_t) -> Bool

        var record: LabRecord.Process { .init(name: name, namespace: namespace, pid: pid) }
    }

    /// How many daemons each server runs besides wireguard-go.
    static let perServer = 6

    /// Writes every server's files and returns the PSKs by server id.
    func writeFiles(pki: OpenVPNPKI) throws -> [String: String] {
        var psks: [String: String] = [:]
        for server in Topology.servers {
            let access = ServerAccess(server: server, state: state)
            psks[server.id] = try access.write()
            for transport in OpenVPNServer.Transport.allCases {
                try OpenVPNServer(server: server, transport: transport, state: state).writeConfiguration(pki: pki, access: access)
            }
            try L2TPServer(server: server, state: state).writeConfiguration()
            try IPsecResponder(server: server, state: state).writeConfiguration(psk: psks[server.id]!)
        }
        return psks
    }

    func start() throws -> [Started] {
        var started: [Started] = []
        for server in Topology.servers {
            for transport in OpenVPNServer.Transport.allCases {
                let openVPN = OpenVPNServer(server: server, transport: transport, state: state)
                started.append(.init(name: openVPN.name, namespace: server.namespace, pid: try openVPN.start(), log: openVPN.log,
                                     isReady: openVPN.isReady))
            }
            let l2tp = L2TPServer(server: server, state: state)
            started.append(.init(name: l2tp.name, namespace: server.namespace, pid: try l2tp.start(), log: l2tp.log, isReady: l2tp.isReady))
            let ipsec = IPsecResponder(server: server, state: state)
            started.append(.init(name: ipsec.name, namespace: server.namespace, pid: try ipsec.start(), log: ipsec.log, isReady: ipsec.isReady))
            let responder = ProbeResponder(server: server, state: state)
            started.append(.init(name: responder.name, namespace: server.namespace, pid: try responder.start(), log: responder.log,
                                 isReady: responder.isReady))
            let resolver = TunnelResolver(server: server, state: state)
            started.append(.init(name: resolver.name, namespace: server.namespace, pid: try resolver.start(), log: resolver.log,
                                 isReady: resolver.isReady))
        }
        return started
    }

    /// Waits until each daemon listens; one that exits fails `up` with its log.
    func awaitReady(_ started: [Started]) throws {
        var waiting = started
        do {
            try Await.condition("the servers' daemons to listen") {
                for daemon in waiting where !Processes.isRunning(daemon.pid) {
                    throw LabError.daemonExited(name: daemon.name, log: Await.tail(daemon.log))
                }
                waiting.removeAll { $0.isReady($0.pid) }
                return waiting.isEmpty
            }
        } catch LabError.timedOut(_, let after, _) {
            let first = waiting.first
            throw LabError.timedOut(waitingFor: "\(waiting.map(\.name).joined(separator: ", ")) to listen", after: after,
                                    log: first.map { Await.tail($0.log) } ?? "")
        }
    }

    /// Loads every charon's connection and PSK, all at once.
    func loadIPsec() throws {
        let jobs = try Topology.servers.map { try IPsecResponder(server: $0, state: state).startLoading() }
        for job in jobs { try job.wait() }
    }
}
