import Foundation

/// A server's L2TP network server: xl2tpd on UDP 1701 handing each session
/// to pppd, which checks MS-CHAPv2 against the lab's chap-secrets. pppd only
/// reads /etc/ppp/chap-secrets, so xl2tpd runs with the server's own folder
/// mounted over /etc/ppp, and with a private /run for pppd's pid files.
///
/// MS-CHAPv2 proves the password without sending it, so pppd must know the
/// password of each user name: the devices' L2TP logins, which the lab's
/// provider writes into the server's chap-secrets (`ServerAccess`).
struct L2TPServer {
    let server: Topology.Server
    let state: StateDirectory

    var name: String { "xl2tpd \(server.id)" }
    var folder: String { state.server(server.id) }
    var configurationFile: String { folder + "/xl2tpd.conf" }
    /// xl2tpd's own tunnel secrets (unused; empty rather than the machine's).
    var tunnelSecretsFile: String { folder + "/l2tp-secrets" }
    var pidFile: String { folder + "/xl2tpd.pid" }
    var controlFile: String { folder + "/xl2tpd.control" }
    /// Mounted over /etc/ppp for xl2tpd and its pppd.
    var pppFolder: String { folder + "/ppp" }
    var pppOptionsFile: String { pppFolder + "/options.xl2tpd" }
    var log: String { state.log("xl2tpd-\(server.id)") }

    func writeConfiguration() throws {
        try Files.makeDirectory(pppFolder)
        try Files.write("""
            ; Written by `vpnlab up`: \(server.id)'s L2TP network server.
            [global]
            listen-addr = \(server.address)
            port = \(Topology.l2tpPort)
            access control = no

            [lns default]
            ip range = \(Topology.l2tpClientRange)
            local ip = \(Topology.l2tpServerAddress)
            require chap = yes
            refuse pap = yes
            require authentication = yes
            name = \(server.id)
            pppoptfile = \(pppOptionsFile)
            length bit = yes

            """, to: configurationFile, mode: 0o600)
        try Files.write("", to: tunnelSecretsFile, mode: 0o600)
        // pppd reads /etc/ppp/options first; the lab's is empty on purpose.
        try Files.write("", to: pppFolder + "/options", mode: 0o644)
        try Files.write("""
            # Written by `vpnlab up`: pppd for \(server.id)'s L2TP sessions.
            name \(server.id)
            auth
            require-mschap-v2
            refuse-pap
            refuse-chap
            refuse-mschap
            refuse-eap
            mtu 1400
            mru 1400
            nodefaultroute
            noccp
            lcp-echo-interval 30
            lcp-echo-failure 4

            """, to: pppOptionsFile, mode: 0o644)
    }

    func start() throws -> pid_t {
        try Namespace(server.namespace).spawnDaemon(
            try PrivateMounts.prefix(keeping: state, etcPPP: pppFolder) + [
                try Subprocess.executable("xl2tpd").path, "-D", "-c", configurationFile, "-s", tunnelSecretsFile,
                "-p", pidFile, "-C", controlFile,
            ], log: log)
    }

    func isReady(pid: pid_t) -> Bool {
        ListeningSockets.ports(.udp, of: pid).contains(Topology.l2tpPort)
    }
}
