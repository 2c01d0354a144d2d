import Addressing

/// xl2tpd.conf for one LAC, `vpnctl`, dialled on demand through the control
/// pipe (`c vpnctl`), never by itself. Only validated values reach it: an
/// IPv4 address, the server's id and host name (in a comment), and a path
/// inside the private directory.
struct XL2TPDConfig: Sendable {
    static let lacName = "vpnctl"
    /// L2TP's own port, which the IPsec policy protects.
    static let port = 1701

    let server: IPAddress
    let serverID: String
    let hostname: String
    let pppOptionsFile: String

    init(request: L2TPRequest, pppOptionsFile: String) {
        server = request.server
        serverID = request.serverID
        hostname = request.hostname
        self.pppOptionsFile = pppOptionsFile
    }

    var text: String {
        """
        ; Written by vpnctl for \(serverID) (\(hostname)); removed on disconnect.
        [global]
        ; L2TP's own port, which the IPsec policy protects.
        port = \(Self.port)
        access control = no

        [lac \(Self.lacName)]
        lns = \(server)
        pppoptfile = \(pppOptionsFile)
        autodial = no
        redial = no
        length bit = yes

        """
    }
}
