import TunnelSupport

/// strongswan.conf for the plugin's own charon (found through
/// `STRONGSWAN_CONF`): only the plugins it needs, no routes or virtual IPs of
/// its own (the plugin routes), its vici socket and log inside the private
/// directory. Paths are as charon sees them: in its mount namespace the
/// private directory is mounted over /var/run (see `Charon`).
///
/// Its IKE sockets mark what they send (IKE on UDP 500 and 4500, NAT-T
/// keepalives) with the tunnel's mark, so the kill switch, which lets only
/// marked packets reach the server while it blocks, lets them pass. The
/// ESP packets get the same mark from the CHILD_SA (`SwanctlConfig`).
struct StrongSwanConfig: Sendable {
    static let viciSocketName = "charon.vici"
    static let logName = "charon.log"
    /// Where charon finds the private directory in its own mount namespace.
    static let directoryInCharon = "/var/run"
    /// The mark of every packet of the tunnel's own, 0xca6c: the same as
    /// WireGuard's fwmark and OpenVPN's `mark`.
    static let transportMark = "0x" + String(FullTunnelRouting.table, radix: 16)

    var text: String {
        """
        # Written by vpnctl; removed on disconnect.
        charon {
            load_modular = no
            load = random nonce aes sha1 sha2 md5 hmac kdf gmp pem pkcs1 x509 pubkey kernel-netlink socket-default vici
            install_routes = no
            install_virtual_ip = no
            # Nor the policy rule for a routing table of its own (220), which
            # a charon killed with its plugin could not remove.
            routing_table = 0
            retransmit_tries = 3
            plugins {
                vici {
                    socket = unix://\(Self.directoryInCharon)/\(Self.viciSocketName)
                }
                socket-default {
                    fwmark = \(Self.transportMark)
                }
            }
            filelog {
                plugin-log {
                    path = \(Self.directoryInCharon)/\(Self.logName)
                    default = 1
                    ike = 1
                    time_format = %b %e %T
                }
            }
            syslog {
                daemon {
                    default = -1
                }
            }
        }

        """
    }
}
