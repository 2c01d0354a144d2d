import Foundation

/// A server's IKE responder for L2TP/IPsec: strongSwan's charon, IKEv1 and
/// IKEv2 with the server's PSK, ESP in transport mode for L2TP (udp/1701),
/// NAT-T allowed. Its own strongswan.conf (STRONGSWAN_CONF), its own vici
/// socket, and a private /run: charon writes /run/charon.pid, a fixed path
/// every server's charon would share.
///
/// On a kernel without ESP, charon still answers IKE on 500 and 4500;
/// only installing the SAs fails.
struct IPsecResponder {
    let server: Topology.Server
    let state: StateDirectory

    var name: String { "charon \(server.id)" }
    var folder: String { state.server(server.id) }
    var strongSwanConfiguration: String { folder + "/strongswan.conf" }
    var swanctlConfiguration: String { folder + "/swanctl/swanctl.conf" }
    var viciSocket: String { folder + "/charon.vici" }
    var viciURI: String { "unix://" + viciSocket }
    var log: String { state.log("charon-\(server.id)") }

    func writeConfiguration(psk: String) throws {
        guard viciSocket.utf8.count <= UnixSocket.maximumPathLength else {
            throw LabError.io(path: viciSocket, detail: "longer than a unix socket path may be (\(UnixSocket.maximumPathLength) bytes); use a shorter VPNLAB_STATE_DIR")
        }
        try Files.makeDirectory(folder + "/swanctl")
        try Files.write("""
            # Written by `vpnlab up`: charon for \(server.id), nothing from /etc/strongswan*.
            charon {
                load = random nonce aes sha1 sha2 md5 hmac kdf gmp pem pkcs1 x509 pubkey kernel-netlink socket-default vici
                # vici, the sockets and the scheduler each keep a thread busy.
                threads = 8
                install_routes = no
                install_virtual_ip = no
                plugins {
                    vici {
                        socket = \(viciURI)
                    }
                }
                filelog {
                    stderr {
                        default = 1
                    }
                }
            }
            swanctl {
                load = pem pkcs1 x509 pubkey
            }

            """, to: strongSwanConfiguration, mode: 0o644)
        try Files.write("""
            # Written by `vpnlab up`: L2TP/IPsec for \(server.id).
            connections {
                l2tp {
                    # IKEv1 and IKEv2: L2TP clients mostly speak IKEv1.
                    version = 0
                    proposals = default, aes256-sha256-modp2048, aes256-sha1-modp1024, aes128-sha1-modp1024
                    local {
                        auth = psk
                    }
                    remote {
                        auth = psk
                    }
                    children {
                        l2tp {
                            mode = transport
                            local_ts = dynamic[udp/\(Topology.l2tpPort)]
                            remote_ts = dynamic[udp]
                            esp_proposals = default, aes256-sha1, aes128-sha1
                        }
                    }
                }
            }
            secrets {
                ike-l2tp {
                    secret = \(psk)
                }
            }

            """, to: swanctlConfiguration, mode: 0o600)
    }

    func start() throws -> pid_t {
        // A socket file left by a killed charon would look like a ready one.
        if !UnixSocket.accepts(viciSocket) { unlink(viciSocket) }
        return try Namespace(server.namespace).spawnDaemon(
            try PrivateMounts.prefix(keeping: state) + [try Subprocess.executable("/usr/lib/ipsec/charon").path],
            log: log, environment: ["STRONGSWAN_CONF": strongSwanConfiguration])
    }

    func isReady(pid: pid_t) -> Bool {
        let bound = ListeningSockets.ports(.udp, of: pid)
        return Topology.ikePorts.allSatisfy(bound.contains) && UnixSocket.accepts(viciSocket)
    }

    /// The connection and the PSK, through the vici socket. Started, not
    /// awaited: the loads of all servers run at once.
    func startLoading() throws -> BackgroundJob {
        try BackgroundJob.start([
            try Subprocess.executable("env").path, "STRONGSWAN_CONF=\(strongSwanConfiguration)",
            try Subprocess.executable("swanctl").path, "--load-all", "--file", swanctlConfiguration, "--uri", viciURI,
        ], log: state.log("swanctl-\(server.id)"))
    }
}
