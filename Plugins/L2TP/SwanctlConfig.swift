import Addressing

/// swanctl.conf for IPsec in transport mode between this host's L2TP port
/// and the server's, authenticated with the list's PSK. charon negotiates
/// NAT-T (UDP 4500 encapsulation) by itself when it detects a NAT. The PSK is
/// written hex-encoded (`0x…`), so no character of it is read as syntax and
/// a PSK that happens to start with `0x` or `0s` keeps its meaning.
///
/// `set_mark_out` marks the ESP (or, behind a NAT, ESP-in-UDP) packets the
/// kernel makes of the L2TP traffic with the tunnel's mark once the SA has
/// transformed them (Linux 4.14 and later), so the kill switch lets them
/// reach the server, as it does charon's marked IKE packets. The plaintext
/// L2TP packets (UDP 1701) carry no mark: they never leave as they are;
/// the firewall lets them by because they leave under an IPsec policy
/// (`rt ipsec exists`), and meets them again as marked ESP.
struct SwanctlConfig: Sendable {
    static let fileName = "swanctl.conf"
    static let connectionName = "vpnctl"
    static let childName = "l2tp"

    let server: IPAddress
    let serverID: String
    let presharedKey: String

    init(server: IPAddress, serverID: String, presharedKey: String) {
        self.server = server
        self.serverID = serverID
        self.presharedKey = presharedKey
    }

    var hexKey: String {
        "0x" + presharedKey.utf8.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 0x10 ? "0" + digits : digits
        }.joined()
    }

    var text: String {
        """
        # Written by vpnctl for \(serverID); removed on disconnect.
        connections {
            \(Self.connectionName) {
                # IKEv2 first; any version the server speaks.
                version = 0
                remote_addrs = \(server)
                encap = no
                local {
                    auth = psk
                }
                remote {
                    auth = psk
                }
                children {
                    \(Self.childName) {
                        mode = transport
                        local_ts = dynamic[udp/1701]
                        remote_ts = dynamic[udp/1701]
                        start_action = none
                        dpd_action = clear
                        set_mark_out = \(StrongSwanConfig.transportMark)
                    }
                }
                dpd_delay = 15s
            }
        }
        secrets {
            ike-\(Self.connectionName) {
                secret = \(hexKey)
            }
        }

        """
    }
}
